namespace ClinicMap.Core.Geography;

/// <summary>
/// The datum a latitude/longitude pair is expressed in. ClinicMap stores and computes in
/// <see cref="Wgs84"/>; the other two exist only at the edges (provider answers, map clients, navigation links).
/// </summary>
public enum CoordinateSystem
{
    /// <summary>GPS, OpenStreetMap, PostGIS SRID 4326.</summary>
    Wgs84,

    /// <summary>The obfuscated datum required for published maps in mainland China (Tencent, AMap, Apple in China).</summary>
    Gcj02,

    /// <summary>Baidu's further offset of GCJ-02.</summary>
    Bd09,
}
