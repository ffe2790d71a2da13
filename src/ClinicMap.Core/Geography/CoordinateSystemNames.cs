namespace ClinicMap.Core.Geography;

/// <summary>The wire names of <see cref="CoordinateSystem"/>: <c>wgs84</c>, <c>gcj02</c>, <c>bd09</c>.</summary>
public static class CoordinateSystemNames
{
    public static string ToWire(this CoordinateSystem crs) => crs switch
    {
        CoordinateSystem.Wgs84 => "wgs84",
        CoordinateSystem.Gcj02 => "gcj02",
        CoordinateSystem.Bd09 => "bd09",
        _ => throw new ArgumentOutOfRangeException(nameof(crs), crs, null),
    };

    /// <summary>Parses a wire name, case-insensitively; <c>null</c> or empty text is not accepted.</summary>
    public static bool TryParse(string? text, out CoordinateSystem crs)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "wgs84" or "wgs-84" or "epsg:4326": crs = CoordinateSystem.Wgs84; return true;
            case "gcj02" or "gcj-02": crs = CoordinateSystem.Gcj02; return true;
            case "bd09" or "bd-09" or "bd09ll": crs = CoordinateSystem.Bd09; return true;
            default: crs = CoordinateSystem.Wgs84; return false;
        }
    }
}
