namespace ClinicMap.Api.Serving;

/// <summary>
/// Whole answers derived from one dataset version (GeoJSON variants, vector tiles), kept by key and evicted least
/// recently used once either cap is reached. Each entry is charged its answer's bytes, its key's bytes and
/// <see cref="EntryOverheadBytes"/>, so a flood of empty tiles or distinct keys is bounded like large answers are.
/// </summary>
/// <remarks>
/// One lock around a dictionary and a linked list: a hit costs a lookup and a move to the front, far below the cost
/// of the answer it spares. An answer larger than the whole cap is returned unkept. Two requests racing for the same
/// missing key may both build it; the first kept wins. ConcurrentDictionary or MemoryCache would need a second
/// structure for recency and a size per entry; this is the small class both would have become.
/// </remarks>
public sealed class DocumentCache(long maxBytes, int maxEntries)
{
    /// <summary>What an entry costs besides its key and answer: the node, the dictionary slot and the array headers.</summary>
    public const int EntryOverheadBytes = 160;

    private readonly Dictionary<string, LinkedListNode<(string Key, byte[] Value)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, byte[] Value)> _recency = new();
    private readonly Lock _lock = new();
    private long _bytes;

    /// <summary>The bytes charged to the entries kept now (answers, keys and overhead).</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
                return _bytes;
        }
    }

    /// <summary>How many answers are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _entries.Count;
        }
    }

    public long MaxBytes => maxBytes;

    public int MaxEntries => maxEntries;

    /// <summary>The answer kept under <paramref name="key"/>, or built by <paramref name="build"/> and kept.</summary>
    public async ValueTask<byte[]> GetOrBuildAsync(string key, Func<Task<byte[]>> build)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Value;
            }
        }
        var built = await build();
        var cost = Cost(key, built);
        if (cost > maxBytes || maxEntries <= 0)
            return built;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var raced))
                return raced.Value.Value;
            while (_entries.Count > 0 && (_bytes + cost > maxBytes || _entries.Count >= maxEntries))
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _bytes -= Cost(oldest.Value.Key, oldest.Value.Value);
            }
            _entries[key] = _recency.AddFirst((key, built));
            _bytes += cost;
        }
        return built;
    }

    private static long Cost(string key, byte[] value) => value.LongLength + key.Length * 2L + EntryOverheadBytes;
}
