using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicMap.Core.Geography;

namespace ClinicMap.Api.Tests.Apis;

public class ClinicsApiTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private readonly HttpClient _client = api.CreateClient();

    public static TheoryData<double, double, int> Origins => new()
    {
        { 39.91, 116.40, 3 },     // 天安门, the example
        { 23.1291, 113.2644, 10 }, // 广州
        { 30.5928, 114.3055, 25 }, // 武汉
        { 43.8256, 87.6168, 5 },   // 乌鲁木齐
    };

    [Theory]
    [MemberData(nameof(Origins))]
    public async Task NearestReturnsClinicsOrderedByGeodesicDistanceThatTheTestChecksIndependently(double lat, double lon, int limit)
    {
        using var response = await _client.GetAsync($"/api/v1/clinics/nearest?lat={lat}&lon={lon}&limit={limit}");
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var results = body.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(limit, results.Count);
        var origin = new GeoPoint(lat, lon);
        var distances = results.Select(r => r.GetProperty("distanceMeters").GetDouble()).ToList();
        Assert.Equal(distances.Order(), distances);
        foreach (var result in results)
        {
            var location = result.GetProperty("location");
            var point = new GeoPoint(location.GetProperty("lat").GetDouble(), location.GetProperty("lon").GetDouble());
            Assert.Equal(Geodesic.DistanceMeters(origin, point), result.GetProperty("distanceMeters").GetDouble(), 0.2);
        }
        // Nothing published is nearer than the last answer: checked against every accepted row of the import, in C#.
        var accepted = api.Imported.Rows.Where(r => r.Outcome == Core.Imports.RowOutcome.Accepted).ToList();
        var kth = accepted.Select(r => Geodesic.DistanceMeters(origin, r.Location!.Value)).Order().ElementAt(limit - 1);
        Assert.Equal(kth, distances[^1], 0.2);
    }

    [Fact]
    public async Task TheBeijingExampleReturnsThreeBeijingClinicsWithEveryContractField()
    {
        using var body = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/clinics/nearest?lat=39.91&lon=116.40&limit=3"));

        var dataset = body.RootElement.GetProperty("dataset");
        Assert.Equal(1, dataset.GetProperty("version").GetInt32());
        Assert.True(dataset.GetProperty("publishedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        var results = body.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        foreach (var clinic in results)
        {
            foreach (var field in new[] { "id", "name", "kinds", "address", "adminCode", "province", "city", "district", "phones", "hours", "open24h", "level", "location", "locationPrecision", "navigation", "source", "distanceMeters" })
                Assert.True(clinic.TryGetProperty(field, out _), $"missing {field}");
            Assert.Equal("北京市", clinic.GetProperty("province").GetString());
            Assert.StartsWith("11", clinic.GetProperty("adminCode").GetString(), StringComparison.Ordinal);
            Assert.Equal("wgs84", clinic.GetProperty("location").GetProperty("crs").GetString());
            Assert.Contains(clinic.GetProperty("locationPrecision").GetString(), new[] { "district", "city" });
            Assert.Equal(Core.Text.OpeningHours.IsRoundTheClock(clinic.GetProperty("hours").GetString()), clinic.GetProperty("open24h").GetBoolean());
            foreach (var app in new[] { "tencent", "amap", "baidu", "apple", "geo" })
                Assert.False(string.IsNullOrEmpty(clinic.GetProperty("navigation").GetProperty(app).GetString()));
            var source = clinic.GetProperty("source");
            Assert.Equal("各省卫生健康委员会", source.GetProperty("publisher").GetString());
            Assert.Equal("2020-02-11", source.GetProperty("publishedOn").GetString());
            Assert.Equal(api.Imported.Document.Sha256, source.GetProperty("documentSha256").GetString());
        }
    }

    [Fact]
    public async Task CoordinatesComeBackInTheRequestedSystemAndTheQueryIsReadInIt()
    {
        var wgs = new GeoPoint(23.1291, 113.2644);
        var gcj = wgs.To(CoordinateSystem.Gcj02);

        using var plain = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/clinics/nearest?lat={wgs.Latitude}&lon={wgs.Longitude}&limit=1"));
        using var shifted = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/clinics/nearest?lat={gcj.Latitude:R}&lon={gcj.Longitude:R}&limit=1&crs=gcj02"));

        var a = plain.RootElement.GetProperty("results")[0];
        var b = shifted.RootElement.GetProperty("results")[0];
        Assert.Equal(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.Equal(a.GetProperty("distanceMeters").GetDouble(), b.GetProperty("distanceMeters").GetDouble(), 0.2);
        var expected = new GeoPoint(a.GetProperty("location").GetProperty("lat").GetDouble(), a.GetProperty("location").GetProperty("lon").GetDouble()).To(CoordinateSystem.Gcj02);
        Assert.Equal("gcj02", b.GetProperty("location").GetProperty("crs").GetString());
        Assert.Equal(expected.Latitude, b.GetProperty("location").GetProperty("lat").GetDouble(), 6);
        Assert.Equal(expected.Longitude, b.GetProperty("location").GetProperty("lon").GetDouble(), 6);
    }

    [Theory]
    [InlineData("lat=999&lon=0", "lat")]
    [InlineData("lat=abc&lon=116.4", "lat")]
    [InlineData("lon=116.4", "lat")]
    [InlineData("lat=39.9&lon=200", "lon")]
    [InlineData("lat=39.9&lon=116.4&limit=0", "limit")]
    [InlineData("lat=39.9&lon=116.4&limit=101", "limit")]
    [InlineData("lat=39.9&lon=116.4&limit=ten", "limit")]
    [InlineData("lat=39.9&lon=116.4&crs=utm", "crs")]
    [InlineData("lat=39.9&lon=116.4&kind=pharmacy", "kind")]
    [InlineData("lat=39.9&lon=116.4&maxDistanceKm=-1", "maxDistanceKm")]
    [InlineData("lat=NaN&lon=116.4", "lat")]
    public async Task BadParametersAreA400ProblemNamingTheField(string query, string field)
    {
        using var response = await _client.GetAsync($"/api/v1/clinics/nearest?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {body.RootElement}");
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.DoesNotContain("   at ", body.RootElement.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KindAndMaxDistanceNarrowTheAnswer()
    {
        using var none = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/clinics/nearest?lat=39.91&lon=116.40&maxDistanceKm=0.001"));
        using var designated = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/clinics/nearest?lat=39.91&lon=116.40&kind=designated-hospital&limit=5"));

        Assert.Empty(none.RootElement.GetProperty("results").EnumerateArray());
        var kinds = designated.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()).ToList()).ToList();
        Assert.Equal(5, kinds.Count);
        Assert.All(kinds, k => Assert.Contains("designated-hospital", k));
    }

    [Fact]
    public async Task AClinicCanBeFetchedByIdAndAnUnknownIdIsA404Problem()
    {
        using var nearest = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/clinics/nearest?lat=39.91&lon=116.40&limit=1"));
        var id = nearest.RootElement.GetProperty("results")[0].GetProperty("id").GetString();

        var clinic = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/clinics/{id}");
        using var missing = await _client.GetAsync($"/api/v1/clinics/{Guid.NewGuid()}");

        Assert.Equal(id, clinic.GetProperty("id").GetString());
        Assert.False(clinic.TryGetProperty("distanceMeters", out _));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HealthAndReadinessAnswer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
        var ready = await _client.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("44")]
    [InlineData("4403")]
    [InlineData("420102")]
    public async Task ARegionKeepsOnlyItsClinicsInNearestTheListAndTheGeoJson(string region)
    {
        var clinics = await api.PublishedClinicsAsync();
        var inRegion = clinics.Where(c => c.AdminCode.StartsWith(region, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(inRegion);
        // From the far end of the country: the nearest in the region, not the nearest overall.
        var nearest = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/clinics/nearest?lat=45.75&lon=126.65&limit=100&region={region}");
        var ids = nearest.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(Math.Min(100, inRegion.Count), ids.Count);
        Assert.All(ids, id => Assert.Contains(inRegion, c => c.Id == id));
        var geojson = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/clinics.geojson?properties=summary&region={region}");
        Assert.Equal(inRegion.Count, geojson.GetProperty("features").GetArrayLength());
        var listed = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/clinics?limit=1000&region={region}");
        Assert.All(listed.GetProperty("results").EnumerateArray(), r => Assert.StartsWith(region, r.GetProperty("adminCode").GetString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("4")]
    [InlineData("440")]
    [InlineData("44a1")]
    [InlineData("' OR 1=1 --")]
    public async Task ARegionThatIsNotAnAdminCodePrefixIs400NamingIt(string region)
    {
        using var response = await _client.GetAsync($"/api/v1/clinics/nearest?lat=30&lon=114&region={Uri.EscapeDataString(region)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("region", out _));
    }
}
