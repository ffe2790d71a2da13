using System.Globalization;
using System.Text.RegularExpressions;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// Table understanding, between a reader's <see cref="SourceGrid"/>s and the row stages: finds the header row
/// (or two, when a merged group label such as 所在地区 sits over 市 | 区县) wherever it is among the first
/// <see cref="HeaderSearchRows"/> rows, maps its columns, and turns every non-blank row below it into exactly one
/// <see cref="RawRow"/>. Rows that are structure rather than clinics — section headings such as
/// <c>一、越秀区（12家）</c>, notes such as <c>注：…</c>, a header repeated on a new page — are kept and rejected
/// with a reason saying so; a section heading's district (or kind) is carried to the rows under it. A sheet
/// whose name column mostly holds what its neighbour's header promises is flagged as shifted, every row to review.
/// </summary>
public sealed partial class TableInterpreter(IReadOnlyDictionary<string, Field>? overrides = null)
{
    public const int HeaderSearchRows = 20;

    /// <summary>
    /// The rows of every grid that has a header, the title line found above the first header (<c>武汉市发热门诊一览表</c>),
    /// and what was noticed (skipped sheets, blank rows).
    /// </summary>
    public (IReadOnlyList<RawRow> Rows, string? Title, IReadOnlyList<string> Notices) Interpret(IReadOnlyList<SourceGrid> grids)
    {
        var rows = new List<RawRow>();
        var notices = new List<string>();
        string? title = null;
        foreach (var grid in grids)
        {
            var header = FindHeader(grid);
            if (header is null)
            {
                var nonBlank = grid.Rows.Count(r => !r.IsBlank);
                if (nonBlank > 0)
                    notices.Add($"{grid.Name}: no header row among its first {HeaderSearchRows} rows; its {nonBlank} non-blank rows were not imported");
                continue;
            }
            title ??= grid.Rows.Take(header.FirstRowIndex).Where(r => !r.IsBlank && !r.Hidden).Select(r => string.Join(' ', r.DistinctTexts)).FirstOrDefault();
            rows.AddRange(InterpretBody(grid, header, notices));
        }
        return (rows, TextNormalizer.Clean(title), notices);
    }

    private sealed record Header(int FirstRowIndex, int LastRowIndex, IReadOnlyList<string> Labels, IReadOnlyList<Field?> Fields, int Score);

    private Header? FindHeader(SourceGrid grid)
    {
        var limit = Math.Min(grid.Rows.Count, HeaderSearchRows);
        for (var i = 0; i < limit; i++)
        {
            var row = grid.Rows[i];
            if (row.Hidden || row.IsBlank)
                continue;
            var fields = row.Cells.Select(c => c.IsBlank ? null : ColumnSynonyms.FieldOf(c.Text!, overrides, c.Ocr is not null)).ToList();
            var distinct = fields.OfType<Field>().Distinct().ToList();
            if (distinct.Count < 2 || !distinct.Contains(Field.Name))
                continue;
            // A second header row: some cell below names a field where this row holds only a group label.
            if (i + 1 < grid.Rows.Count && !grid.Rows[i + 1].IsBlank)
            {
                var below = grid.Rows[i + 1];
                var refined = row.Cells.Select(c =>
                {
                    var lower = below[c.Column];
                    var lowerField = lower is { IsBlank: false } ? ColumnSynonyms.FieldOf(lower.Text!, overrides) : null;
                    return lowerField is not null && lower!.MergedFrom != (row.Number, c.Column) && lower.Text != c.Text ? (lower.Text!, lowerField) : (c.Text ?? "", fields[c.Column - 1]);
                }).ToList();
                if (refined.Count(x => x.Item2 is not null) > distinct.Count && below.Cells.Count(c => !c.IsBlank && ColumnSynonyms.FieldOf(c.Text!, overrides) is null) <= 1)
                    return new Header(i, i + 1, refined.Select(x => x.Item1).ToList(), refined.Select(x => x.Item2).ToList(), refined.Count(x => x.Item2 is not null));
            }
            return new Header(i, i, row.Cells.Select(c => c.Text ?? "").ToList(), fields, distinct.Count);
        }
        return null;
    }

    private List<RawRow> InterpretBody(SourceGrid grid, Header header, List<string> notices)
    {
        var carried = new Dictionary<Field, string>();
        var result = new List<RawRow>();
        var blank = 0;
        var nameColumn = header.Fields.ToList().IndexOf(Field.Name);
        foreach (var row in grid.Rows.Skip(header.LastRowIndex + 1))
        {
            if (row.Hidden)
                continue;
            if (row.IsBlank)
            {
                blank++;
                continue;
            }
            var cells = Enumerable.Range(0, Math.Max(header.Labels.Count, row.Cells.Count))
                .Select(i => new KeyValuePair<string, string?>(
                    i < header.Labels.Count && header.Labels[i].Length > 0 ? header.Labels[i] : ColumnLabel(i + 1),
                    row[i + 1]?.Text))
                .ToList();
            var flag = StructureFlag(row, header, nameColumn, carried);
            var evidence = row.Cells.Any(c => c.Ocr is not null) ? Enumerable.Range(1, cells.Count).Select(c => row[c]?.Ocr).ToList() : null;
            result.Add(new RawRow(row.Number, grid.Name, cells, carried.Count > 0 ? new Dictionary<Field, string>(carried) : null, header.Fields, flag is null ? null : [flag], evidence));
        }
        if (blank > 0)
            notices.Add(string.Create(CultureInfo.InvariantCulture, $"{grid.Name}: {blank} blank rows below the header were skipped"));
        return FlagShift(grid.Name, header, nameColumn, result, notices);
    }

    /// <summary>A reason when the row is structure, not a clinic; updates the carried section fields.</summary>
    private RowReason? StructureFlag(GridRow row, Header header, int nameColumn, Dictionary<Field, string> carried)
    {
        var texts = row.DistinctTexts;
        var where = string.Create(CultureInfo.InvariantCulture, $"row {row.Number}");
        if (texts.Count >= 2 && row.Cells.Count(c => !c.IsBlank && ColumnSynonyms.FieldOf(c.Text!, overrides) is not null) >= Math.Min(header.Score, 2)
            && texts.Any(t => ColumnSynonyms.FieldOf(t, overrides) == Field.Name))
            return new RowReason("row.repeated_header", null, $"{where} repeats the header", ReasonSeverity.Reject);
        if (texts.Count != 1)
            return null;
        var text = texts[0];
        var nameCell = nameColumn >= 0 ? row[nameColumn + 1] : null;
        var spans = row.Cells.Count(c => !c.IsBlank) > 1;
        if (NoteStart().IsMatch(text))
            return new RowReason("row.note", null, $"{where} is a note: '{text}'", ReasonSeverity.Reject);
        var heading = SectionNumber().Replace(SectionCount().Replace(text, ""), "").Trim();
        var numberedSection = (SectionNumber().IsMatch(text) || SectionCount().IsMatch(text)) && heading != text && DivisionLike().IsMatch(heading);
        if (!spans && nameCell is { IsBlank: false } && !numberedSection)
            return null;
        if (heading.Contains("发热门诊", StringComparison.Ordinal) || heading.Contains("定点医院", StringComparison.Ordinal) || heading.Contains("发热诊室", StringComparison.Ordinal))
        {
            carried.Remove(Field.County);
            carried[Field.Kind] = heading;
            return new RowReason("row.section_heading", null, $"{where} is the section heading '{text}'; its kind is carried to the rows below", ReasonSeverity.Reject);
        }
        if (DivisionLike().IsMatch(heading))
        {
            carried[Field.County] = heading;
            return new RowReason("row.section_heading", null, $"{where} is the section heading '{text}'; its district {heading} is carried to the rows below", ReasonSeverity.Reject);
        }
        return new RowReason("row.note", null, $"{where} holds only '{text}', not a clinic", ReasonSeverity.Reject);
    }

    /// <summary>
    /// Flags every row of a sheet whose name column mostly does not hold institution names while a neighbouring
    /// column mostly does: the data is shifted against the header.
    /// </summary>
    private static List<RawRow> FlagShift(string sheet, Header header, int nameColumn, List<RawRow> rows, List<string> notices)
    {
        var data = rows.Where(r => r.Flags is null).ToList();
        if (nameColumn < 0 || data.Count < 3)
            return rows;
        double Share(int column) => data.Count(r => column >= 0 && column < r.Cells.Count && InstitutionName().IsMatch(r.Cells[column].Value ?? "")) / (double)data.Count;
        var own = Share(nameColumn);
        var neighbour = new[] { nameColumn - 1, nameColumn + 1 }.Where(c => c >= 0).Select(c => (Column: c, Share: Share(c))).MaxBy(x => x.Share);
        if (own >= 0.3 || neighbour.Share < 0.6)
            return rows;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{sheet}: the columns look shifted against the header: '{header.Labels[nameColumn]}' holds names in {own:P0} of rows, the column beside it in {neighbour.Share:P0}");
        notices.Add(message);
        var reason = new RowReason("sheet.columns_shifted", "name", message, ReasonSeverity.Review);
        return rows.Select(r => r.Flags is null ? r with { Flags = [reason] } : r).ToList();
    }

    private static string ColumnLabel(int column)
    {
        var label = "";
        for (var n = column; n > 0; n = (n - 1) / 26)
            label = (char)('A' + (n - 1) % 26) + label;
        return "列" + label;
    }

    [GeneratedRegex(@"^\s*(注|备注|说明|附|来源|数据来源|资料来源|以上|温馨提示|\*|※)")]
    private static partial Regex NoteStart();

    [GeneratedRegex(@"^\s*(?:[一二三四五六七八九十百]+|\d+|[(（][一二三四五六七八九十\d]+[)）])\s*[、.．)）]?\s*")]
    private static partial Regex SectionNumber();

    [GeneratedRegex(@"[(（]\s*(?:共\s*)?\d+\s*(?:家|个|所)?\s*[)）]\s*$")]
    private static partial Regex SectionCount();

    [GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}]{1,12}(区|县|市|旗|新区|开发区|自治县)$|^(市直|市属|市本级|市区|城区|主城区|直属)")]
    private static partial Regex DivisionLike();

    [GeneratedRegex(@"医院|卫生院|中心|门诊|诊所|保健院|保健所|医疗|卫生室|分院|院区|卫生服务站|防治院|疗养院")]
    private static partial Regex InstitutionName();
}
