using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Matching;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline;

/// <summary>
/// A row on its way through the stages. Each stage returns new drafts (records are immutable) and may only
/// add reasons, never remove them; <see cref="ImportPipeline"/> checks between stages that no row was lost.
/// </summary>
public sealed record RowDraft(
    RawRow Raw,
    IReadOnlyDictionary<Field, string> Mapped,
    IReadOnlyList<RowReason> Reasons,
    string? Name = null,
    IReadOnlyList<ClinicKind>? Kinds = null,
    string? Address = null,
    IReadOnlyList<string>? Phones = null,
    string? Hours = null,
    string? Level = null,
    DivisionResolution? Division = null,
    Placement? Placement = null)
{
    /// <summary>What <see cref="Stage.Match"/> found the row to be against the published dataset, when it was at hand.</summary>
    public RowMatch? Match { get; init; }

    public RowDraft WithReason(RowReason reason) => this with { Reasons = [.. Reasons, reason] };

    public RowDraft WithReasons(IEnumerable<RowReason> reasons) => this with { Reasons = [.. Reasons, .. reasons] };

    /// <summary>The mapped cell for a field, or <c>null</c> when the list has no such column or the cell is blank.</summary>
    public string? Cell(Field field) => Mapped.GetValueOrDefault(field);

    /// <summary>True once any reason rejects the row; later stages leave such rows alone.</summary>
    public bool IsRejected => Reasons.Any(r => r.Severity == ReasonSeverity.Reject);
}
