namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// The text lines of a cell, as PaddleOCR's recognition model reads them: one line at a time, each scaled to the
/// model's height, so that two lines read as one band are squeezed into nonsense and a neighbour's strokes inside a
/// line's margin are read as quotes. Found from the rows and columns that hold ink; no model is involved.
/// </summary>
internal static class TextLines
{
    /// <summary>Blank rows that separate two lines of a cell; a single blank row inside a line (二, 三) does not.</summary>
    private const int LineGap = 2;

    /// <summary>The margin kept around a line's ink, across and down, in hundredths of its height.</summary>
    private const int MarginAcross = 100, MarginDown = 15;

    /// <summary>
    /// The text lines of a rectangle: bands of rows holding ink, split where at least <see cref="LineGap"/> rows hold
    /// none, or where one blank row parts a band into two of comparable height (<see cref="Tight"/>); a band lower
    /// than a third of the tallest (a stray mark, an underline) joins its nearer neighbour; each narrowed to its text
    /// (<see cref="Extent"/>), with a margin that never reaches into the next line.
    /// </summary>
    public static List<(int Left, int Top, int Right, int Bottom)> Find(GrayImage image, int x, int y, int width, int height, int threshold, bool filled)
    {
        bool Ink(int px, int py) => filled ? image[px, py] >= threshold : image[px, py] < threshold;
        // A row with less ink than this is blank: noise on a scan must not join two lines.
        var minimum = Math.Max(1, width / 200);
        bool Blank(int row)
        {
            var count = 0;
            for (var col = x; col < x + width && count < minimum; col++)
                count += Ink(col, row) ? 1 : 0;
            return count < minimum;
        }
        var bands = Joined(Bands(y, height, Blank).SelectMany(b => Tight(b.Top, b.Bottom, Blank)).ToList());
        var lines = new List<(int, int, int, int)>(bands.Count);
        for (var k = 0; k < bands.Count; k++)
        {
            var (top, bottom) = bands[k];
            // The strokes of a tight neighbour inside a line's margin are read as quotes.
            var (ceiling, floor) = (k > 0 ? bands[k - 1].Bottom : y, k < bands.Count - 1 ? bands[k + 1].Top : y + height);
            var inked = new bool[width];
            for (var row = top; row < bottom; row++)
            {
                for (var col = x; col < x + width; col++)
                    inked[col - x] |= Ink(col, row);
            }
            var (left, right) = Extent(inked, bottom - top);
            if (right < 0)
                continue;
            var (across, down) = (Math.Max(3, (bottom - top) * MarginAcross / 100), Math.Max(2, (bottom - top) * MarginDown / 100));
            lines.Add((Math.Max(x, x + left - across), Math.Max(ceiling, top - down), Math.Min(x + width, x + right + across), Math.Min(floor, bottom + down)));
        }
        return lines;
    }

    /// <summary>Runs of rows holding ink, parted by at least <see cref="LineGap"/> blank rows.</summary>
    private static List<(int Top, int Bottom)> Bands(int y, int height, Func<int, bool> blankRow)
    {
        var bands = new List<(int Top, int Bottom)>();
        var (start, blank) = (-1, 0);
        for (var row = y; row < y + height; row++)
        {
            if (!blankRow(row))
            {
                if (start < 0)
                    start = row;
                blank = 0;
            }
            else if (start >= 0 && ++blank >= LineGap)
            {
                bands.Add((start, row - blank + 1));
                (start, blank) = (-1, 0);
            }
        }
        if (start >= 0)
            bands.Add((start, y + height - blank));
        return bands;
    }

    /// <summary>
    /// A band cut at a single blank row that parts it into two of comparable height (each at least 35% of it): a
    /// small font's wrapped cell sets its lines that close; the blank rows between 三's strokes part nothing that tall.
    /// </summary>
    private static IEnumerable<(int Top, int Bottom)> Tight(int top, int bottom, Func<int, bool> blankRow)
    {
        var tall = bottom - top;
        for (var row = top + 1; row < bottom - 1; row++)
        {
            if (!blankRow(row) || (row - top) * 100 < tall * 35 || (bottom - row - 1) * 100 < tall * 35)
                continue;
            return Tight(top, row, blankRow).Concat(Tight(row + 1, bottom, blankRow));
        }
        return [(top, bottom)];
    }

    /// <summary>The bands with each lower than a third of the tallest (a stray mark, an underline) joined to its nearer neighbour.</summary>
    private static List<(int Top, int Bottom)> Joined(List<(int Top, int Bottom)> bands)
    {
        if (bands.Count == 0)
            return bands;
        var tallest = bands.Max(b => b.Bottom - b.Top);
        for (var k = 0; bands.Count > 1 && k < bands.Count;)
        {
            if ((bands[k].Bottom - bands[k].Top) * 3 >= tallest)
            {
                k++;
                continue;
            }
            var joinUp = k > 0 && (k == bands.Count - 1 || bands[k].Top - bands[k - 1].Bottom <= bands[k + 1].Top - bands[k].Bottom);
            var other = joinUp ? k - 1 : k + 1;
            bands[Math.Min(k, other)] = (Math.Min(bands[k].Top, bands[other].Top), Math.Max(bands[k].Bottom, bands[other].Bottom));
            bands.RemoveAt(Math.Max(k, other));
            k = 0;
        }
        return bands;
    }

    /// <summary>
    /// The columns a line's text spans: from the first inked column to past the last, less a stroke at either end no
    /// more than two columns wide that stands a line's height or more from the rest — a rule or the page's edge
    /// beside the cell, which the model would read as a quote or a bar. (−1, −1) when nothing is inked.
    /// </summary>
    public static (int Left, int Right) Extent(bool[] inked, int lineHeight)
    {
        var (left, right) = (Array.IndexOf(inked, true), Array.LastIndexOf(inked, true) + 1);
        if (left < 0)
            return (-1, -1);
        for (var trimmed = true; trimmed && right - left > 2;)
        {
            trimmed = false;
            var runEnd = left;
            while (runEnd < right && inked[runEnd])
                runEnd++;
            var next = runEnd < right ? Array.IndexOf(inked, true, runEnd, right - runEnd) : -1;
            if (runEnd - left <= 2 && next >= 0 && next - runEnd >= lineHeight)
                (left, trimmed) = (next, true);
            var runStart = right - 1;
            while (runStart > left && inked[runStart - 1])
                runStart--;
            var previous = runStart > left ? Array.LastIndexOf(inked, true, runStart - 1, runStart - left) : -1;
            if (right - runStart <= 2 && previous >= 0 && runStart - previous - 1 >= lineHeight)
                (right, trimmed) = (previous + 1, true);
        }
        return (left, right);
    }
}
