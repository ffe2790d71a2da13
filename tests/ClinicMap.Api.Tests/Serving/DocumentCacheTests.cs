using ClinicMap.Api.Serving;

namespace ClinicMap.Api.Tests.Serving;

/// <summary>The cache of derived answers: every entry is charged its key and overhead, and the least recently used go first.</summary>
public class DocumentCacheTests
{
    private static Task<byte[]> Bytes(int length) => Task.FromResult(new byte[length]);

    [Fact]
    public async Task EmptyAnswersAndTheirKeysAreChargedSoAFloodOfThemIsBounded()
    {
        var cache = new DocumentCache(maxBytes: 100_000, maxEntries: 1_000_000);
        for (var i = 0; i < 20_000; i++)
            await cache.GetOrBuildAsync($"mvt|20/{i}/{i}" + new string('x', 200), () => Bytes(0));

        Assert.True(cache.Bytes <= 100_000, $"{cache.Bytes} bytes kept");
        Assert.InRange(cache.Count, 1, 100_000 / DocumentCache.EntryOverheadBytes);
    }

    [Fact]
    public async Task TheEntryCapHoldsWhateverTheSizes()
    {
        var cache = new DocumentCache(maxBytes: long.MaxValue, maxEntries: 50);
        for (var i = 0; i < 500; i++)
            await cache.GetOrBuildAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture), () => Bytes(1));

        Assert.Equal(50, cache.Count);
    }

    [Fact]
    public async Task TheLeastRecentlyUsedAnswerIsDroppedFirst()
    {
        var cache = new DocumentCache(maxBytes: long.MaxValue, maxEntries: 2);
        var a = await cache.GetOrBuildAsync("a", () => Bytes(1));
        await cache.GetOrBuildAsync("b", () => Bytes(1));
        Assert.Same(a, await cache.GetOrBuildAsync("a", () => Bytes(1))); // a is now the most recent
        await cache.GetOrBuildAsync("c", () => Bytes(1));                   // drops b

        var rebuilt = 0;
        await cache.GetOrBuildAsync("a", () => { rebuilt++; return Bytes(1); });
        await cache.GetOrBuildAsync("b", () => { rebuilt++; return Bytes(1); });
        Assert.Equal(1, rebuilt);
    }
}
