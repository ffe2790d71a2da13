using ClinicMap.Core.Imports;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// The "decide" stage, the last hand-off: the worst reason decides the outcome — any reject reason → rejected, any review reason
/// → needs review, otherwise accepted. An accepted row must have a name, an admin code and a placement; a
/// draft that claims acceptance without them is a bug in a stage, reported as such rather than published.
/// </summary>
public sealed class DecideStage : IImportStage
{
    public Stage Stage => Stage.Decide;

    public Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        work.Rows = work.Drafts.Select(Decide).ToList();
        return Task.CompletedTask;
    }

    public static StagedRow Decide(RowDraft row)
    {
        var worst = row.Reasons.Count == 0 ? ReasonSeverity.Info : row.Reasons.Max(r => r.Severity);
        var outcome = worst switch
        {
            ReasonSeverity.Reject => RowOutcome.Rejected,
            ReasonSeverity.Review => RowOutcome.NeedsReview,
            _ => RowOutcome.Accepted,
        };
        var division = row.Division;
        var adminCode = division?.MostSpecific?.Code;
        if (outcome == RowOutcome.Accepted && (row.Name is null || adminCode is null || row.Placement is null))
            throw new InvalidOperationException($"row {row.Raw.RowNumber}: no stage gave a reason, yet it lacks a name, division or location");
        var placement = outcome == RowOutcome.Rejected ? null : row.Placement;
        return new StagedRow(
            RowNumber: row.Raw.RowNumber,
            Sheet: row.Raw.Sheet,
            RawCells: row.Raw.Cells,
            Outcome: outcome,
            Reasons: row.Reasons,
            Name: row.Name,
            Kinds: row.Kinds ?? [],
            Address: row.Address,
            AdminCode: adminCode,
            Province: division?.Province?.Name,
            City: division?.Prefecture is { } p && !p.Name.Contains("直辖县级", StringComparison.Ordinal) ? p.Name : division?.County?.Name,
            District: division?.County?.Name,
            Phones: row.Phones ?? [],
            Hours: row.Hours,
            Level: row.Level,
            Location: placement?.Location,
            LocationCrsIn: placement?.CrsIn,
            LocationPrecision: placement?.Precision,
            LocationMethod: placement?.Method)
        {
            LocationDetail = placement?.SourcePrecision,
            Ocr = Evidence(row),
            Match = row.Match,
        };
    }

    /// <summary>The OCR evidence of every cell that has some, as read.</summary>
    private static List<CellEvidence> Evidence(RowDraft row)
    {
        if (row.Raw.Evidence is not { } evidence)
            return [];
        var list = new List<CellEvidence>();
        for (var i = 0; i < evidence.Count && i < row.Raw.Cells.Count; i++)
        {
            if (evidence[i] is not { } cell)
                continue;
            list.Add(new CellEvidence(row.Raw.Cells[i].Key, row.Raw.Cells[i].Value, cell.Confidence, cell.Box.Page, cell.Box.X, cell.Box.Y, cell.Box.Width, cell.Box.Height));
        }
        return list;
    }
}
