using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Import.Readers;

namespace ClinicMap.Import.Stages;

/// <summary>
/// The "map columns" stage: turns each <see cref="RawRow"/> into a <see cref="RowDraft"/> whose cells are keyed by
/// canonical <see cref="Field"/>. When two columns map to one field (区 and 所在区), the first non-blank wins and
/// the other stays in the raw cells. A row with no mapped cell at all is rejected as not a clinic row.
/// </summary>
public static class ColumnMapper
{
    public static RowDraft Map(RawRow raw)
    {
        var mapped = new Dictionary<Field, string>();
        foreach (var (header, value) in raw.Cells)
        {
            if (ColumnSynonyms.FieldOf(header) is { } field && TextNormalizer.Clean(value) is { } text)
                mapped.TryAdd(field, text);
        }
        var draft = new RowDraft(raw, mapped, []);
        return mapped.Count == 0
            ? draft.WithReason(new RowReason("row.no_known_columns", null,
                $"row {raw.RowNumber}: none of its cells ({string.Join(", ", raw.Cells.Select(c => c.Key))}) is a known column", ReasonSeverity.Reject))
            : draft;
    }
}
