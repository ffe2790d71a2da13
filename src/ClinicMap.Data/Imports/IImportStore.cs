using ClinicMap.Core.Imports;

namespace ClinicMap.Data.Imports;

/// <summary>Import batches: every input row kept verbatim beside its outcome.</summary>
public interface IImportStore
{
    /// <summary>
    /// The live (not discarded) batch made from the document with this sha256 for <paramref name="jurisdiction"/>, or
    /// <c>null</c> when that jurisdiction never imported it (another jurisdiction's import of the same file does not count).
    /// </summary>
    Task<ImportBatchSummary?> FindByDocumentAsync(string sha256, string jurisdiction = "", CancellationToken cancellationToken = default);

    /// <summary>The batch with this id, or <c>null</c>.</summary>
    Task<ImportBatchSummary?> FindAsync(long batchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the document, a batch and all its rows in one transaction: either everything is staged or nothing is.
    /// Throws <see cref="DocumentAlreadyImportedException"/> when the same bytes already have a live batch of the
    /// document's <see cref="NewDocument.Jurisdiction"/>.
    /// <paramref name="match"/> (scope, matched version, closures proposed) is stored with the batch when given.
    /// </summary>
    Task<ImportBatchSummary> StageAsync(NewDocument document, string defaultKind, string actor, IReadOnlyList<StagedRow> rows, BatchMatchInfo? match = null, CancellationToken cancellationToken = default);
}
