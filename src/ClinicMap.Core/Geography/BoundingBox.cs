using System.Globalization;

namespace ClinicMap.Core.Geography;

/// <summary>
/// A longitude/latitude box in degrees that carries its <see cref="CoordinateSystem"/>, edges included. Boxes do
/// not cross the antimeridian (nothing ClinicMap serves lies near it), so <c>MinLon ≤ MaxLon</c> always.
/// </summary>
public readonly record struct BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat, CoordinateSystem Crs = CoordinateSystem.Wgs84)
{
    /// <summary>True when <paramref name="point"/> (converted to this box's system first) lies inside or on an edge.</summary>
    public bool Contains(GeoPoint point)
    {
        var p = point.Crs == Crs ? point : point.To(Crs);
        return p.Longitude >= MinLon && p.Longitude <= MaxLon && p.Latitude >= MinLat && p.Latitude <= MaxLat;
    }

    /// <summary>
    /// The box in <paramref name="target"/>, as the box around its four converted corners. Between WGS-84 and
    /// GCJ-02/BD-09 the offset varies by a few metres per kilometre, so the converted box is right to within that.
    /// </summary>
    public BoundingBox To(CoordinateSystem target)
    {
        if (target == Crs)
            return this;
        GeoPoint[] corners = [new(MinLat, MinLon, Crs), new(MinLat, MaxLon, Crs), new(MaxLat, MinLon, Crs), new(MaxLat, MaxLon, Crs)];
        var converted = corners.Select(c => c.To(target)).ToList();
        return new BoundingBox(converted.Min(c => c.Longitude), converted.Min(c => c.Latitude),
            converted.Max(c => c.Longitude), converted.Max(c => c.Latitude), target);
    }

    /// <summary>
    /// Reads <c>minLon,minLat,maxLon,maxLat</c> (the order of RFC 7946 and OGC API bbox parameters). Returns null
    /// with the reason in <paramref name="error"/> for anything else: wrong count, non-numbers, out of range, min &gt; max.
    /// </summary>
    public static BoundingBox? Parse(string text, CoordinateSystem crs, out string? error)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).All(ok => ok))
        {
            error = $"'{text}' is not minLon,minLat,maxLon,maxLat as four numbers";
            return null;
        }
        var (minLon, minLat, maxLon, maxLat) = (values[0], values[1], values[2], values[3]);
        if (minLon is < -180 or > 180 || maxLon is < -180 or > 180 || minLat is < -90 or > 90 || maxLat is < -90 or > 90)
            error = "longitudes must lie in -180..180 and latitudes in -90..90";
        else if (minLon > maxLon || minLat > maxLat)
            error = "the minimum must not exceed the maximum (minLon,minLat,maxLon,maxLat)";
        else
            error = null;
        return error is null ? new BoundingBox(minLon, minLat, maxLon, maxLat, crs) : null;
    }
}
