using System.Net;
using System.Text.Json;
using ClinicMap.Import.Geocoding;

namespace ClinicMap.Api.Tests.Apis;

public class DivisionsApiTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>, IAsyncLifetime
{
    public async Task InitializeAsync() => await GeocodingSetup.LoadBoundariesAsync(api.Database.DataSource);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ACountysOutlineIsAGeoJsonFeatureAroundItsPlaces()
    {
        using var response = await api.CreateClient().GetAsync("/api/v1/divisions/110101/boundary");
        using var feature = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Feature", feature.RootElement.GetProperty("type").GetString());
        Assert.Equal("东城区", feature.RootElement.GetProperty("properties").GetProperty("name").GetString());
        var points = feature.RootElement.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
            .SelectMany(polygon => polygon.EnumerateArray()).SelectMany(ring => ring.EnumerateArray())
            .Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList();
        // 东城区 spans the Forbidden City's east side to the second ring road: its box holds 天坛 (39.882, 116.406).
        Assert.InRange(39.882, points.Min(p => p.Lat), points.Max(p => p.Lat));
        Assert.InRange(116.406, points.Min(p => p.Lon), points.Max(p => p.Lon));
        Assert.True(points.Max(p => p.Lat) - points.Min(p => p.Lat) < 0.2, "a county outline, not a city's");
    }

    [Theory]
    [InlineData("abc", HttpStatusCode.BadRequest)]
    [InlineData("999999", HttpStatusCode.NotFound)]
    public async Task AnUnknownOrMalformedCodeIsAProblem(string code, HttpStatusCode status)
    {
        using var response = await api.CreateClient().GetAsync($"/api/v1/divisions/{code}/boundary");

        Assert.Equal(status, response.StatusCode);
    }
}
