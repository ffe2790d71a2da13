using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Import.Stages;

/// <summary>
/// The "geocode" stage, first cut: the gazetteer's division centre, honestly marked <c>district</c> or <c>city</c>
/// precision. A row whose division could not be resolved is not placed; it is already on its way to review.
/// </summary>
public sealed class GeocodeStage : IRowStage
{
    public string Name => "geocode";

    public IReadOnlyList<RowDraft> Run(IReadOnlyList<RowDraft> rows) => rows.Select(row =>
    {
        if (row.IsRejected || row.Division is not { } division || division.IsBlocked)
            return row;
        var placement = GazetteerLocator.Locate(division);
        if (placement is null)
        {
            return row.WithReason(new RowReason("location.unplaced", "city",
                $"{row.Raw.Where}: resolved only to {division.MostSpecific?.Name ?? "nothing"}, which has no centre", ReasonSeverity.Review));
        }
        return row.WithReasons(placement.Reasons) with { Placement = placement };
    }).ToList();
}
