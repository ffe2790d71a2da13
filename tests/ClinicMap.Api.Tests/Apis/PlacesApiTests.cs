using System.Net;
using System.Text.Json;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Api.Tests.Apis;

/// <summary>The map's fallbacks when a phone shares no location: places from the gazetteer, explicit conversion, the map's configuration.</summary>
public class PlacesApiTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("广州", "440100")]
    [InlineData("广州市", "440100")]
    [InlineData("武汉", "420100")]
    [InlineData("江岸区", "420102")]
    public async Task APlaceIsFoundByItsNameWithTheGazetteersCentre(string q, string code)
    {
        using var body = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/places?q={Uri.EscapeDataString(q)}"));
        var first = body.RootElement[0];
        var division = DivisionGazetteer.Embedded.Find(code)!;

        Assert.Equal(code, first.GetProperty("code").GetString());
        Assert.Equal(division.Centre!.Value.Latitude, first.GetProperty("lat").GetDouble(), 1e-5);
        Assert.Equal(division.Centre!.Value.Longitude, first.GetProperty("lon").GetDouble(), 1e-5);
        Assert.Equal("wgs84", first.GetProperty("crs").GetString());
    }

    [Fact]
    public async Task AnAmbiguousNameListsEveryDivisionWithItsProvince()
    {
        using var body = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/places?q={Uri.EscapeDataString("朝阳区")}"));
        var provinces = body.RootElement.EnumerateArray().Select(p => p.GetProperty("province").GetString()).ToHashSet();
        Assert.Contains("北京市", provinces);
        Assert.Contains("吉林省", provinces);
    }

    [Fact]
    public async Task ThePrefectureListHoldsEveryPrefectureWithACentreAndCentresComeInTheAskedCrs()
    {
        using var body = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/places?level=prefecture&crs=gcj02"));
        var places = body.RootElement.EnumerateArray().ToList();
        var gazetteer = DivisionGazetteer.Embedded;
        var prefectures = gazetteer.Provinces.SelectMany(p => gazetteer.ChildrenOf(p.Code)).Count(d => d.Level == DivisionLevel.Prefecture && d.Centre is not null);

        Assert.True(places.Count >= prefectures, $"{places.Count} places for {prefectures} prefectures with a centre");
        var guangzhou = places.Single(p => p.GetProperty("code").GetString() == "440100");
        var expected = gazetteer.Find("440100")!.Centre!.Value.To(CoordinateSystem.Gcj02);
        Assert.Equal(expected.Latitude, guangzhou.GetProperty("lat").GetDouble(), 1e-5);
        Assert.Equal("gcj02", guangzhou.GetProperty("crs").GetString());
    }

    [Theory]
    [InlineData(39.9, 116.4, "wgs84", "gcj02")]
    [InlineData(23.1291, 113.2644, "wgs84", "bd09")]
    [InlineData(22.2819, 114.1589, "wgs84", "gcj02")] // Hong Kong: GCJ-02 equals WGS-84 there
    [InlineData(39.9014, 116.4124, "gcj02", "wgs84")]
    public async Task ConversionMatchesTheCoreTransforms(double lat, double lon, string from, string to)
    {
        Assert.True(CoordinateSystemNames.TryParse(from, out var source));
        Assert.True(CoordinateSystemNames.TryParse(to, out var target));
        var expected = new GeoPoint(lat, lon, source).To(target);
        using var body = JsonDocument.Parse(await _client.GetStringAsync(FormattableString.Invariant($"/api/v1/coordinates/convert?lat={lat}&lon={lon}&from={from}&to={to}")));

        Assert.Equal(expected.Latitude, body.RootElement.GetProperty("lat").GetDouble(), 1e-6);
        Assert.Equal(expected.Longitude, body.RootElement.GetProperty("lon").GetDouble(), 1e-6);
        Assert.Equal(to, body.RootElement.GetProperty("crs").GetString());
    }

    [Theory]
    [InlineData("/api/v1/places", "q")]
    [InlineData("/api/v1/places?level=county", "level")]
    [InlineData("/api/v1/places?q=x&crs=mars", "crs")]
    [InlineData("/api/v1/coordinates/convert?lat=1&lon=2&from=wgs84&to=utm", "to")]
    [InlineData("/api/v1/coordinates/convert?lat=100&lon=2&from=wgs84&to=gcj02", "lat")]
    public async Task BadPlaceOrConversionParametersAre400NamingTheField(string url, string field)
    {
        using var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    [Fact]
    public async Task WithNoBasemapConfiguredTheMapDrawsOurOutlines()
    {
        using var body = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/map-config"));
        Assert.Equal("", body.RootElement.GetProperty("tileUrl").GetString());
        Assert.Equal("wgs84", body.RootElement.GetProperty("tileCrs").GetString());
    }
}
