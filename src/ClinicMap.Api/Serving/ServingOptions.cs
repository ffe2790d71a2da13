namespace ClinicMap.Api.Serving;

/// <summary>Section <c>Serving</c>: how the in-memory index keeps up with publishing.</summary>
public sealed class ServingOptions
{
    public const string Section = "Serving";

    /// <summary>Seconds between fallback checks for a newer version when no notification arrives.</summary>
    public int PollSeconds { get; set; } = 30;

    /// <summary>
    /// Minutes a hospital's status report counts as fresh; an older one that is still valid is shown marked not fresh
    /// (greyed on the map). Validity itself is the reporter's <c>validUntil</c> (6 hours when not given).
    /// </summary>
    public int StatusFreshMinutes { get; set; } = 60;

    public const int DefaultDocumentCacheMegabytes = 256;
    public const int DefaultDocumentCacheEntries = 50_000;

    /// <summary>
    /// Megabytes of derived answers (GeoJSON variants, vector tiles) one API process keeps for the current version,
    /// keys and per-entry overhead included; the least recently used are dropped past it.
    /// </summary>
    public int DocumentCacheMegabytes { get; set; } = DefaultDocumentCacheMegabytes;

    /// <summary>How many derived answers are kept at most, however small (an empty tile is ~30 bytes).</summary>
    public int DocumentCacheEntries { get; set; } = DefaultDocumentCacheEntries;
}
