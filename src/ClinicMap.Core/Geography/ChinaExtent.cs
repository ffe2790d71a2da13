namespace ClinicMap.Core.Geography;

/// <summary>Extents of China used to decide whether a coordinate can be right and whether GCJ-02 applies.</summary>
/// <remarks>
/// <see cref="AppliesGcj02"/> follows mainland China's outline (<see cref="MainlandMask"/>), not the bounding box
/// many published encoders use: Hong Kong, Macau, Taiwan and the neighbouring countries keep WGS-84, as the
/// Chinese providers' own maps do there. <see cref="Contains"/> is a bounding box, O(1), for plausibility checks.
/// </remarks>
public static class ChinaExtent
{
    /// <summary>True where GCJ-02 applies its offset: in mainland China, to within about 0.8 km of its outline. O(1).</summary>
    public static bool AppliesGcj02(double latitude, double longitude) => MainlandMask.Contains(latitude, longitude);

    /// <summary>True when a WGS-84 point can lie in China, including the South China Sea islands.</summary>
    public static bool Contains(GeoPoint wgs) =>
        wgs.Crs == CoordinateSystem.Wgs84
        && wgs.Longitude is >= 73.4 and <= 135.1 && wgs.Latitude is >= 3.8 and <= 53.6;
}
