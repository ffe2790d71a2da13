using System.Net;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;

namespace ClinicMap.Api.Tests.Apis;

/// <summary>The bbox list with its cursor, the GeoJSON export and the vector tiles, each against the version's clinics as the database lists them.</summary>
public class ClinicExportApiTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<IReadOnlyList<Clinic>> AllClinicsAsync() => api.PublishedClinicsAsync();

    [Fact]
    public async Task PagingABboxWithTheCursorReturnsEveryClinicInsideItOnceInIdOrder()
    {
        var box = new BoundingBox(113.0, 22.5, 114.5, 23.8); // 广州、佛山、东莞、深圳
        var expected = (await AllClinicsAsync()).Where(c => box.Contains(c.Location)).Select(c => c.Id.ToString("D")).Order(StringComparer.Ordinal).ToList();

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var url = "/api/v1/clinics?bbox=113.0,22.5,114.5,23.8&limit=25" + (cursor is null ? "" : "&cursor=" + cursor);
            using var body = JsonDocument.Parse(await _client.GetStringAsync(url));
            seen.AddRange(body.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            cursor = body.RootElement.GetProperty("next").GetString();
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.True(expected.Count > 25, "the box should need several pages");
        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + 24) / 25, pages);
    }

    [Fact]
    public async Task TheBboxIsReadInItsCrsAndTheFiltersApply()
    {
        var all = await AllClinicsAsync();
        var wgs = new BoundingBox(116.2, 39.8, 116.6, 40.1);
        var gcj = wgs.To(CoordinateSystem.Gcj02);
        var bbox = FormattableString.Invariant($"{gcj.MinLon:R},{gcj.MinLat:R},{gcj.MaxLon:R},{gcj.MaxLat:R}");

        using var body = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/clinics?bbox={bbox}&crs=gcj02&open24h=true&limit=1000"));

        var expected = all.Where(c => gcj.Contains(c.Location) && Core.Text.OpeningHours.IsRoundTheClock(c.Hours)).Select(c => c.Id).ToHashSet();
        var results = body.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, results.Select(r => r.GetProperty("id").GetGuid()).ToHashSet());
        Assert.All(results, r => Assert.Equal("gcj02", r.GetProperty("location").GetProperty("crs").GetString()));
    }

    [Theory]
    [InlineData("bbox=1,2,3", "bbox")]
    [InlineData("bbox=116,40,115,39", "bbox")]
    [InlineData("bbox=116,39,117,91", "bbox")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("open24h=sometimes", "open24h")]
    [InlineData("kind=hospital", "kind")]
    public async Task BadListParametersAre400NamingTheField(string query, string field)
    {
        using var response = await _client.GetAsync("/api/v1/clinics?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    [Fact]
    public async Task ACursorOfAnotherVersionIs409()
    {
        var cursor = Api.Apis.ClinicListRequest.WriteCursor(999, Guid.NewGuid());
        using var response = await _client.GetAsync("/api/v1/clinics?cursor=" + cursor);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("version 999", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheGeoJsonExportIsAnRfc7946FeatureCollectionOfEveryClinic()
    {
        var all = (await AllClinicsAsync()).ToDictionary(c => c.Id);
        using var response = await _client.GetAsync("/api/v1/clinics.geojson");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("FeatureCollection", body.RootElement.GetProperty("type").GetString());
        Assert.False(body.RootElement.TryGetProperty("crs", out _), "RFC 7946 removed the crs member; WGS-84 carries none");
        var features = body.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(all.Count, features.Count);
        foreach (var feature in features)
        {
            Assert.Equal("Feature", feature.GetProperty("type").GetString());
            var clinic = all[feature.GetProperty("id").GetGuid()];
            var geometry = feature.GetProperty("geometry");
            Assert.Equal("Point", geometry.GetProperty("type").GetString());
            var coordinates = geometry.GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToList();
            Assert.Equal(2, coordinates.Count);
            Assert.Equal(clinic.Location.Longitude, coordinates[0], 1e-6); // RFC 7946 §3.1.1: longitude first
            Assert.Equal(clinic.Location.Latitude, coordinates[1], 1e-6);
            var properties = feature.GetProperty("properties");
            Assert.Equal(clinic.Name, properties.GetProperty("name").GetString());
            Assert.Equal(clinic.LocationPrecision.ToWire(), properties.GetProperty("locationPrecision").GetString());
            Assert.Equal(clinic.Phones, properties.GetProperty("phones").EnumerateArray().Select(p => p.GetString()!));
        }
    }

    [Fact]
    public async Task TheSummaryExportInGcj02CarriesOnlyTheMarkersFieldsAndShiftedPoints()
    {
        var all = (await AllClinicsAsync()).ToDictionary(c => c.Id);
        using var body = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/clinics.geojson?properties=summary&crs=gcj02&kind=fever-clinic"));

        Assert.Equal("gcj02", body.RootElement.GetProperty("crs").GetString());
        var features = body.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(all.Values.Count(c => c.Kinds.Contains(ClinicKind.FeverClinic)), features.Count);
        var feature = features[0];
        var clinic = all[feature.GetProperty("id").GetGuid()];
        var gcj = clinic.Location.To(CoordinateSystem.Gcj02);
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToList();
        Assert.Equal(gcj.Longitude, coordinates[0], 1e-6);
        Assert.Equal(gcj.Latitude, coordinates[1], 1e-6);
        Assert.True(Geodesic.DistanceMeters(clinic.Location, new GeoPoint(coordinates[1], coordinates[0])) > 50, "GCJ-02 moves a mainland point");
        Assert.Equal(["name", "kinds", "open24h", "locationPrecision"], feature.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task AnUnknownGeoJsonPropertyIs400()
    {
        using var response = await _client.GetAsync("/api/v1/clinics.geojson?properties=name,password");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<int, string> Tiles => new()
    {
        { 10, "北京市" },
        { 13, "武汉市" },
        { 16, "深圳市" },
    };

    [Theory]
    [MemberData(nameof(Tiles))]
    public async Task AVectorTileHoldsExactlyTheClinicsInsideItAtTheirPositions(int z, string city)
    {
        var first = (await AllClinicsAsync()).First(c => c.City == city);
        var (x, y) = TileOf(z, first.Location.Latitude, first.Location.Longitude);
        using var response = await _client.GetAsync($"/tiles/clinics/{z}/{x}/{y}.mvt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType!.MediaType);
        var layer = Assert.Single(VectorTileReader.Read(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal("clinics", layer.Name);

        var all = await AllClinicsAsync();
        // Inside the tile, away from its edges by a unit of the grid (points in the 64-unit buffer may also be there).
        var inside = all.Where(c => TileUnits(z, x, y, c.Location) is var (ux, uy) && ux is > 1 and < 4095 && uy is > 1 and < 4095).ToList();
        Assert.NotEmpty(inside);
        var features = layer.Features.ToDictionary(f => Guid.Parse(f.Properties["id"]));
        Assert.All(inside, c => Assert.True(features.ContainsKey(c.Id), $"{c.Name} is inside the tile but missing"));
        foreach (var (id, feature) in features)
        {
            var clinic = all.Single(c => c.Id == id);
            var (ux, uy) = TileUnits(z, x, y, clinic.Location);
            Assert.Equal(1, feature.Type); // POINT
            Assert.InRange(feature.X - ux, -1.0, 1.0);
            Assert.InRange(feature.Y - uy, -1.0, 1.0);
            Assert.Equal(clinic.Name, feature.Properties["name"]);
        }
    }

    [Theory]
    [InlineData("21/0/0")]
    [InlineData("3/8/0")]
    [InlineData("3/0/-1")]
    public async Task ATileOutsideTheGridIs400(string zxy)
    {
        using var response = await _client.GetAsync($"/tiles/clinics/{zxy}.mvt");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static (int X, int Y) TileOf(int z, double lat, double lon)
    {
        var (ux, uy) = Mercator(lat, lon);
        return ((int)(ux * (1 << z)), (int)(uy * (1 << z)));
    }

    /// <summary>A point's position in tile z/x/y, in the tile's 4096 units (y down), from the spherical Web Mercator formulas.</summary>
    private static (double X, double Y) TileUnits(int z, int x, int y, GeoPoint point)
    {
        var (ux, uy) = Mercator(point.Latitude, point.Longitude);
        return ((ux * (1 << z) - x) * 4096, (uy * (1 << z) - y) * 4096);
    }

    /// <summary>Web Mercator as fractions of the world, x east from -180°, y south from the top.</summary>
    private static (double X, double Y) Mercator(double lat, double lon)
    {
        var φ = lat * Math.PI / 180;
        return ((lon + 180) / 360, (1 - Math.Log(Math.Tan(φ) + 1 / Math.Cos(φ)) / Math.PI) / 2);
    }
}
