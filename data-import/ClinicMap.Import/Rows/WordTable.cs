using ClinicMap.Core.Text;

namespace ClinicMap.Import.Rows;

/// <summary>A word and its box on a page (PDF points or image pixels), with how sure the source is of it.</summary>
public sealed record PlacedWord(string Text, double XMin, double YMin, double XMax, double YMax, int Confidence = 100);

/// <summary>
/// Rebuilds a table from positioned words, for PDFs with a text layer and for unruled tables read by OCR. Words are
/// grouped into lines by their vertical centre; the first line naming at least two known columns is the header,
/// whose words (neighbours closer than a character joined into one) anchor the columns: each boundary falls in the
/// gap between two anchors where the fewest body words straddle it, and a word belongs to the column its left edge
/// is in. A line with nothing in the first column directly under a row, closer to it than rows are to each other,
/// is that row's wrapped continuation.
/// O(words × columns).
/// </summary>
public static class WordTable
{
    /// <summary>One line of words on a page, left to right.</summary>
    public sealed class Line(int page, List<PlacedWord> words)
    {
        public int Page { get; } = page;

        public List<PlacedWord> Words { get; } = words;

        public double Top => Words.Min(w => w.YMin);

        public double Centre => Words.Average(w => (w.YMin + w.YMax) / 2);

        public double Bottom => Words.Max(w => w.YMax);

        public double Height => Words.Max(w => w.YMax - w.YMin);

        public string Text => string.Join(' ', Words.Select(w => w.Text));
    }

    /// <summary>
    /// The words of one page grouped into lines, top to bottom. A word standing over most of one already in the line
    /// starts the next line: in a dense table a wrapped cell's second line sits as close to the first as rows do to
    /// each other, and two words one above the other are never of one line.
    /// </summary>
    public static List<Line> GroupLines(IEnumerable<PlacedWord> words, int page)
    {
        var lines = new List<Line>();
        foreach (var word in words.OrderBy(w => (w.YMin + w.YMax) / 2).ThenBy(w => w.XMin))
        {
            var centre = (word.YMin + word.YMax) / 2;
            var line = lines.LastOrDefault();
            if (line is not null && Math.Abs(centre - line.Centre) <= 0.5 * Math.Max(line.Height, word.YMax - word.YMin) && !line.Words.Any(w => Across(w, word)))
                line.Words.Add(word);
            else
                lines.Add(new Line(page, [word]));
        }
        foreach (var line in lines)
            line.Words.Sort((a, b) => a.XMin.CompareTo(b.XMin));
        return lines;
    }

    /// <summary>Whether two words stand one over the other across more than half the narrower one's width.</summary>
    private static bool Across(PlacedWord a, PlacedWord b) =>
        Math.Min(a.XMax, b.XMax) - Math.Max(a.XMin, b.XMin) > 0.5 * Math.Min(a.XMax - a.XMin, b.XMax - b.XMin);

    /// <summary>
    /// The table's rows (header included) with cells made by <paramref name="cell"/> from each column's words, and
    /// the index of the header line among <paramref name="lines"/>; <c>null</c> when no line looks like a header.
    /// </summary>
    public static (List<GridRow> Rows, int HeaderIndex)? Build(List<Line> lines, Func<int, IReadOnlyList<PlacedWord>, GridCell> cell, Func<string, Field?> fieldOf)
    {
        if (FindHeader(lines, fieldOf) is not var (headerIndex, span, header))
            return null;
        // A header wrapped over several lines stands as one line of its stacked words.
        lines = [.. lines.Take(headerIndex), header, .. lines.Skip(headerIndex + span)];
        var body = lines.Skip(headerIndex + 1).ToList();
        var anchors = Anchors(lines[headerIndex], fieldOf);
        var bounds = ColumnBounds(anchors, body);
        var nameColumn = anchors.FindIndex(a => fieldOf(a.Text) == Field.Name) + 1;
        if (WordRows.Build(body, bounds.Count + 1, w => ColumnOf(w, bounds), nameColumn) is { } bodyRows)
        {
            var headerLine = lines[headerIndex];
            return ([
                new GridRow(headerIndex + 1, Enumerable.Range(1, bounds.Count + 1).Select(c => cell(c, headerLine.Words.Where(w => ColumnOf(w, bounds) == c).ToList())).ToList(), Top: PageTop.Of(headerLine.Page, headerLine.Top)),
                .. bodyRows.Select((row, k) => new GridRow(headerIndex + 2 + k, row.Cells.Select((words, c) => cell(c + 1, words)).ToList(), Top: PageTop.Of(row.Page, row.Top))),
            ], headerIndex);
        }
        // Bands that cannot be trusted (WordRows): line by line, a line without a first cell continuing the row above.
        var pitch = RowPitch(body, bounds);
        var rows = new List<GridRow>();
        var number = 0;
        Line? previous = null;
        foreach (var line in lines.Skip(headerIndex))
        {
            number++;
            var cells = Enumerable.Range(1, bounds.Count + 1).Select(c => cell(c, line.Words.Where(w => ColumnOf(w, bounds) == c).ToList())).ToList();
            var gap = previous is null ? double.MaxValue : line.Top - previous.Top;
            previous = line;
            if (number > 2 && cells[0].IsBlank && !cells.All(c => c.IsBlank)
                && line.Page == rows[^1].Top.Page() && line.Top - rows[^1].Top.Y() < 2.2 * line.Height
                && (pitch is not { } rowPitch || gap < 0.85 * rowPitch))
            {
                rows[^1] = Continue(rows[^1], cells);
                continue;
            }
            rows.Add(new GridRow(headerIndex + number, cells, Top: PageTop.Of(line.Page, line.Top)));
        }
        return (rows, headerIndex);
    }

    /// <summary>
    /// A cell's text from its words in reading order: words of one line apart by a space, a wrapped line's words
    /// straight after the line above (a list's cells wrap wherever the width ends, inside a word or a number).
    /// </summary>
    public static string CellText(IReadOnlyList<PlacedWord> words)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0 && (words[i].YMin + words[i].YMax) / 2 < words[i - 1].YMax)
                text.Append(' ');
            text.Append(words[i].Text);
        }
        return text.ToString();
    }

    /// <summary>
    /// The header: the first line whose words name at least two known columns, read with the one or two lines
    /// stacked tightly under it when they name more together (a header whose cells wrap: 序/号, 县（/区）,
    /// 医疗机构/名称); its index, how many lines it spans, and its words with each column's stacked words joined.
    /// </summary>
    public static (int Index, int Span, Line Header)? FindHeader(List<Line> lines, Func<string, Field?> fieldOf)
    {
        int Known(Line line) => Anchors(line, fieldOf).Count(a => fieldOf(a.Text) is not null);
        for (var i = 0; i < lines.Count; i++)
        {
            (int Span, Line Header, int Known)? best = null;
            for (var span = 1; span <= 3 && i + span <= lines.Count; span++)
            {
                var last = lines[i + span - 1];
                var gap = span == 1 ? 0 : last.Top - lines[i + span - 2].Bottom;
                // A line that is a header by itself starts the header unless it overlaps the line above (the header's
                // cells centred on others that wrap): a title above it is no part of it.
                if (span > 1 && (last.Page != lines[i].Page || gap > 0.6 * lines[i + span - 2].Height || Known(last) >= 2 && gap > 0))
                    break;
                // A wrapped header's first line names a column or holds only the starts of wrapped names (序, 县（);
                // a title or a date line does neither.
                if (span == 2 && Known(lines[i]) == 0 && lines[i].Words.Any(w => w.Text.Length > 2))
                    break;
                var header = span == 1 ? lines[i] : Stacked(lines.GetRange(i, span));
                var known = Known(header);
                // As many known columns with one more line: its words end the header's wrapped cells (号 under 序,
                // （州） under 市) when they are all short, as a header's wrapped ends are and a row's cells are not.
                var ends = best is not null && known == best.Value.Known && last.Words.All(w => w.Text.Length <= 3) && gap <= 0;
                if (known >= 2 && (best is null || known > best.Value.Known || ends))
                    best = (span, header, known);
            }
            if (best is { } found)
                return (i, found.Span, found.Header);
        }
        return null;
    }

    /// <summary>Lines read as one: words whose boxes overlap across are one word, their texts joined top to bottom.</summary>
    private static Line Stacked(List<Line> lines)
    {
        var stacks = new List<List<PlacedWord>>();
        foreach (var word in lines.SelectMany(l => l.Words).OrderBy(w => w.XMin))
        {
            var stack = stacks.LastOrDefault();
            if (stack is not null && word.XMin < stack.Max(w => w.XMax) && stack.All(w => w.YMax <= word.YMin || w.YMin >= word.YMax || w == word))
                stack.Add(word);
            else
                stacks.Add([word]);
        }
        return new Line(lines[0].Page, stacks.Select(stack =>
        {
            var ordered = stack.OrderBy(w => w.YMin).ThenBy(w => w.XMin).ToList();
            return new PlacedWord(string.Concat(ordered.Select(w => w.Text)), stack.Min(w => w.XMin), stack.Min(w => w.YMin), stack.Max(w => w.XMax), stack.Max(w => w.YMax), stack.Min(w => w.Confidence));
        }).ToList());
    }

    /// <summary>
    /// The usual distance between the tops of two adjacent rows, from adjacent lines that both start a row (a word
    /// in the first column); <c>null</c> with fewer than three such pairs. A wrapped line sits closer to its row
    /// than the next row does (no cell padding between), so a line at the full pitch is a row whose first cell
    /// was left empty or not read (a serial number lost to noise), not a continuation.
    /// </summary>
    private static double? RowPitch(List<Line> body, IReadOnlyList<Bound> bounds)
    {
        var gaps = new List<double>();
        for (var i = 0; i + 1 < body.Count; i++)
        {
            if (body[i].Page == body[i + 1].Page && body[i].Words.Any(w => ColumnOf(w, bounds) == 1) && body[i + 1].Words.Any(w => ColumnOf(w, bounds) == 1))
                gaps.Add(body[i + 1].Top - body[i].Top);
        }
        return gaps.Count < 3 ? null : gaps.Order().ElementAt(gaps.Count / 2);
    }

    /// <summary>
    /// The header's words, with neighbours closer than one character height joined when together they name a column
    /// (<c>医院 名称</c>) or neither alone does (<c>医 院</c>, on the way to <c>医院名称</c>); never a column's name
    /// with its neighbour's (<c>编号 县市区</c>, set close in narrow columns); words of punctuation alone left out.
    /// </summary>
    private static List<PlacedWord> Anchors(Line header, Func<string, Field?> fieldOf)
    {
        var anchors = new List<PlacedWord>();
        // A mark read as punctuation alone (a speck, the corner of a shaded cell) names no column and must not widen one.
        foreach (var word in header.Words.Where(w => TextNormalizer.MatchKey(w.Text).Length > 0))
        {
            if (anchors.Count > 0 && word.XMin - anchors[^1].XMax < 0.8 * (word.YMax - word.YMin)
                && (fieldOf(anchors[^1].Text + word.Text) is not null || fieldOf(anchors[^1].Text) is null && fieldOf(word.Text) is null))
                anchors[^1] = anchors[^1] with { Text = anchors[^1].Text + word.Text, XMax = word.XMax, YMin = Math.Min(anchors[^1].YMin, word.YMin), YMax = Math.Max(anchors[^1].YMax, word.YMax) };
            else
                anchors.Add(word);
        }
        return anchors;
    }

    private static GridRow Continue(GridRow row, List<GridCell> more) => row with
    {
        Cells = row.Cells.Select(c => more[c.Column - 1].IsBlank ? c : c with { Text = TextNormalizer.Clean($"{c.Text}{more[c.Column - 1].Text}") }).ToList(),
    };

    /// <summary>A boundary between two columns: x = <see cref="X"/> + <see cref="Lean"/> · (y − <see cref="AtY"/>).</summary>
    private readonly record struct Bound(double X, double Lean, double AtY)
    {
        public double At(double y) => X + Lean * (y - AtY);
    }

    private static int ColumnOf(PlacedWord word, IReadOnlyList<Bound> bounds)
    {
        // Cells are left-aligned or centred inside their column, so a word's left edge tells its column; a note
        // that runs across the page starts in the first column and so is never mistaken for a wrapped cell.
        var left = word.XMin + 0.5;
        var y = (word.YMin + word.YMax) / 2;
        var column = 1;
        foreach (var bound in bounds)
        {
            if (left > bound.At(y))
                column++;
        }
        return column;
    }

    /// <summary>Leans a boundary may take (dx per dy): a page photographed in perspective narrows towards its far edge.</summary>
    private static readonly double[] Leans = [0, -0.01, 0.01, -0.02, 0.02, -0.03, 0.03, -0.045, 0.045];

    /// <summary>
    /// Boundaries between consecutive header anchors, each where the fewest body words straddle it, upright unless a
    /// leaning one (<see cref="Leans"/>, through the same gap at the header's height) is straddled by fewer still
    /// (only on a single page: an image).
    /// </summary>
    private static List<Bound> ColumnBounds(List<PlacedWord> anchors, List<Line> body)
    {
        var bodyWords = body.SelectMany(l => l.Words).Select(w => (w.XMin, w.XMax, Y: (w.YMin + w.YMax) / 2)).ToList();
        // A table over several pages (a PDF's) stands upright on each of them.
        var leans = body.Select(l => l.Page).Distinct().Count() > 1 ? [0] : Leans;
        var bounds = new List<Bound>();
        for (var i = 0; i + 1 < anchors.Count; i++)
        {
            double from = anchors[i].XMax, to = anchors[i + 1].XMin, atY = (anchors[i].YMin + anchors[i].YMax) / 2;
            if (to <= from)
            {
                bounds.Add(new Bound((from + to) / 2, 0, atY));
                continue;
            }
            var best = new Bound((from + to) / 2, 0, atY);
            var fewest = int.MaxValue;
            foreach (var lean in leans)
            {
                for (var step = 0; step <= 20; step++)
                {
                    var bound = new Bound(from + (to - from) * step / 20, lean, atY);
                    var straddling = bodyWords.Count(w => w.XMin < bound.At(w.Y) && w.XMax > bound.At(w.Y));
                    if (straddling < fewest || straddling == fewest && lean == best.Lean && Math.Abs(bound.X - (from + to) / 2) < Math.Abs(best.X - (from + to) / 2))
                        (best, fewest) = (bound, straddling);
                }
            }
            bounds.Add(best);
        }
        return bounds;
    }
}
