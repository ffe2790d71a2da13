using ClinicMap.Api.Contracts;
using ClinicMap.Api.Serving;
using ClinicMap.Core.Datasets;

namespace ClinicMap.Api.Tests.Serving;

/// <summary>The derived answers an index keeps (GeoJSON exports, tiles): built once, and never past their memory bound.</summary>
public class ClinicIndexDocumentTests
{
    private static ClinicIndex Empty() => new(new DatasetVersion(1, DateTimeOffset.UnixEpoch, "tests", 0, null), []);

    [Fact]
    public async Task AnAnswerIsBuiltOnceAndThenServedFromMemory()
    {
        var index = Empty();
        var builds = 0;
        Task<byte[]> Build() { builds++; return Task.FromResult(new byte[] { 1, 2, 3 }); }

        var first = await index.DocumentAsync("k", Build);
        var second = await index.DocumentAsync("k", Build);

        Assert.Equal(1, builds);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task AnAnswerLargerThanTheWholeCacheIsBuiltEachTimeAndNotKept()
    {
        var index = new ClinicIndex(new DatasetVersion(1, DateTimeOffset.UnixEpoch, "tests", 0, null), [], new DocumentCache(64 * 1024, 100));
        var builds = 0;
        Task<byte[]> Huge() { builds++; return Task.FromResult(new byte[64 * 1024 + 1]); }

        await index.DocumentAsync("huge", Huge);
        await index.DocumentAsync("huge", Huge);
        var small = await index.DocumentAsync("small", () => Task.FromResult(new byte[] { 7 }));

        Assert.Equal(2, builds);
        Assert.Same(small, await index.DocumentAsync("small", () => Task.FromResult(new byte[] { 8 })));
    }
}

/// <summary>One question, one key: the GeoJSON cache normalises what a query string can vary without changing the answer.</summary>
public class GeoJsonKeyTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private async Task<ClinicIndex> IndexAsync()
    {
        var clinics = await api.PublishedClinicsAsync();
        return new ClinicIndex(new DatasetVersion(1, DateTimeOffset.UnixEpoch, "tests", clinics.Count, null), clinics, new DocumentCache(64L * 1024 * 1024, 100));
    }

    [Fact]
    public async Task PropertiesInAnyOrderAndKindsInAnyOrderAreOneEntry()
    {
        var index = await IndexAsync();

        var first = await index.GeoJsonAsync(Core.Geography.CoordinateSystem.Wgs84,
            new ClinicFilter([Core.Clinics.ClinicKind.FeverClinic, Core.Clinics.ClinicKind.DesignatedHospital]), ["name", "kinds", "phones"]);
        var second = await index.GeoJsonAsync(Core.Geography.CoordinateSystem.Wgs84,
            new ClinicFilter([Core.Clinics.ClinicKind.DesignatedHospital, Core.Clinics.ClinicKind.FeverClinic]), ["phones", "name", "kinds"]);

        Assert.Same(first, second);
        Assert.Equal(1, index.Documents.Count);
    }

    [Fact]
    public async Task ALevelNoClinicHasIsAnsweredButNotKept()
    {
        var index = await IndexAsync();

        var answer = await index.GeoJsonAsync(Core.Geography.CoordinateSystem.Wgs84, new ClinicFilter([], null, "不存在的等级"), GeoJsonWriter.Summary);

        Assert.Contains("\"features\":[]", System.Text.Encoding.UTF8.GetString(answer), StringComparison.Ordinal);
        Assert.Equal(0, index.Documents.Count);
    }
}

/// <summary>The index's answer to "may this tile hold a clinic", which lets empty tiles skip PostGIS: never "no" for a full tile.</summary>
public class TileEmptinessTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    [Fact]
    public async Task EveryTileThatHoldsAClinicMayHoldOneAndAnOceanTileHoldsNone()
    {
        var clinics = await api.PublishedClinicsAsync();
        var index = new ClinicIndex(new DatasetVersion(1, DateTimeOffset.UnixEpoch, "tests", clinics.Count, null), clinics);
        foreach (var clinic in clinics.Where((_, i) => i % 50 == 0))
        {
            for (var z = 0; z <= 20; z += 4)
            {
                var n = 1 << z;
                var x = (int)Math.Floor((clinic.Location.Longitude + 180) / 360 * n);
                var lat = clinic.Location.Latitude * Math.PI / 180;
                var y = (int)Math.Floor((1 - Math.Log(Math.Tan(lat) + 1 / Math.Cos(lat)) / Math.PI) / 2 * n);
                Assert.True(index.AnyInTile(z, x, y), $"{clinic.Name} at z {z} ({x}, {y})");
            }
        }
        // The mid-Atlantic at z 10: no clinic within thousands of kilometres.
        Assert.False(index.AnyInTile(10, 420, 420));
    }
}
