using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Stages;

/// <summary>
/// The in-file part of "match": a row naming the same clinic (same normalised name) in the same city as an
/// earlier row of the file is sent to review, naming the earlier row. Both are kept; a person decides. O(n).
/// </summary>
public sealed class DuplicateStage : IRowStage
{
    public string Name => "duplicates";

    public IReadOnlyList<RowDraft> Run(IReadOnlyList<RowDraft> rows)
    {
        var firstSeen = new Dictionary<(string, string), RowDraft>();
        return rows.Select(row =>
        {
            if (row.IsRejected || row.Name is null)
                return row;
            var place = row.Division?.Prefecture?.Code ?? TextNormalizer.MatchKey(row.Cell(Field.City));
            var key = (place, TextNormalizer.MatchKey(row.Name));
            if (firstSeen.TryGetValue(key, out var first))
            {
                return row.WithReason(new RowReason("row.duplicate", "name",
                    $"{row.Raw.Where} repeats '{row.Name}' of {first.Raw.Where}", ReasonSeverity.Review));
            }
            firstSeen[key] = row;
            return row;
        }).ToList();
    }
}
