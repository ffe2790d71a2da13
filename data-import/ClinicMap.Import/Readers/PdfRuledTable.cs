using ClinicMap.Core.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// A text PDF's table laid out by the rules it draws. pdftotext gives the words and their boxes but not the lines
/// between cells, and a list whose cells wrap and are centred in their rows (a one-line name level with the middle
/// of a three-line address, a city merged down five rows) cannot always be cut into rows from the words alone
/// (<see cref="WordTable"/>); the rules say which words share a cell. Each page is rasterised and its rules found by
/// the page reader (<see cref="IPageReader.FindRules"/>); each word goes to the cell its middle stands in, a cell's
/// words read line by line, and a merged region's text stands in every cell it covers (<see cref="GridCell.MergedFrom"/>).
/// The pages' tables are one table: the header need not repeat, and the first row of a page left blank in a column
/// nearly every row fills (a serial number) is the rest of the row the page break cut; a page's first or last row
/// there may lack its rule, and is read from the lines just outside the rules, in the columns. Other lines outside the rules are
/// kept: those above the first table are the title and issuing lines, the others (notes, page numbers) rows of their
/// own, for the table interpreter to judge.
/// Used only when every page with words has rules, all with one number of columns, and a header in the first rows;
/// otherwise the caller lays the words out without rules.
/// </summary>
internal static class PdfRuledTable
{
    /// <summary>The resolution pages are rasterised at to find their rules: a thin rule is still a pixel wide.</summary>
    public const int Dpi = 100;

    /// <summary>A word's box on the page's raster, in pixels.</summary>
    public static CellBox Ink(PlacedWord word)
    {
        int left = (int)Math.Floor(word.XMin * Scale), top = (int)Math.Floor(word.YMin * Scale);
        return new CellBox(0, left, top, (int)Math.Ceiling(word.XMax * Scale) - left, (int)Math.Ceiling(word.YMax * Scale) - top);
    }

    /// <summary>Rows the header is looked for in.</summary>
    private const int HeaderRows = 20;

    /// <summary>A column is one nearly every row fills when this share of the body's rows do.</summary>
    private const double UsualShare = 0.9;

    private const double Scale = Dpi / 72.0;

    /// <summary>
    /// The table's rows over all <paramref name="pages"/> (words in points, a page's <paramref name="rules"/> in
    /// pixels at <see cref="Dpi"/>) and the lines above the first page's table; <c>null</c> when the rules do not
    /// make the table.
    /// </summary>
    public static (List<GridRow> Rows, List<WordTable.Line> Above)? Build(IReadOnlyList<List<PlacedWord>> pages, IReadOnlyList<PageRules?> rules)
    {
        if (Place(pages, rules) is not var (rows, above, pageStarts, columns) || Header(rows.Select(r => r.Cells).ToList()) is not { } header)
            return null;
        // Columns nearly every row fills, judged on the rows that do not start a page (those are what is judged by them).
        var body = Enumerable.Range(header + 1, rows.Count - header - 1).Where(i => rows[i].Ruled && !pageStarts.Contains(i)).Select(i => rows[i]).ToList();
        bool Usual(Func<GridCell, bool> fills, int c) => body.Count(r => fills(r.Cells[c])) >= UsualShare * body.Count;
        var starts = pageStarts.Skip(1).Where(s => s > header + 1 && s < rows.Count).ToList();
        // A column filled with each row's own text (a serial number; not a city merged down its rows) tells a cut row.
        var continued = JoinCut(rows, starts, Enumerable.Range(0, columns).Where(c => Usual(cell => !cell.IsBlank && cell.MergedFrom is null, c)).ToList());
        FillMerged(rows, starts, continued, Enumerable.Range(0, columns).Where(c => Usual(cell => !cell.IsBlank, c)).ToList());
        // Rows numbered as they stand once the cut rows are joined; a merged cell points at its region's row by that number.
        var numbers = new int[rows.Count];
        for (int i = 0, n = 0; i < rows.Count; i++)
            numbers[i] = continued.TryGetValue(i, out var into) ? numbers[into] : ++n;
        var table = Enumerable.Range(0, rows.Count).Where(i => !continued.ContainsKey(i)).Select(i => new GridRow(numbers[i],
            rows[i].Cells.Select(c => c.MergedFrom is { } from ? c with { MergedFrom = (numbers[from.Row - 1], from.Column) } : c).ToList(),
            Top: PageTop.Of(rows[i].Page, rows[i].Top))).ToList();
        return (table, above);
    }

    /// <summary>One row as placed: its cells, page and top (points), and whether the rules drew it (a note outside them is not).</summary>
    private readonly record struct Row(GridCell[] Cells, int Page, double Top, bool Ruled);

    /// <summary>
    /// Every page's words placed in its rules: the rows in order (a page's notes before and after its table), the
    /// lines above the first table, where each page's rows start, and the number of columns; <c>null</c> when a page
    /// with words has no rules or other columns than the first.
    /// </summary>
    private static (List<Row> Rows, List<WordTable.Line> Above, List<int> PageStarts, int Columns)? Place(IReadOnlyList<List<PlacedWord>> pages, IReadOnlyList<PageRules?> rules)
    {
        var rows = new List<Row>();
        var above = new List<WordTable.Line>();
        var pageStarts = new List<int>();
        int? columns = null;
        var last = Enumerable.Range(0, pages.Count).LastOrDefault(p => pages[p].Count > 0);
        PageRules? previous = null;
        for (var p = 0; p < pages.Count; p++)
        {
            if (pages[p].Count == 0)
                continue;
            if (rules[p] is null && previous is not null && rows.Count > 0)
            {
                // A page the table only runs on to, without a rule of its own (the end of a cut row's cells): its first
                // lines within the table's width are that row's rest, in the columns of the page before.
                var loose = WordTable.GroupLines(pages[p], p + 1);
                var rest = loose.TakeWhile(l => Within(previous, l) && (l.Centre - loose[0].Centre) * Scale <= Reach * RowHeight(previous)).ToList();
                pageStarts.Add(rows.Count);
                if (rest.Count > 0)
                    rows.Add(OpenRow(previous, rest, p + 1));
                rows.AddRange(loose.Skip(rest.Count).Select(l => Note(l, previous.Columns)));
                continue;
            }
            if (rules[p] is not { } grid || (columns ??= grid.Columns) != grid.Columns)
                return null;
            previous = grid;
            var inCell = grid.Regions.ToDictionary(r => r, _ => new List<PlacedWord>());
            var outside = new List<PlacedWord>();
            foreach (var word in pages[p])
            {
                var (x, y) = ((word.XMin + word.XMax) / 2 * Scale, (word.YMin + word.YMax) / 2 * Scale);
                if (grid.Regions.FirstOrDefault(r => r.Contains(x, y)) is { } region)
                    inCell[region].Add(word);
                else
                    outside.Add(word);
            }
            var lines = WordTable.GroupLines(outside, p + 1);
            var before = lines.Where(l => l.Centre * Scale < grid.Top).ToList();
            // A table continued from the page before may start with a row whose top rule is not drawn.
            var open = rows.Count == 0 ? [] : before.Where(l => l.Centre * Scale >= grid.Top - Reach * RowHeight(grid) && Within(grid, l)).ToList();
            // And one that goes on to the next page may end with a row whose bottom rule is not drawn.
            var after = lines.Except(before).ToList();
            var openEnd = p >= last ? [] : after.Where(l => l.Centre * Scale <= grid.Bottom + Reach * RowHeight(grid) && Within(grid, l)).ToList();
            if (rows.Count == 0)
                above.AddRange(before);
            else
                rows.AddRange(before.Except(open).Select(l => Note(l, columns.Value)));
            pageStarts.Add(rows.Count);
            if (open.Count > 0)
                rows.Add(OpenRow(grid, open, p + 1));
            rows.AddRange(Cells(grid, inCell, rows.Count, p + 1));
            if (openEnd.Count > 0)
                rows.Add(OpenRow(grid, openEnd, p + 1));
            rows.AddRange(after.Except(openEnd).Select(l => Note(l, columns.Value)));
        }
        return columns is null ? null : (rows, above, pageStarts, columns.Value);
    }

    /// <summary>
    /// Each page's first row joined to the last row above it when it is the rest of a row the page break cut: the two
    /// fill a column of <paramref name="usual"/> once between them (a serial number is on one page only). The joined
    /// rows, by index, each with the row it joined.
    /// </summary>
    private static Dictionary<int, int> JoinCut(List<Row> rows, List<int> starts, List<int> usual)
    {
        var continued = new Dictionary<int, int>();
        foreach (var start in starts.Where(s => rows[s].Ruled))
        {
            if (Before(rows, start, continued) is { } into && usual.Any(c => rows[start].Cells[c].IsBlank != rows[into].Cells[c].IsBlank))
            {
                rows[into] = rows[into] with { Cells = rows[into].Cells.Select((cell, c) => Joined(cell, rows[start].Cells[c])).ToArray() };
                continued[start] = into;
            }
        }
        return continued;
    }

    /// <summary>
    /// A cell merged down rows that the page break cut: the new page's part is blank, its text on the page before.
    /// In a column <paramref name="filled"/> nearly every row fills, a page's first rows left blank take the cell above them.
    /// </summary>
    private static void FillMerged(List<Row> rows, List<int> starts, Dictionary<int, int> continued, List<int> filled)
    {
        foreach (var start in starts)
        {
            var kept = Enumerable.Range(start, rows.Count - start).Where(i => rows[i].Ruled && !continued.ContainsKey(i) && rows[i].Page == rows[start].Page).ToList();
            if (kept.Count == 0 || Before(rows, kept[0], continued) is not { } previous)
                continue;
            foreach (var c in filled)
            {
                var from = rows[previous].Cells[c].MergedFrom ?? (previous + 1, c + 1);
                foreach (var i in kept.TakeWhile(i => rows[i].Cells[c].IsBlank))
                    rows[i].Cells[c] = rows[previous].Cells[c] with { Column = c + 1, MergedFrom = from };
            }
        }
    }

    /// <summary>The last ruled row before <paramref name="index"/> that was not joined to another.</summary>
    private static int? Before(List<Row> rows, int index, Dictionary<int, int> continued) =>
        Enumerable.Range(0, index).Reverse().Where(i => rows[i].Ruled && !continued.ContainsKey(i)).Cast<int?>().FirstOrDefault();

    /// <summary>One page's ruled rows, each region's words read line by line; a merged region's text in every cell it covers, pointing at its first (by index + 1 among all rows).</summary>
    private static IEnumerable<Row> Cells(PageRules grid, Dictionary<RuledRegion, List<PlacedWord>> words, int before, int page)
    {
        var cells = new GridCell[grid.Rows, grid.Columns];
        var tops = new double[grid.Rows];
        foreach (var region in grid.Regions)
        {
            var text = words[region].Count == 0 ? null : TextNormalizer.Clean(WordTable.CellText(WordTable.GroupLines(words[region], page).SelectMany(l => l.Words).ToList()));
            tops[region.Row] = region.Top / Scale;
            for (var r = region.Row; r <= region.LastRow; r++)
            {
                for (var c = region.Column; c <= region.LastColumn; c++)
                    cells[r, c] = new GridCell(c + 1, text, r == region.Row && c == region.Column ? null : (before + region.Row + 1, region.Column + 1));
            }
        }
        for (var r = 0; r < grid.Rows; r++)
            yield return new Row(Enumerable.Range(0, grid.Columns).Select(c => cells[r, c] ?? new GridCell(c + 1, null)).ToArray(), page, tops[r], true);
    }

    /// <summary>How many of its usual rows above a page's first rule a continued table's undrawn first row may reach.</summary>
    private const double Reach = 3;

    /// <summary>The usual height of a page's rows, in pixels.</summary>
    private static double RowHeight(PageRules grid)
    {
        var heights = grid.Regions.Where(r => r.LastRow == r.Row).Select(r => r.Bottom - r.Top).Order().ToList();
        return heights.Count == 0 ? (grid.Bottom - grid.Top) / grid.Rows : heights[heights.Count / 2];
    }

    private static bool Within(PageRules grid, WordTable.Line line) => line.Words.All(w => w.XMin * Scale >= grid.Left && w.XMax * Scale <= grid.Right);

    /// <summary>Lines just outside a page's rules, inside the table's width, as the row whose top or bottom rule was not drawn: each word in the column it stands in.</summary>
    private static Row OpenRow(PageRules grid, List<WordTable.Line> lines, int page)
    {
        var spans = Enumerable.Range(0, grid.Columns).Select(c => (Left: grid.Regions.Where(r => r.Column == c).Min(r => r.Left), Right: grid.Regions.Where(r => r.LastColumn == c).Max(r => r.Right))).ToList();
        var words = lines.SelectMany(l => l.Words).ToList();
        var cells = spans.Select((span, c) =>
        {
            var inColumn = words.Where(w => (w.XMin + w.XMax) / 2 * Scale >= span.Left && (w.XMin + w.XMax) / 2 * Scale < span.Right).ToList();
            return new GridCell(c + 1, inColumn.Count == 0 ? null : TextNormalizer.Clean(WordTable.CellText(WordTable.GroupLines(inColumn, page).SelectMany(l => l.Words).ToList())));
        }).ToArray();
        return new Row(cells, page, lines.Min(l => l.Top), true);
    }

    /// <summary>A line outside the rules as a row of its own, its text in the first cell.</summary>
    private static Row Note(WordTable.Line line, int columns) =>
        new(Enumerable.Range(1, columns).Select(c => new GridCell(c, c == 1 ? TextNormalizer.Clean(line.Text) : null)).ToArray(), line.Page, line.Top, false);

    /// <summary>A cell cut by the page break with its rest from the next page.</summary>
    private static GridCell Joined(GridCell cell, GridCell rest) =>
        rest.IsBlank ? cell : cell with { Text = TextNormalizer.Clean($"{cell.Text}{rest.Text}") };

    /// <summary>The first of the first rows that names the clinic column and another known one, as the table interpreter requires.</summary>
    private static int? Header(List<GridCell[]> rows)
    {
        for (var i = 0; i < Math.Min(HeaderRows, rows.Count); i++)
        {
            var fields = rows[i].Select(c => c.Text is { } text ? ColumnSynonyms.FieldOf(text) : null).OfType<Field>().ToList();
            if (fields.Contains(Field.Name) && fields.Distinct().Count() >= 2)
                return i;
        }
        return null;
    }
}
