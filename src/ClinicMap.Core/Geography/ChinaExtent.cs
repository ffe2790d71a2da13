namespace ClinicMap.Core.Geography;

/// <summary>Coarse extents of China used to decide whether a coordinate can be right and whether GCJ-02 applies.</summary>
/// <remarks>
/// First cut: bounding boxes, O(1). <see cref="AppliesGcj02"/> uses the box that published GCJ-02 implementations
/// use, so conversions agree with Tencent/AMap clients; it over-covers Hong Kong, Macau, Taiwan and border strips
/// of neighbouring countries, where GCJ-02 is not applied. A boundary polygon replaces it when district
/// boundaries land (issue 5).
/// </remarks>
public static class ChinaExtent
{
    /// <summary>True where a GCJ-02 encoder applies its offset.</summary>
    public static bool AppliesGcj02(double latitude, double longitude) =>
        longitude is > 72.004 and < 137.8347 && latitude is > 0.8293 and < 55.8271;

    /// <summary>True when a WGS-84 point can lie in China, including the South China Sea islands.</summary>
    public static bool Contains(GeoPoint wgs) =>
        wgs.Crs == CoordinateSystem.Wgs84
        && wgs.Longitude is >= 73.4 and <= 135.1 && wgs.Latitude is >= 3.8 and <= 53.6;
}
