using ClinicMap.Core.Imports;

namespace ClinicMap.Data.Imports;

/// <summary>Import batches: every input row kept verbatim beside its outcome.</summary>
public interface IImportStore
{
    /// <summary>The live (not discarded) batch made from the document with this sha256, or <c>null</c> when it was never imported.</summary>
    Task<ImportBatchSummary?> FindByDocumentAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>The batch with this id, or <c>null</c>.</summary>
    Task<ImportBatchSummary?> FindAsync(long batchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the document, a batch and all its rows in one transaction: either everything is staged or nothing is.
    /// Throws <see cref="DocumentAlreadyImportedException"/> when the same bytes already have a live batch.
    /// <paramref name="match"/> (scope, matched version, closures proposed) is stored with the batch when given.
    /// </summary>
    Task<ImportBatchSummary> StageAsync(NewDocument document, string defaultKind, string actor, IReadOnlyList<StagedRow> rows, BatchMatchInfo? match = null, CancellationToken cancellationToken = default);
}
