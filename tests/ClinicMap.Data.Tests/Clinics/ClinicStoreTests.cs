using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.TestSupport;

namespace ClinicMap.Data.Tests.Clinics;

/// <summary>One published dataset of random clinics around Guangzhou, shared by the tests of this class.</summary>
public sealed class PublishedRandomClinics : IAsyncLifetime
{
    public PostgisDatabase Database { get; } = new();

    public IReadOnlyList<StagedRow> Rows { get; private set; } = [];

    public int Version { get; private set; }

    public async Task InitializeAsync()
    {
        var random = new Random(44_01_06);
        Rows = Enumerable.Range(1, 400).Select(i => StagedRows.Accepted(
            i, $"随机医院{i:000}", 22.9 + random.NextDouble() * 0.6, 113.0 + random.NextDouble() * 0.7, "440106",
            i % 5 == 0 ? [ClinicKind.FeverClinic, ClinicKind.DesignatedHospital] : [ClinicKind.FeverClinic])).ToList();
        var batch = await new ImportStore(Database.DataSource).StageAsync(StagedRows.Document(), "fever-clinic", "tester", Rows);
        Version = (await new DatasetStore(Database.DataSource).PublishAsync(Actor.Cli("tester"), [batch.BatchId], null)).Version;
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

public class ClinicStoreTests(PublishedRandomClinics data) : IClassFixture<PublishedRandomClinics>
{
    private readonly ClinicStore _store = new(data.Database.DataSource);

    public static TheoryData<double, double, int> Origins => new()
    {
        { 23.1291, 113.2644, 10 },  // 广州 city centre, inside the cloud
        { 23.0000, 113.0000, 1 },   // its south-west corner
        { 23.6000, 113.9000, 25 },  // outside the cloud
        { 39.9042, 116.4074, 3 },   // Beijing, 1,900 km away
    };

    [Theory]
    [MemberData(nameof(Origins))]
    public async Task NearestEqualsABruteForceGeodesicRankingComputedIndependently(double lat, double lon, int limit)
    {
        var origin = new GeoPoint(lat, lon);

        var nearest = await _store.NearestAsync(data.Version, new NearestQuery(origin, limit, [], null));

        // Independent check: Vincenty on the WGS-84 ellipsoid over every published row, in C#, not in PostGIS.
        var expected = data.Rows
            .Select(r => (r.Name, Meters: Geodesic.DistanceMeters(origin, r.Location!.Value)))
            .OrderBy(x => x.Meters)
            .Take(limit)
            .ToList();
        Assert.Equal(expected.Select(e => e.Name), nearest.Select(n => n.Clinic.Name));
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i].Meters, nearest[i].DistanceMeters, 0.01);
    }

    [Fact]
    public async Task KindAndMaxDistanceFilterTheCandidates()
    {
        var origin = new GeoPoint(23.1291, 113.2644);

        var designated = await _store.NearestAsync(data.Version, new NearestQuery(origin, 10, [ClinicKind.DesignatedHospital], null));
        var within = await _store.NearestAsync(data.Version, new NearestQuery(origin, 100, [], 3_000));

        Assert.Equal(10, designated.Count);
        Assert.All(designated, d => Assert.Contains(ClinicKind.DesignatedHospital, d.Clinic.Kinds));
        var expectedWithin = data.Rows.Count(r => Geodesic.DistanceMeters(origin, r.Location!.Value) <= 3_000);
        Assert.Equal(Math.Min(expectedWithin, 100), within.Count);
        Assert.All(within, w => Assert.True(w.DistanceMeters <= 3_000));
    }

    [Fact]
    public async Task ClinicsCarryEveryFieldAndTheirSource()
    {
        var nearest = await _store.NearestAsync(data.Version, new NearestQuery(new GeoPoint(23.1291, 113.2644), 1, [], null));

        var clinic = Assert.Single(nearest).Clinic;
        Assert.Equal("440106", clinic.AdminCode);
        Assert.Equal(("广东省", "广州市", "天河区"), (clinic.Province, clinic.City, clinic.District));
        Assert.Equal(["020-12345678"], clinic.Phones);
        Assert.Equal(LocationPrecision.Exact, clinic.LocationPrecision);
        Assert.Equal(CoordinateSystem.Wgs84, clinic.Location.Crs);
        Assert.Equal("广州市卫生健康委员会", clinic.Source?.Publisher);
        Assert.Equal(64, clinic.Source?.DocumentSha256.Length);
        var found = await _store.FindAsync(data.Version, clinic.Id);
        Assert.Equal((clinic.Name, clinic.Location, clinic.Source), (found?.Name, found?.Location, found?.Source));
    }

    [Fact]
    public async Task FindReturnsNullForAnUnknownClinicOrVersion()
    {
        Assert.Null(await _store.FindAsync(data.Version, Guid.NewGuid()));
        Assert.Empty(await _store.NearestAsync(data.Version + 100, new NearestQuery(new GeoPoint(23.1, 113.3), 5, [], null)));
    }

    [Fact]
    public async Task NearestRefusesAnOriginOutsideWgs84()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _store.NearestAsync(data.Version, new NearestQuery(new GeoPoint(23.1, 113.3, CoordinateSystem.Gcj02), 5, [], null)));
    }
}
