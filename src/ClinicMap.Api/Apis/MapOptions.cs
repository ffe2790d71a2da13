namespace ClinicMap.Api.Apis;

/// <summary>
/// Section <c>Map</c>: the resident map's basemap. Empty <see cref="TileUrl"/> (the default, and these machines
/// reach no tile host) draws the county outlines from ClinicMap's own boundaries instead.
/// </summary>
public sealed class MapOptions
{
    public const string Section = "Map";

    /// <summary>An XYZ raster tile URL template ({z}/{x}/{y}, optional {s}); empty for none.</summary>
    public string TileUrl { get; set; } = "";

    /// <summary>The tiles' coordinate system: wgs84 (OpenStreetMap) or gcj02 (Tencent, AMap); points are fetched in it.</summary>
    public string TileCrs { get; set; } = "wgs84";

    /// <summary>The attribution the tile provider requires, shown on the map.</summary>
    public string Attribution { get; set; } = "";
}
