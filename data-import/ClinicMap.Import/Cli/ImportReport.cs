using System.Globalization;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Import.Pipeline;
using Spectre.Console;

namespace ClinicMap.Import.Cli;

/// <summary>The machine-readable report of one imported file (<c>--json</c>) and its human summary.</summary>
public sealed record ImportReport(
    string File,
    string Sha256,
    string Title,
    DateOnly? PublishedOn,
    long? BatchId,
    long? AlreadyImportedAsBatch,
    int Rows,
    int Accepted,
    int NeedsReview,
    int Rejected,
    IReadOnlyDictionary<string, int> Precision,
    int AdminCodesResolved,
    IReadOnlyList<string> Notices,
    IReadOnlyList<ImportReport.StageReport> Stages,
    IReadOnlyList<ImportReport.RowReport> Outcomes)
{
    public sealed record RowReport(string? Sheet, int Row, string Outcome, string? Name, string? AdminCode, string? Precision, IReadOnlyList<ReasonReport> Reasons);

    /// <summary>One step of the import and its wall-clock milliseconds, in the order they ran.</summary>
    public sealed record StageReport(string Stage, double Milliseconds);

    public sealed record ReasonReport(string Code, string? Field, string Severity, string Message);

    /// <summary>How the document speaks for its scope: <c>full</c>, <c>additions</c> or <c>removals</c>.</summary>
    public string Mode { get; init; } = "full";

    /// <summary>Why it has that mode, when it is not the default.</summary>
    public string? ModeReason { get; init; }

    /// <summary>Published clinics the batch proposes as closed (a person confirms each).</summary>
    public int ProposedClosures { get; init; }

    public static ImportReport From(ImportResult result) => new(
        result.Document.FileName,
        result.Document.Sha256,
        result.Document.Title,
        result.Document.PublishedOn,
        result.Batch?.BatchId,
        result.AlreadyImportedAs?.BatchId,
        result.Rows.Count,
        result.Accepted,
        result.NeedsReview,
        result.Rejected,
        Placed(result).GroupBy(r => r.LocationPrecision!.Value.ToWire()).ToDictionary(g => g.Key, g => g.Count()),
        result.Rows.Count(r => r.AdminCode is not null),
        result.Notices,
        result.StageTimes.Select(t => new StageReport(t.Key, Math.Round(t.Value, 1))).ToList(),
        result.Rows.Select(r => new RowReport(r.Sheet, r.RowNumber, r.Outcome.ToWire(), r.Name, r.AdminCode, r.LocationPrecision?.ToWire(),
            r.Reasons.Select(x => new ReasonReport(x.Code, x.Field, x.Severity.ToString().ToLowerInvariant(), x.Message)).ToList())).ToList())
    {
        Mode = (result.Match?.Mode ?? ImportMode.Full).ToWire(),
        ModeReason = result.Match?.ModeReason,
        ProposedClosures = result.Match?.ProposedClosures.Count ?? 0,
    };

    /// <summary>A table of outcomes and reasons on the console (Spectre.Console renders plain text when output is redirected).</summary>
    public static void WriteSummary(ImportResult result)
    {
        var i = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine(string.Create(i, $"[bold]{Markup.Escape(result.Document.FileName)}[/] — {Markup.Escape(result.Document.Title)}"));
        var state = result.Batch is { } batch ? string.Create(i, $"staged as import batch {batch.BatchId}")
            : result.AlreadyImportedAs is { } existing ? string.Create(i, $"already imported as batch {existing.BatchId} (same sha256); not staged again")
            : "dry run: nothing written";
        AnsiConsole.MarkupLine(string.Create(i, $"{result.Rows.Count} rows = [green]{result.Accepted} accepted[/] + [yellow]{result.NeedsReview} needs review[/] + [red]{result.Rejected} rejected[/]; {state}"));
        if (result.Match is { } match && (match.Mode != ImportMode.Full || match.ProposedClosures.Count > 0))
            AnsiConsole.MarkupLine(string.Create(i, $"read as {match.Mode.ToWire()}{(match.ModeReason is { } why ? " — " + Markup.Escape(why) : "")}; {match.ProposedClosures.Count} published clinic(s) proposed as closed"));
        var table = new Table().AddColumn("severity").AddColumn("reason").AddColumn(new TableColumn("rows").RightAligned());
        foreach (var group in result.Rows.SelectMany(r => r.Reasons).GroupBy(r => (r.Code, r.Severity)).OrderByDescending(g => g.Key.Severity).ThenByDescending(g => g.Count()))
            table.AddRow(group.Key.Severity.ToString().ToLowerInvariant(), group.Key.Code, group.Count().ToString(i));
        foreach (var group in Placed(result).GroupBy(r => r.LocationPrecision!.Value).OrderBy(g => g.Key))
            table.AddRow("placed", $"precision {group.Key.ToWire()}", group.Count().ToString(i));
        AnsiConsole.Write(table);
        foreach (var notice in result.Notices)
            AnsiConsole.MarkupLine($"  note: {Markup.Escape(notice)}");
    }

    private static IEnumerable<StagedRow> Placed(ImportResult result) =>
        result.Rows.Where(r => r.LocationPrecision is not null && r.Outcome != RowOutcome.Rejected);
}
