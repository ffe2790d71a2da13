using ClinicMap.Core.Imports;
using ClinicMap.Data.Imports;

namespace ClinicMap.Import;

/// <summary>The outcome of reading and staging one file: the document, every row's fate, and the stored batch (null on a dry run).</summary>
public sealed record ImportResult(NewDocument Document, IReadOnlyList<StagedRow> Rows, ImportBatchSummary? Batch, ImportBatchSummary? AlreadyImportedAs)
{
    public int Accepted => Rows.Count(r => r.Outcome == RowOutcome.Accepted);

    public int NeedsReview => Rows.Count(r => r.Outcome == RowOutcome.NeedsReview);

    public int Rejected => Rows.Count(r => r.Outcome == RowOutcome.Rejected);
}
