using System.Globalization;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;

namespace ClinicMap.Import.Cli;

/// <summary>The machine-readable report of one imported file (<c>--json</c>) and its human summary.</summary>
public sealed record ImportReport(
    string File,
    string Sha256,
    long? BatchId,
    long? AlreadyImportedAsBatch,
    int Rows,
    int Accepted,
    int NeedsReview,
    int Rejected,
    IReadOnlyDictionary<string, int> Precision,
    int AdminCodesResolved,
    IReadOnlyList<ImportReport.RowReport> Outcomes)
{
    public sealed record RowReport(string? Sheet, int Row, string Outcome, string? Name, string? AdminCode, string? Precision, IReadOnlyList<ReasonReport> Reasons);

    public sealed record ReasonReport(string Code, string? Field, string Severity, string Message);

    public static ImportReport From(ImportResult result) => new(
        result.Document.FileName,
        result.Document.Sha256,
        result.Batch?.BatchId,
        result.AlreadyImportedAs?.BatchId,
        result.Rows.Count,
        result.Accepted,
        result.NeedsReview,
        result.Rejected,
        result.Rows.Where(r => r.LocationPrecision is not null && r.Outcome != RowOutcome.Rejected)
            .GroupBy(r => r.LocationPrecision!.Value.ToWire())
            .ToDictionary(g => g.Key, g => g.Count()),
        result.Rows.Count(r => r.AdminCode is not null),
        result.Rows.Select(r => new RowReport(r.Sheet, r.RowNumber, r.Outcome.ToWire(), r.Name, r.AdminCode, r.LocationPrecision?.ToWire(),
            r.Reasons.Select(x => new ReasonReport(x.Code, x.Field, x.Severity.ToString().ToLowerInvariant(), x.Message)).ToList())).ToList());

    public static void WriteSummary(TextWriter output, ImportResult result)
    {
        var i = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(i, $"{result.Document.FileName}: {result.Rows.Count} rows = {result.Accepted} accepted + {result.NeedsReview} needs review + {result.Rejected} rejected"));
        if (result.Batch is { } batch)
            output.WriteLine(string.Create(i, $"  staged as import batch {batch.BatchId}"));
        else if (result.AlreadyImportedAs is { } existing)
            output.WriteLine(string.Create(i, $"  already imported as batch {existing.BatchId} (same sha256); not staged again"));
        else
            output.WriteLine("  dry run: nothing written");
        foreach (var group in result.Rows.Where(r => r.LocationPrecision is not null && r.Outcome != RowOutcome.Rejected).GroupBy(r => r.LocationPrecision!.Value).OrderBy(g => g.Key))
            output.WriteLine(string.Create(i, $"  location precision {group.Key.ToWire()}: {group.Count()}"));
        foreach (var group in result.Rows.SelectMany(r => r.Reasons).GroupBy(r => (r.Code, r.Severity)).OrderByDescending(g => g.Key.Severity).ThenByDescending(g => g.Count()))
            output.WriteLine(string.Create(i, $"  {group.Key.Severity.ToString().ToLowerInvariant(),-6} {group.Key.Code}: {group.Count()}"));
    }
}
