using System.Globalization;
using System.Text.RegularExpressions;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Navigation;

namespace ClinicMap.Core.Tests.Navigation;

public partial class NavigationLinkBuilderTests
{
    private static readonly GeoPoint Xiehe = new(39.9139, 116.4166); // 北京协和医院, WGS-84

    [Fact]
    public void EachLinkCarriesTheCoordinatesOfItsAppsSystem()
    {
        var links = NavigationLinkBuilder.Build("北京协和医院", Xiehe);
        var gcj = Xiehe.To(CoordinateSystem.Gcj02);
        var bd = Xiehe.To(CoordinateSystem.Bd09);

        AssertNear(gcj, LatLon(links.Tencent, @"coord:([\d.]+),([\d.]+)"));
        AssertNear(gcj, LonLat(links.Amap, @"position=([\d.]+),([\d.]+)"));
        AssertNear(bd, LatLon(links.Baidu, @"location=([\d.]+),([\d.]+)"));
        AssertNear(gcj, LatLon(links.Apple, @"ll=([\d.]+),([\d.]+)"));
        AssertNear(Xiehe, LatLon(links.Geo, @"^geo:([\d.]+),([\d.]+)"));
        Assert.Contains("coord_type=bd09ll", links.Baidu, StringComparison.Ordinal);
        Assert.Contains("coordinate=gaode", links.Amap, StringComparison.Ordinal);
    }

    [Fact]
    public void TheNameIsPercentEncoded()
    {
        var links = NavigationLinkBuilder.Build("A&B 医院", Xiehe);

        Assert.Contains(Uri.EscapeDataString("A&B 医院"), links.Amap, StringComparison.Ordinal);
        Assert.DoesNotContain("A&B", links.Amap, StringComparison.Ordinal);
        Assert.DoesNotContain(' ', links.Tencent);
    }

    private static void AssertNear(GeoPoint expected, (double Lat, double Lon) actual)
    {
        Assert.Equal(expected.Latitude, actual.Lat, 6);
        Assert.Equal(expected.Longitude, actual.Lon, 6);
    }

    private static (double, double) LatLon(string url, string pattern)
    {
        var m = Regex.Match(url, pattern);
        Assert.True(m.Success, $"{pattern} not in {url}");
        return (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static (double, double) LonLat(string url, string pattern)
    {
        var (lon, lat) = LatLon(url, pattern);
        return (lat, lon);
    }
}
