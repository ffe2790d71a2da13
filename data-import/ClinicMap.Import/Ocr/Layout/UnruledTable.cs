using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr.Layout;

/// <summary>
/// The columns of a table printed without rules, from the ink itself: a gutter is a run of pixel columns that
/// (almost) no line of the table inks, at least half a line high wide; the columns lie between gutters. Tesseract's
/// own word boxes cannot be trusted for this — it glues the end of one cell to the start of the next when the
/// gutter is narrow (<c>常州医疗区 天宁区</c> read as one word split in the wrong place). O(lines × width × line height).
/// </summary>
public static class UnruledTable
{
    /// <summary>A column's pixel span on the page, gutters' middles included.</summary>
    public readonly record struct Span(int Left, int Right)
    {
        public int Width => Right - Left;
    }

    /// <summary>
    /// The columns under <paramref name="lines"/> (the header line first, then the body), left to right, when there
    /// are <paramref name="expected"/> of them (the header's words) or more (header words Tesseract ran together,
    /// or a gutter inside a column, which the layout by header puts back together); <c>null</c> when fewer. A
    /// gutter is first looked for where no line inks at all; only when that finds too few columns is a line
    /// crossing the gutters (a note under the table) tolerated: a pixel column counts as inked only when more than
    /// a tenth of the lines ink it. (Preferring the tolerant split whenever it found exactly the header's count cut
    /// the longest names of a column in two: 岱山医疗健康集团秀山分 | 院岱山县….)
    /// </summary>
    public static IReadOnlyList<Span>? Columns(GrayImage page, IReadOnlyList<WordTable.Line> lines, int threshold, int expected)
    {
        if (lines.Count < 2)
            return null;
        var inkedBy = new int[page.Width];
        foreach (var line in lines)
        {
            var (top, bottom) = Band(line, page.Height);
            for (var x = 0; x < page.Width; x++)
            {
                var dark = 0;
                for (var y = top; y < bottom && dark < 2; y++)
                {
                    if (page[x, y] < threshold)
                        dark++;
                }
                if (dark >= 2)
                    inkedBy[x]++;
            }
        }
        var height = lines.Select(l => l.Height).Order().ElementAt(lines.Count / 2);
        var splits = new[] { 0, Math.Max(1, lines.Count / 10) }.Select(tolerance => Split(inkedBy, tolerance, height)).OfType<List<Span>>().ToList();
        return splits.FirstOrDefault(c => c.Count >= expected);
    }

    /// <summary>Columns between runs of pixel columns inked by at most <paramref name="tolerance"/> lines, from the first ink to the last.</summary>
    private static List<Span>? Split(int[] inkedBy, int tolerance, double height)
    {
        int first = Array.FindIndex(inkedBy, n => n > 0), last = Array.FindLastIndex(inkedBy, n => n > 0);
        if (first < 0)
            return null;
        var margin = (int)Math.Round(height / 2);
        var columns = new List<Span>();
        var left = Math.Max(0, first - margin);
        for (var x = first; x <= last;)
        {
            if (inkedBy[x] > tolerance)
            {
                x++;
                continue;
            }
            var start = x;
            while (x <= last && inkedBy[x] <= tolerance)
                x++;
            if (x - start >= height / 2 && x <= last)
            {
                var middle = (start + x) / 2;
                columns.Add(new Span(left, middle));
                left = middle;
            }
        }
        columns.Add(new Span(left, Math.Min(inkedBy.Length, last + 1 + margin)));
        return columns;
    }

    /// <summary>The pixel rows of a line's words, a fifth of its height wider on each side, within the page.</summary>
    public static (int Top, int Bottom) Band(WordTable.Line line, int pageHeight)
    {
        var pad = line.Height / 5;
        var top = (int)Math.Max(0, Math.Floor(line.Top - pad));
        var bottom = (int)Math.Min(pageHeight, Math.Ceiling(line.Bottom + pad));
        return (top, bottom);
    }
}
