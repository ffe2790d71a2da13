using System.Globalization;
using System.Net;
using ClinicMap.Api.Contracts;
using ClinicMap.Api.Serving;
using ClinicMap.Core.Clinics;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClinicMap.Api.Tests.Serving;

/// <summary>The API with a small cache of derived answers: 8 MB and 2,000 entries.</summary>
public sealed class SmallCacheApiFixture : ClinicMapApiFixture
{
    public const int Megabytes = 8;
    public const int Entries = 2000;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Serving:DocumentCacheMegabytes", Megabytes.ToString(CultureInfo.InvariantCulture)),
        new("Serving:DocumentCacheEntries", Entries.ToString(CultureInfo.InvariantCulture)),
        new("PublicLimit:PerSecond", "1000000"), new("PublicLimit:Burst", "1000000"),
    ];
}

/// <summary>The memory test runs alone, after the others: the heap it measures is the whole process's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryGroup
{
    public const string Name = "memory, alone";
}

/// <summary>
/// 20,000 distinct tile and GeoJSON questions — the flood an anonymous client can send — leave the cache within its
/// configured caps and the API's managed heap grown by little more than the cap.
/// </summary>
[Collection(MemoryGroup.Name)]
public sealed class DerivedAnswerMemoryTests(SmallCacheApiFixture api, ITestOutputHelper output) : IClassFixture<SmallCacheApiFixture>
{
    /// <summary>What the heap may grow by besides the cache: pools and buffers of the host and of Npgsql, JIT-compiled code's data.</summary>
    private const long SlackBytes = 32L * 1024 * 1024;

    /// <summary>Non-empty tiles at z 12–20 around the clinics, distinct, in a fixed order.</summary>
    private static IEnumerable<string> Tiles(IEnumerable<Clinic> clinics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var z in Enumerable.Range(12, 9))
        {
            foreach (var clinic in clinics)
            {
                var n = 1 << z;
                var x = (int)Math.Floor((clinic.Location.Longitude + 180) / 360 * n);
                var latitude = clinic.Location.Latitude * Math.PI / 180;
                var y = (int)Math.Floor((1 - Math.Log(Math.Tan(latitude) + 1 / Math.Cos(latitude)) / Math.PI) / 2 * n);
                var url = $"/tiles/clinics/{z}/{x}/{y}.mvt";
                if (seen.Add(url))
                    yield return url;
            }
        }
    }

    /// <summary>GeoJSON variants: every subset of the properties, in three systems and under a few filters.</summary>
    private static IEnumerable<string> Variants(bool national)
    {
        var properties = GeoJsonWriter.AllProperties;
        string[] filters = national ? ["kind=fever-clinic"] : ["kind=fever-room", "kind=fever-room&open24h=true", "kind=fever-room&open24h=false"];
        foreach (var filter in filters)
        {
            foreach (var crs in new[] { "wgs84", "gcj02", "bd09" })
            {
                for (var mask = 1; mask < 1 << properties.Count; mask++)
                {
                    var chosen = properties.Where((_, i) => (mask & (1 << i)) != 0);
                    // The reversed order is the same question: it must not be a new key.
                    yield return $"/api/v1/clinics.geojson?{filter}&crs={crs}&properties={string.Join(',', chosen.Reverse())}";
                }
            }
        }
    }

    [Fact]
    public async Task TwentyThousandDistinctTileAndGeoJsonQuestionsStayWithinTheConfiguredCap()
    {
        using var client = api.CreateClient();
        var index = api.Services.GetRequiredService<ServingIndex>().Current!;
        var tiles = Tiles(index.All(ClinicFilter.Any)).Take(10_000).ToList();
        var requests = tiles
            .Concat(Variants(national: true).Take(200))
            .Concat(Variants(national: false).Take(20_000 - 200 - tiles.Count))
            .ToList();
        Assert.Equal(20_000, requests.Count);
        Assert.Equal(requests.Count, requests.Distinct(StringComparer.Ordinal).Count());
        foreach (var url in requests.Take(200))
            (await client.GetAsync(url)).Dispose();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        long answered = 0;
        foreach (var url in requests)
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            answered += (await response.Content.ReadAsByteArrayAsync()).LongLength;
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var cache = index.Documents;
        const long cap = SmallCacheApiFixture.Megabytes * 1024L * 1024;
        output.WriteLine($"{requests.Count:N0} requests ({tiles.Count:N0} tiles), {answered:N0} bytes answered; cache {cache.Count:N0} entries, {cache.Bytes:N0} bytes (cap {cap:N0}); heap {before:N0} → {after:N0} ({after - before:N0})");
        Assert.True(cache.Bytes <= cap, $"the cache holds {cache.Bytes:N0} bytes, over its cap of {cap:N0}");
        Assert.True(cache.Count <= SmallCacheApiFixture.Entries, $"the cache holds {cache.Count:N0} entries");
        Assert.True(answered > 4 * cap, $"only {answered:N0} bytes were asked for: the flood did not press the cap");
        Assert.True(after - before <= cap + SlackBytes, $"the heap grew by {after - before:N0} bytes for a cap of {cap:N0}");
    }
}
