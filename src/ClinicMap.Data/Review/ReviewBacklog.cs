namespace ClinicMap.Data.Review;

/// <summary>What waits for a person in the reviewer's jurisdiction: rows in review and proposed closures.</summary>
public sealed record ReviewBacklog(IReadOnlyList<ReviewItem> Rows, IReadOnlyList<ClosureItem> Closures);

/// <summary>A row waiting for review, summarised for a list; <see cref="ReasonCodes"/> are the codes of its reasons.</summary>
public sealed record ReviewItem(long BatchId, int RowNumber, string? Name, string? AdminCode, string? District, IReadOnlyList<string> ReasonCodes, string? MatchKind);

/// <summary>A published clinic a newer list no longer names.</summary>
public sealed record ClosureItem(long BatchId, Guid ClinicId, string Name, string AdminCode, string State);

/// <summary>Which part of the queue to list: a batch, a reason code (<c>match.probable</c>), a region (admin-code prefix); at most <see cref="Limit"/> of each.</summary>
public sealed record ReviewFilter(long? BatchId = null, string? Reason = null, string? Region = null, int Limit = 200);
