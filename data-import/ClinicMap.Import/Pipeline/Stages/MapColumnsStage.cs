using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// The "map columns" stage: turns each <see cref="RawRow"/> into a <see cref="RowDraft"/> whose cells are keyed by
/// canonical <see cref="Field"/>. A table row brings the mapping its interpreter found; a JSON record is mapped by
/// key, through the source's own overrides first and the synonyms second. When two columns map to one field,
/// the first non-blank wins and the other stays in the raw cells. Fields carried from the table's structure
/// (a section heading's district) fill only what the row leaves blank. A row with no mapped cell is rejected.
/// </summary>
public sealed class MapColumnsStage : IImportStage
{
    public Stage Stage => Stage.MapColumns;

    public Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        var overrides = work.Options.ColumnOverrides;
        // A list's records share a handful of keys: each is looked up once, not once a row.
        var fields = new Dictionary<string, Field?>(StringComparer.Ordinal);
        Field? FieldOf(string header) => fields.TryGetValue(header, out var field) ? field : fields[header] = ColumnSynonyms.FieldOf(header, overrides);
        work.Drafts = work.Extracted!.Rows.Select(raw => Map(raw, FieldOf)).ToList();
        return Task.CompletedTask;
    }

    /// <summary>One row's draft; <paramref name="fieldOf"/> names the field of a record's key (the synonyms when <c>null</c>).</summary>
    public static RowDraft Map(RawRow raw, Func<string, Field?>? fieldOf = null)
    {
        fieldOf ??= header => ColumnSynonyms.FieldOf(header);
        var mapped = new Dictionary<Field, string>();
        for (var i = 0; i < raw.Cells.Count; i++)
        {
            var (header, value) = raw.Cells[i];
            var field = raw.Columns is { } columns ? (i < columns.Count ? columns[i] : null) : fieldOf(header);
            if (field is { } f && TextNormalizer.Clean(value) is { } text)
                mapped.TryAdd(f, text);
        }
        var ownFields = mapped.Count;
        foreach (var (field, value) in raw.Carried ?? new Dictionary<Field, string>())
            mapped.TryAdd(field, value);
        var draft = new RowDraft(raw, mapped, raw.Flags ?? []);
        if (ownFields == 0 && !draft.IsRejected)
        {
            return draft.WithReason(new RowReason("row.no_known_columns", null,
                $"{raw.Where}: none of its cells ({string.Join(", ", raw.Cells.Select(c => c.Key))}) is a known column", ReasonSeverity.Reject));
        }
        return draft;
    }
}
