using System.Text.Json;
using ClinicMap.Core.Geography;

namespace ClinicMap.Import.Gazetteer;

/// <summary>Centroid of a GeoJSON (Multi)Polygon's largest outer ring, for source features that carry no centre point.</summary>
internal static class PolygonCentroid
{
    /// <summary>
    /// The area-weighted centroid (shoelace formula on plain lon/lat, fine at county scale) of the outer ring with
    /// the largest area, in GCJ-02 as the source is; <c>null</c> for other geometry types or degenerate rings. O(vertices).
    /// </summary>
    public static GeoPoint? OfLargestRing(JsonElement geometry)
    {
        var type = geometry.GetProperty("type").GetString();
        var coordinates = geometry.GetProperty("coordinates");
        // Some echarts files hold rings in its compressed string encoding; those features get no centroid.
        if (!IsNestedArray(coordinates, type == "MultiPolygon" ? 4 : 3))
            return null;
        IEnumerable<JsonElement> outerRings = type switch
        {
            "Polygon" => [coordinates[0]],
            "MultiPolygon" => coordinates.EnumerateArray().Select(polygon => polygon[0]),
            _ => [],
        };
        (double Area, double Lat, double Lon)? best = null;
        foreach (var ring in outerRings)
        {
            var points = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
            double twiceArea = 0, cx = 0, cy = 0;
            for (var i = 0; i < points.Count - 1; i++)
            {
                var cross = points[i].X * points[i + 1].Y - points[i + 1].X * points[i].Y;
                twiceArea += cross;
                cx += (points[i].X + points[i + 1].X) * cross;
                cy += (points[i].Y + points[i + 1].Y) * cross;
            }
            if (Math.Abs(twiceArea) < 1e-12)
                continue;
            var area = Math.Abs(twiceArea / 2);
            if (best is null || area > best.Value.Area)
                best = (area, cy / (3 * twiceArea), cx / (3 * twiceArea));
        }
        return best is { } b ? new GeoPoint(b.Lat, b.Lon, CoordinateSystem.Gcj02) : null;
    }

    private static bool IsNestedArray(JsonElement element, int depth) =>
        depth == 0 ? element.ValueKind == JsonValueKind.Number
        : element.ValueKind == JsonValueKind.Array && element.EnumerateArray().All(e => IsNestedArray(e, depth - 1));
}
