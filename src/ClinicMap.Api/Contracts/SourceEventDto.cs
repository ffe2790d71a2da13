namespace ClinicMap.Api.Contracts;

/// <summary>
/// Something a watcher of a commission's notice pages did: <c>batch</c> (a document staged, or published when its
/// source allows it), <c>duplicate</c> (already imported), <c>error</c> (the site, the notice or the file failed).
/// </summary>
public sealed record SourceEventDto(long Id, string Source, string Jurisdiction, DateTimeOffset At, string Kind, string? NoticeUrl, string? Url,
    string Message, long? BatchId, string? Mode, int? PublishedIn);

/// <summary>A page of <c>GET /api/v1/sources/events</c>: events after <see cref="Since"/>, oldest first; ask again with <see cref="Next"/>.</summary>
public sealed record SourceEventsDto(long Since, long Next, bool More, IReadOnlyList<SourceEventDto> Events);

/// <summary>A watched source as its watcher last left it.</summary>
public sealed record WatchedSourceDto(string Name, string Jurisdiction, DateTimeOffset? LastPollAt, DateTimeOffset? LastChangeAt, DateTimeOffset? LastErrorAt,
    string? LastError, int Polls, int Notices, int Batches);
