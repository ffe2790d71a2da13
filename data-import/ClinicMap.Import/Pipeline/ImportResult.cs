using ClinicMap.Core.Imports;
using ClinicMap.Data.Imports;

namespace ClinicMap.Import.Pipeline;

/// <summary>
/// The outcome of reading and staging one file: the document, every row's fate, what the readers noticed, and
/// the stored batch (<c>null</c> on a dry run, or when the same file was imported before).
/// </summary>
public sealed record ImportResult(
    NewDocument Document,
    IReadOnlyList<StagedRow> Rows,
    IReadOnlyList<string> Notices,
    ImportBatchSummary? Batch,
    ImportBatchSummary? AlreadyImportedAs)
{
    /// <summary>The batch's scope, matched version and proposed closures, or <c>null</c> when no database was at hand.</summary>
    public BatchMatchInfo? Match { get; init; }

    /// <summary>Milliseconds per step, in order (<see cref="StageTimes"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> StageTimes { get; init; } = [];

    public int Accepted => Rows.Count(r => r.Outcome == RowOutcome.Accepted);

    public int NeedsReview => Rows.Count(r => r.Outcome == RowOutcome.NeedsReview);

    public int Rejected => Rows.Count(r => r.Outcome == RowOutcome.Rejected);
}
