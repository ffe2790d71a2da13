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

    [Fact]
    public async Task TheProvinceOutlinesAreOneSmallCollectionWhoseShapesHoldTheirCapitals()
    {
        using var response = await api.CreateClient().GetAsync("/api/v1/divisions/provinces.geojson");
        var text = await response.Content.ReadAsStringAsync();
        using var collection = JsonDocument.Parse(text);

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(text.Length < 300_000, $"{text.Length} bytes is too much for a phone's first screen");
        var features = collection.RootElement.GetProperty("features").EnumerateArray().ToList();
        // The 31 mainland provinces; Taiwan, Hong Kong and Macau have no county boundaries in the source.
        Assert.Equal(31, features.Count);
        foreach (var (code, lat, lon) in new[] { ("440000", 23.13, 113.26), ("110000", 39.90, 116.40), ("650000", 43.83, 87.62), ("460000", 20.04, 110.32) })
        {
            var feature = features.Single(f => f.GetProperty("properties").GetProperty("code").GetString() == code);
            Assert.False(string.IsNullOrEmpty(feature.GetProperty("properties").GetProperty("name").GetString()));
            var rings = feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(polygon => polygon[0]).ToList();
            Assert.True(rings.Any(ring => Inside(ring, lon, lat)), $"{code}'s outline does not hold {lat},{lon}");
        }
    }

    /// <summary>Ray casting: whether (x, y) lies inside the ring of [lon, lat] pairs.</summary>
    private static bool Inside(JsonElement ring, double x, double y)
    {
        var points = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
        var inside = false;
        for (int i = 0, j = points.Count - 1; i < points.Count; j = i++)
        {
            if ((points[i].Y > y) != (points[j].Y > y) && x < (points[j].X - points[i].X) * (y - points[i].Y) / (points[j].Y - points[i].Y) + points[i].X)
                inside = !inside;
        }
        return inside;
    }
}
