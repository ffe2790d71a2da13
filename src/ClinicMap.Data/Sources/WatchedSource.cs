namespace ClinicMap.Data.Sources;

/// <summary>A watched source as its watcher last left it (<c>clinicmap-import sources list</c>).</summary>
public sealed record WatchedSource(string Name, string Jurisdiction, DateTimeOffset? LastPollAt, DateTimeOffset? LastChangeAt, DateTimeOffset? LastErrorAt,
    string? LastError, int Polls, int Notices, int Batches);

/// <summary>A URL's validators from its last fetch (for If-None-Match / If-Modified-Since) and the sha256 of the body it had.</summary>
public sealed record FetchValidators(string? ETag, string? LastModified, string? Sha256);

/// <summary>
/// Something a watcher did that a person should know. <see cref="Kind"/>: <c>batch</c> (a document staged, or
/// published when its source allows), <c>duplicate</c> (a document already imported), <c>error</c>.
/// </summary>
public sealed record SourceEvent(long Id, string Source, string Jurisdiction, DateTimeOffset At, string Kind, string? NoticeUrl, string? Url, string Message,
    long? BatchId, string? Mode, int? PublishedIn);

/// <summary>An event about to be recorded (<see cref="WatchStore.AddEventAsync"/>).</summary>
public sealed record NewSourceEvent(string Source, string Kind, string? NoticeUrl, string? Url, string Message, long? BatchId = null, string? Mode = null, int? PublishedIn = null)
{
    public const string Batch = "batch";
    public const string Duplicate = "duplicate";
    public const string Error = "error";
}
