using System.Globalization;
using ClinicMap.Core.Geography;

namespace ClinicMap.Core.Navigation;

/// <summary>Builds <see cref="NavigationLinks"/> from a WGS-84 location.</summary>
/// <remarks>
/// Tencent, AMap and Apple (in China) read GCJ-02; Baidu gets BD-09 with <c>coord_type=bd09ll</c> declared;
/// the <c>geo:</c> URI (RFC 5870) is WGS-84 by definition. Coordinates carry 6 decimals (~0.1 m); the
/// clinic's name is percent-encoded. The URL forms are each provider's documented web URI API, which opens the
/// native app when installed and a web map otherwise.
/// </remarks>
public static class NavigationLinkBuilder
{
    /// <summary>Identifies ClinicMap to the providers that ask for a source/referer parameter.</summary>
    public const string SourceName = "ClinicMap";

    public static NavigationLinks Build(string name, GeoPoint location)
    {
        var wgs = location.To(CoordinateSystem.Wgs84);
        var gcj = wgs.To(CoordinateSystem.Gcj02);
        var bd = wgs.To(CoordinateSystem.Bd09);
        var n = Uri.EscapeDataString(name);
        return new NavigationLinks(
            Tencent: $"https://apis.map.qq.com/uri/v1/marker?marker=coord:{F(gcj.Latitude)},{F(gcj.Longitude)};title:{n}&referer={SourceName}",
            Amap: $"https://uri.amap.com/marker?position={F(gcj.Longitude)},{F(gcj.Latitude)}&name={n}&coordinate=gaode&callnative=1&src={SourceName}",
            Baidu: $"https://api.map.baidu.com/marker?location={F(bd.Latitude)},{F(bd.Longitude)}&title={n}&content={n}&coord_type=bd09ll&output=html&src={SourceName}",
            Apple: $"https://maps.apple.com/?ll={F(gcj.Latitude)},{F(gcj.Longitude)}&q={n}",
            Geo: $"geo:{F(wgs.Latitude)},{F(wgs.Longitude)}?q={F(wgs.Latitude)},{F(wgs.Longitude)}({n})");
    }

    private static string F(double degrees) => degrees.ToString("0.000000", CultureInfo.InvariantCulture);
}
