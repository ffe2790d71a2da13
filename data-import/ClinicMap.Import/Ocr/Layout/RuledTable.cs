using ClinicMap.Import.Rows;
using ClinicMap.Import.Ocr.Engine;

namespace ClinicMap.Import.Ocr.Layout;

/// <summary>
/// Finds the grid of a ruled table in a deskewed grey page: horizontal rules are rows with a dark run at least
/// half as long as the longest such run on the page; vertical rules, between the first and last horizontal rule,
/// are columns with an unbroken dark run longer than one and a half table rows (text never crosses a rule, so no
/// glyph makes such a run). A boundary between two neighbouring cells counts only where at least 60% of it is
/// drawn, so merged cells (rowspan/colspan) become one region. O(width × height).
/// </summary>
public static class RuledTable
{
    /// <summary>One merged or single cell: its grid rows/columns (0-based, inclusive) and pixel rectangle inside the rules.</summary>
    public sealed record Region(int Row, int Column, int LastRow, int LastColumn, int X, int Y, int Width, int Height);

    /// <summary>The grid found, or <c>null</c> when the page has fewer than two rules either way.</summary>
    public sealed record Grid(IReadOnlyList<int> RowRules, IReadOnlyList<int> ColumnRules, IReadOnlyList<Region> Regions, int RuleThickness)
    {
        public int Rows => RowRules.Count - 1;

        public int Columns => ColumnRules.Count - 1;
    }

    public static Grid? Detect(GrayImage image)
    {
        var threshold = image.OtsuThreshold();
        bool Dark(int x, int y) => image[x, y] < threshold;

        var rowRuns = new int[image.Height];
        for (var y = 0; y < image.Height; y++)
            rowRuns[y] = LongestRun(image.Pixels, y * image.Width, 1, image.Width, threshold, gap: 2);
        var longest = rowRuns.Max();
        if (longest < 150)
            return null;
        var rows = Group(Enumerable.Range(0, image.Height).Where(y => rowRuns[y] >= longest / 2)).ToList();
        if (rows.Count < 2)
            return null;

        var top = rows[0].Start;
        var bottom = rows[^1].End;
        var rowHeight = Median(rows.Zip(rows.Skip(1), (a, b) => b.Centre - a.Centre));
        var columnRuns = new int[image.Width];
        for (var x = 0; x < image.Width; x++)
            columnRuns[x] = LongestRun(image.Pixels, top * image.Width + x, image.Width, bottom - top + 1, threshold, gap: 1);
        var columns = Group(Enumerable.Range(0, image.Width).Where(x => columnRuns[x] >= 1.5 * rowHeight)).ToList();
        if (columns.Count < 2)
            return null;

        var thickness = Math.Max(1, (int)Math.Ceiling(rows.Concat(columns).Average(r => r.End - r.Start + 1)));
        var rowRules = rows.Select(r => r.Centre).ToList();
        var columnRules = columns.Select(c => c.Centre).ToList();
        return new Grid(rowRules, columnRules, Regions(rowRules, columnRules, thickness, Dark), thickness);
    }

    /// <summary>
    /// Paints white, in the image's <see cref="GrayImage.Pixels"/> (what <see cref="Detect"/> reads), the ink inside
    /// each box the caller knows holds text, but for any row or column of the box that is dark all across it: a rule
    /// the box reaches over (a font's box stands well above and below its characters).
    /// </summary>
    public static void EraseText(GrayImage image, IEnumerable<CellBox> boxes)
    {
        var threshold = image.OtsuThreshold();
        foreach (var box in boxes)
        {
            int left = Math.Max(0, box.X), right = Math.Min(image.Width, box.X + box.Width), top = Math.Max(0, box.Y), bottom = Math.Min(image.Height, box.Y + box.Height);
            if (right - left < 2 || bottom - top < 2)
                continue;
            bool Across(int y) => Enumerable.Range(left, right - left).Count(x => image[x, y] < threshold) >= Ruled * (right - left);
            bool Down(int x) => Enumerable.Range(top, bottom - top).Count(y => image[x, y] < threshold) >= Ruled * (bottom - top);
            var rows = Enumerable.Range(top, bottom - top).Where(Across).ToHashSet();
            var columns = Enumerable.Range(left, right - left).Where(Down).ToHashSet();
            for (var y = top; y < bottom; y++)
            {
                if (rows.Contains(y))
                    continue;
                for (var x = left; x < right; x++)
                {
                    if (!columns.Contains(x))
                        image.Pixels[y * image.Width + x] = 255;
                }
            }
        }
    }

    /// <summary>The share of a text box's row or column that must be dark for it to be a rule passing through.</summary>
    private const double Ruled = 0.9;

    private static List<Region> Regions(List<int> rowRules, List<int> columnRules, int thickness, Func<int, int, bool> dark)
    {
        int rows = rowRules.Count - 1, columns = columnRules.Count - 1;
        var parent = Enumerable.Range(0, rows * columns).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        void Union(int a, int b) => parent[Find(a)] = Find(b);

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (c + 1 < columns && !Drawn(columnRules[c + 1], rowRules[r] + thickness + 1, rowRules[r + 1] - thickness - 1, vertical: true))
                    Union(r * columns + c, r * columns + c + 1);
                if (r + 1 < rows && !Drawn(rowRules[r + 1], columnRules[c] + thickness + 1, columnRules[c + 1] - thickness - 1, vertical: false))
                    Union(r * columns + c, (r + 1) * columns + c);
            }
        }

        bool Drawn(int at, int from, int to, bool vertical)
        {
            if (to <= from)
                return true;
            var drawn = 0;
            for (var i = from; i <= to; i++)
            {
                var hit = false;
                for (var d = -thickness; d <= thickness && !hit; d++)
                    hit = vertical ? dark(at + d, i) : dark(i, at + d);
                if (hit)
                    drawn++;
            }
            return drawn >= 0.6 * (to - from + 1);
        }

        return Enumerable.Range(0, rows * columns).GroupBy(Find).Select(g =>
        {
            int r0 = g.Min(i => i / columns), r1 = g.Max(i => i / columns), c0 = g.Min(i => i % columns), c1 = g.Max(i => i % columns);
            // Just inside the rules: sideways a little more (a vertical rule read as "1" or "|" spoils a cell), up and
            // down as little as possible (tight rows leave glyphs close to the rules); docs/BENCHMARKS.md.
            int insetX = thickness + 2, insetY = thickness + 1;
            return new Region(r0, c0, r1, c1, columnRules[c0] + insetX, rowRules[r0] + insetY,
                Math.Max(1, columnRules[c1 + 1] - columnRules[c0] - 2 * insetX), Math.Max(1, rowRules[r1 + 1] - rowRules[r0] - 2 * insetY));
        }).OrderBy(g => g.Row).ThenBy(g => g.Column).ToList();
    }

    /// <summary>
    /// The longest run of dark pixels (below <paramref name="threshold"/>) among <paramref name="length"/> pixels
    /// from <paramref name="start"/>, <paramref name="stride"/> apart (1 along a row, the width down a column),
    /// bridging gaps of up to <paramref name="gap"/> (JPEG noise, blur). Reads the array directly: it runs over
    /// every pixel of the page twice.
    /// </summary>
    private static int LongestRun(byte[] pixels, int start, int stride, int length, int threshold, int gap)
    {
        int best = 0, current = 0, misses = 0;
        for (int i = 0, at = start; i < length; i++, at += stride)
        {
            if (pixels[at] < threshold)
            {
                current += 1 + misses;
                misses = 0;
            }
            else if (current > 0 && misses < gap)
            {
                misses++;
            }
            else
            {
                current = 0;
                misses = 0;
            }
            best = Math.Max(best, current);
        }
        return best;
    }

    private sealed record Band(int Start, int End)
    {
        public int Centre => (Start + End) / 2;
    }

    private static IEnumerable<Band> Group(IEnumerable<int> positions)
    {
        int? start = null, last = null;
        foreach (var p in positions)
        {
            if (last is { } l && p > l + 1)
            {
                yield return new Band(start!.Value, l);
                start = null;
            }
            start ??= p;
            last = p;
        }
        if (start is { } s)
            yield return new Band(s, last!.Value);
    }

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
