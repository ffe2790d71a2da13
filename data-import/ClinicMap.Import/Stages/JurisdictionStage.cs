using ClinicMap.Core.Divisions;
using ClinicMap.Core.Imports;

namespace ClinicMap.Import.Stages;

/// <summary>
/// For lists uploaded with a key: a row whose division lies outside the uploader's jurisdiction (an admin-code
/// prefix) is rejected with the reason, so a Guangdong key can never stage a clinic in Hubei. Rows whose division
/// is unknown keep their own reasons. O(n).
/// </summary>
public sealed class JurisdictionStage(string jurisdiction) : IRowStage
{
    public string Name => "jurisdiction";

    public IReadOnlyList<RowDraft> Run(IReadOnlyList<RowDraft> rows) =>
        rows.Select(row => row.Division?.MostSpecific is { } division && !AdminCode.IsWithin(division.Code, jurisdiction)
            ? row.WithReason(new RowReason("access.outside_jurisdiction", "district",
                $"{row.Raw.Where}: {division.Name} ({division.Code}) is outside the uploader's jurisdiction (admin codes starting {jurisdiction})", ReasonSeverity.Reject))
            : row).ToList();
}
