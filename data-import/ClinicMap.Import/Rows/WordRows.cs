namespace ClinicMap.Import.Rows;

/// <summary>
/// A table body's rows from its words once the columns are known (<see cref="WordTable"/>), where a cell may hold
/// several lines and lists centre a row's cells on its tallest one: a one-line name stands level with the second of
/// a three-line address, a district printed once for a group stands in the group's middle.
/// <list type="number">
/// <item>Each column's words on one line make a fragment. The body is cut into bands wherever no fragment of any
/// column crosses (each fragment's box shrunk by <see cref="Overlap"/> of its height, so that tight or slightly slanted
/// lines still part). A column whose text crosses between two names (a district printed once for its group, centred on it) takes no
/// part in the cuts between two names; each of its cells goes to the band at its middle.</item>
/// <item>A band is a row when it holds a word in the clinic-name column. A band without one is part of a row — the
/// wrapped lines of its cells — and joins the neighbouring band it stands closer to, measured in its own columns, when
/// that is tight: less than half the usual gap between two rows. Otherwise it stays a row of its own (a section
/// heading, a note), for the table interpreter to judge.</item>
/// <item>A band with a name, tight under the row above and filling only some of that row's columns, among them not one
/// nearly every row fills (a serial number), continues it (a name wrapped in a top-aligned table). So does the first band of a page that fills only columns of the previous
/// page's last row and lacks one nearly every row fills (a row the page break cut).</item>
/// </list>
/// Returns <c>null</c> when the bands cannot be trusted — rows without padding between them, or a band holding two
/// names with a row's gap between them (lines slanted across rows) — and the caller lays the rows out line by line
/// instead.
/// O(fragments log fragments).
/// </summary>
internal static class WordRows
{
    /// <summary>How much of each fragment's height, at its top and at its bottom, may overlap a neighbouring band's.</summary>
    private const double Overlap = 0.15;

    /// <summary>The least usual gap between rows, in line heights, for bands to be told apart by their gaps.</summary>
    private const double MinRowGap = 0.2;

    /// <summary>A gap below this share of the usual gap between rows is inside one row.</summary>
    private const double Tight = 0.5;

    /// <summary>One column's words on one line, and the height its ink takes (<see cref="Fragments"/>).</summary>
    private sealed record Fragment(int Column, List<PlacedWord> Words, double Top, double Bottom);

    /// <summary>One band of the body: its fragments by column.</summary>
    private sealed class Band(int page)
    {
        public int Page { get; } = page;

        public SortedDictionary<int, List<Fragment>> Columns { get; } = [];

        public double Top => Columns.Values.SelectMany(f => f).Min(f => f.Top);

        public double Bottom => Columns.Values.SelectMany(f => f).Max(f => f.Bottom);

        public void Add(Fragment fragment)
        {
            if (!Columns.TryGetValue(fragment.Column, out var list))
                Columns[fragment.Column] = list = [];
            list.Add(fragment);
        }

        /// <summary>The gap from this band down to <paramref name="below"/>, in the columns <paramref name="of"/> fills (overall where none is shared).</summary>
        public double GapTo(Band below, Band of)
        {
            var shared = of.Columns.Keys.Where(c => Columns.ContainsKey(c) && below.Columns.ContainsKey(c)).ToList();
            return shared.Count == 0 ? below.Top - Bottom : shared.Min(c => below.Columns[c].Min(f => f.Top) - Columns[c].Max(f => f.Bottom));
        }
    }

    /// <summary>The rows' words by column (1-based), each cell's words line by line; <c>null</c> when the bands cannot be trusted.</summary>
    public static List<(int Page, double Top, List<PlacedWord>[] Cells)>? Build(List<WordTable.Line> body, int columns, Func<PlacedWord, int> columnOf, int nameColumn)
    {
        if (nameColumn < 1)
            return null;
        var fragments = Fragments(body, columnOf);
        var lineHeight = fragments.Select(f => f.Fragment.Bottom - f.Fragment.Top).Order().ElementAtOrDefault(fragments.Count / 2);
        var bands = fragments.GroupBy(f => f.Page).SelectMany(p => Bands(p.Select(f => f.Fragment).ToList(), p.Key)).ToList();
        var named = bands.Where(b => b.Columns.ContainsKey(nameColumn)).ToList();
        var rowGaps = named.Zip(named.Skip(1)).Where(p => p.First.Page == p.Second.Page).Select(p => p.Second.Top - p.First.Bottom).Order().ToList();
        // Rows set as close as the lines of a cell (no padding) leave nothing to tell a wrapped line by.
        if (rowGaps.Count >= 3 && rowGaps[rowGaps.Count / 2] < MinRowGap * lineHeight)
            return null;
        var tight = Tight * (rowGaps.Count >= 3 ? rowGaps[rowGaps.Count / 2] : lineHeight);
        bands = bands.SelectMany(b => Split(b, tight)).ToList();
        if (bands.Any(b => Names(b, nameColumn, tight) > 1))
            return null;

        // Bands without a name join their closer neighbour; a name band with little else continues a tight row above;
        // the first band of a page without a column nearly every row fills (a serial number) continues the last row
        // of the page before, which the page break cut.
        named = bands.Where(b => b.Columns.ContainsKey(nameColumn)).ToList();
        // Columns nearly every row fills, counted over the bands that hold more than a name (a wrapped name's lines are no rows).
        var full = named.Where(b => b.Columns.Count > 1).ToList();
        var usual = Enumerable.Range(1, columns).Where(c => full.Count(b => b.Columns.ContainsKey(c)) >= 0.9 * full.Count).ToList();
        for (var i = 0; i < bands.Count; i++)
        {
            var band = bands[i];
            var previous = i > 0 && bands[i - 1].Page == band.Page ? bands[i - 1] : null;
            var next = i + 1 < bands.Count && bands[i + 1].Page == band.Page ? bands[i + 1] : null;
            var broken = i > 0 && previous is null && band.Columns.Keys.All(bands[i - 1].Columns.ContainsKey) && usual.Any(c => !band.Columns.ContainsKey(c));
            double above = previous?.GapTo(band, band) ?? double.MaxValue, below = next is null ? double.MaxValue : band.GapTo(next, band);
            var continues = broken || (band.Columns.ContainsKey(nameColumn)
                ? previous is not null && above < tight && band.Columns.Count < previous.Columns.Count && band.Columns.Keys.All(previous.Columns.ContainsKey)
                    && usual.Any(c => previous.Columns.ContainsKey(c) && !band.Columns.ContainsKey(c))
                : Math.Min(above, below) < tight);
            if (!continues)
                continue;
            var into = broken ? bands[i - 1] : !band.Columns.ContainsKey(nameColumn) && below < above ? next! : previous!;
            foreach (var fragment in band.Columns.Values.SelectMany(f => f))
                into.Add(fragment);
            bands.RemoveAt(i);
            i = Math.Max(-1, i - 2);
        }
        return bands.Select(b => (b.Page, b.Top, Enumerable.Range(1, columns).Select(c => b.Columns.TryGetValue(c, out var f)
            ? f.OrderBy(x => x.Top).SelectMany(x => x.Words.OrderBy(w => w.XMin)).ToList()
            : new List<PlacedWord>()).ToArray())).ToList();
    }

    /// <summary>How many names a band holds: its name column's lines, those closer than <paramref name="tight"/> counted as one.</summary>
    private static int Names(Band band, int nameColumn, double tight) =>
        band.Columns.TryGetValue(nameColumn, out var names) ? Stacks(names, tight).Count() : 0;

    /// <summary>
    /// A band holding lines of two rows — two lines of one column a row's gap apart (two names, or a wrapped cell's
    /// last line and the next row's cell), held together by a cell that crosses between them — cut between them: a
    /// column whose text crosses a cut (a district printed once, centred on its group) floats, each of its stacked
    /// lines going to the band at its middle, and the rest is cut into bands again.
    /// </summary>
    private static List<Band> Split(Band band, double tight)
    {
        var cuts = band.Columns.Values.Select(column => Stacks(column, tight).ToList())
            .SelectMany(stacks => stacks.Zip(stacks.Skip(1)).Select(p => (p.First[^1].Bottom + p.Second[0].Top) / 2)).ToList();
        if (cuts.Count == 0)
            return [band];
        var all = band.Columns.Values.SelectMany(f => f).ToList();
        var floating = all.Where(f => cuts.Any(y => f.Top + Overlap * (f.Bottom - f.Top) < y && f.Bottom - Overlap * (f.Bottom - f.Top) > y)).Select(f => f.Column).ToHashSet();
        var bands = Bands(all.Where(f => !floating.Contains(f.Column)).ToList(), band.Page);
        if (bands.Count == 0)
            return [band];
        foreach (var stack in Stacks(all.Where(f => floating.Contains(f.Column)).ToList(), tight))
        {
            var middle = (stack[0].Top + stack[^1].Bottom) / 2;
            var at = bands.MinBy(b => middle < b.Top ? b.Top - middle : middle > b.Bottom ? middle - b.Bottom : 0)!;
            foreach (var fragment in stack)
                at.Add(fragment);
        }
        return bands;
    }

    /// <summary>
    /// Each line's words by column, as fragments no taller than the page's tightest line pitch: a PDF's word boxes
    /// reach the font's ascent and descent (a serif CJK font's are half as tall again as its type, so a cell's lines
    /// overlap), a detector's are grown around the ink. Each fragment keeps its middle and reaches at most half the
    /// smallest distance between the middles of one column's successive lines each way (those closer than 0.6 of a
    /// box being one line), so that a cell's lines touch and rows stand their padding apart.
    /// </summary>
    private static List<(int Page, Fragment Fragment)> Fragments(List<WordTable.Line> body, Func<PlacedWord, int> columnOf)
    {
        var found = body.SelectMany(l => l.Words.GroupBy(columnOf).Select(g => (l.Page, Column: g.Key, Words: g.ToList(),
            Middle: g.Average(w => (w.YMin + w.YMax) / 2), Half: g.Max(w => w.YMax - w.YMin) / 2))).ToList();
        var box = found.Select(f => 2 * f.Half).Order().ElementAtOrDefault(found.Count / 2);
        var pitch = found.GroupBy(f => (f.Page, f.Column))
            .SelectMany(c => c.OrderBy(f => f.Middle).Zip(c.OrderBy(f => f.Middle).Skip(1)).Select(p => p.Second.Middle - p.First.Middle))
            .Where(d => d >= 0.6 * box).DefaultIfEmpty(double.MaxValue).Min();
        return found.Select(f => (f.Page, new Fragment(f.Column, f.Words, f.Middle - Math.Min(f.Half, pitch / 2), f.Middle + Math.Min(f.Half, pitch / 2)))).ToList();
    }

    /// <summary>Each column's fragments stacked into blocks: lines under one another, less than <paramref name="tight"/> apart.</summary>
    private static IEnumerable<List<Fragment>> Stacks(IEnumerable<Fragment> fragments, double tight)
    {
        foreach (var column in fragments.GroupBy(f => f.Column))
        {
            List<Fragment>? block = null;
            foreach (var fragment in column.OrderBy(f => f.Top))
            {
                if (block is not null && fragment.Top - block[^1].Bottom < tight)
                {
                    block.Add(fragment);
                    continue;
                }
                if (block is not null)
                    yield return block;
                block = [fragment];
            }
            if (block is not null)
                yield return block;
        }
    }

    /// <summary>One page's fragments cut into bands where none crosses.</summary>
    private static List<Band> Bands(List<Fragment> fragments, int page)
    {
        var bands = new List<Band>();
        var reach = double.MinValue;
        foreach (var fragment in fragments.OrderBy(f => f.Top).ThenBy(f => f.Column))
        {
            var margin = Overlap * (fragment.Bottom - fragment.Top);
            if (bands.Count == 0 || fragment.Top + margin >= reach)
            {
                bands.Add(new Band(page));
                reach = double.MinValue;
            }
            bands[^1].Add(fragment);
            reach = Math.Max(reach, fragment.Bottom - margin);
        }
        return bands;
    }
}
