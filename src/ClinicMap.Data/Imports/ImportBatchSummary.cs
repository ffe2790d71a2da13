namespace ClinicMap.Data.Imports;

/// <summary>A staged import batch and its row counts, which always add up to <see cref="Rows"/>.</summary>
public sealed record ImportBatchSummary(long BatchId, long SourceDocumentId, string Status, int Rows, int Accepted, int NeedsReview, int Rejected);
