namespace ClinicMap.Data.Review;

/// <summary>What waits for a person in the reviewer's jurisdiction: rows in review, proposed closures, and the staged batches they belong to.</summary>
public sealed record ReviewBacklog(IReadOnlyList<ReviewItem> Rows, IReadOnlyList<ClosureItem> Closures)
{
    /// <summary>The staged batches whose scope meets the jurisdiction, newest first, each with where its document came from.</summary>
    public IReadOnlyList<BatchItem> Batches { get; init; } = [];
}

/// <summary>
/// A staged batch and its source: the document (title, publisher, file), how it speaks for its scope (<c>full</c>,
/// <c>additions</c>, <c>removals</c>, and why), its counts, and — for a document a watcher fetched — the source,
/// the notice and the attachment's URLs.
/// </summary>
public sealed record BatchItem(long BatchId, DateTimeOffset CreatedAt, string CreatedBy, string Scope, string Mode, string? ModeReason,
    int Rows, int Accepted, int NeedsReview, int Rejected, string Title, string Publisher, string FileName, DateOnly? PublishedOn,
    string? WatchedSource, string? NoticeUrl, string? AttachmentUrl);

/// <summary>A row waiting for review, summarised for a list; <see cref="ReasonCodes"/> are the codes of its reasons.</summary>
public sealed record ReviewItem(long BatchId, int RowNumber, string? Name, string? AdminCode, string? District, IReadOnlyList<string> ReasonCodes, string? MatchKind);

/// <summary>A published clinic a newer list no longer names.</summary>
public sealed record ClosureItem(long BatchId, Guid ClinicId, string Name, string AdminCode, string State);

/// <summary>Which part of the queue to list: a batch, a reason code (<c>match.probable</c>), a region (admin-code prefix); at most <see cref="Limit"/> of each.</summary>
public sealed record ReviewFilter(long? BatchId = null, string? Reason = null, string? Region = null, int Limit = 200);
