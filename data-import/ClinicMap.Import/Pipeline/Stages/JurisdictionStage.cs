using ClinicMap.Core.Divisions;
using ClinicMap.Core.Imports;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// For lists uploaded with a key: a row whose division lies outside the uploader's jurisdiction (an admin-code
/// prefix) is rejected with the reason, so a Guangdong key can never stage a clinic in Hubei. Rows whose division
/// is unknown keep their own reasons. O(n).
/// </summary>
public sealed class JurisdictionStage : IImportStage
{
    public Stage Stage => Stage.Jurisdiction;

    public Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        if (work.Options.Jurisdiction is { Length: > 0 } jurisdiction)
            work.Drafts = Run(work.Drafts, jurisdiction);
        return Task.CompletedTask;
    }

    private static List<RowDraft> Run(IReadOnlyList<RowDraft> rows, string jurisdiction) =>
        rows.Select(row => row.Division?.MostSpecific is { } division && !AdminCode.IsWithin(division.Code, jurisdiction)
            ? row.WithReason(new RowReason("access.outside_jurisdiction", "district",
                $"{row.Raw.Where}: {division.Name} ({division.Code}) is outside the uploader's jurisdiction (admin codes starting {jurisdiction})", ReasonSeverity.Reject))
            : row).ToList();
}
