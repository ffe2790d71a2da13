using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Geocoding.Tests.Gazetteer;

public class DivisionGazetteerTests
{
    private static readonly DivisionGazetteer Gazetteer = DivisionGazetteer.Embedded;

    [Fact]
    public void TheEmbeddedGazetteerHoldsEveryLevelOfGbT2260()
    {
        Assert.Equal(34, Gazetteer.Provinces.Count);
        Assert.Equal("东城区", Gazetteer.Find("110101")?.Name);
        Assert.Equal("天河区", Gazetteer.Find("440106")?.Name);
        Assert.Equal("440100", Gazetteer.Find("440106")?.ParentCode);
        Assert.Equal(DivisionLevel.Prefecture, Gazetteer.Find("422800")?.Level);
        Assert.InRange(Gazetteer.Count, 3000, 3500);
    }

    [Fact]
    public void AlmostEveryMainlandCountyHasACentreInsideChina()
    {
        var mainland = Gazetteer.Provinces.Where(p => p.Code is not ("710000" or "810000" or "820000"));
        var counties = mainland.SelectMany(p => Gazetteer.CountiesUnder(p)).ToList();
        var withCentre = counties.Where(c => c.Centre is not null).ToList();

        Assert.True(withCentre.Count >= counties.Count * 0.98, $"{withCentre.Count} of {counties.Count} counties have a centre");
        Assert.All(withCentre, c => Assert.True(ChinaExtent.Contains(c.Centre!.Value), $"{c.Name} {c.Centre} is outside China"));
    }

    [Theory]
    // County seats (WGS-84, from OpenStreetMap) against the gazetteer's converted centre: within a few kilometres,
    // and much closer than the 100–700 m GCJ-02 offset would allow if the conversion had been forgotten … or applied twice.
    [InlineData("110101", 39.9288, 116.4160, 3_000)]  // 东城区
    [InlineData("440106", 23.1247, 113.3612, 4_000)]  // 天河区
    [InlineData("420102", 30.5939, 114.3053, 4_000)]  // 江岸区
    public void CountyCentresLieNearTheCountySeat(string code, double lat, double lon, double withinMetres)
    {
        var centre = Gazetteer.Find(code)!.Centre!.Value;

        Assert.Equal(CoordinateSystem.Wgs84, centre.Crs);
        Assert.InRange(Geodesic.DistanceMeters(centre, new GeoPoint(lat, lon)), 0, withinMetres);
    }

    [Fact]
    public void MatchFindsOfficialShortAndHistoricalForms()
    {
        var provinces = Gazetteer.Provinces;

        Assert.Equal("650000", Assert.Single(Gazetteer.Match(provinces, "新疆自治区")).Code);
        Assert.Equal("650000", Assert.Single(Gazetteer.Match(provinces, "新疆")).Code);
        Assert.Equal("450000", Assert.Single(Gazetteer.Match(provinces, "广西壮族自治区")).Code);
        var hubei = Gazetteer.ChildrenOf("420000");
        Assert.Equal("422800", Assert.Single(Gazetteer.Match(hubei, "恩施州")).Code);
        Assert.Equal("420600", Assert.Single(Gazetteer.Match(hubei, "襄樊市")).Code);
        // 梁平县 became 梁平区 in 2016; lists still use the old name.
        Assert.Equal("500155", Assert.Single(Gazetteer.Match(Gazetteer.CountiesUnder(Gazetteer.Find("500100")!), "梁平县")).Code);
        // Autonomous counties by their plain county form, as lists and addresses write them.
        Assert.Equal("652826", Assert.Single(Gazetteer.Match(Gazetteer.CountiesUnder(Gazetteer.Find("652800")!), "焉耆县")).Code);
    }

    [Fact]
    public void MatchReturnsNothingForUnknownOrBlankText()
    {
        Assert.Empty(Gazetteer.Match(Gazetteer.Provinces, "火星省"));
        Assert.Empty(Gazetteer.Match(Gazetteer.Provinces, "  "));
    }
}
