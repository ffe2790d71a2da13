using ClinicMap.Import.Ocr;
using ClinicMap.Import.Readers;

namespace ClinicMap.Import.Tests.Ocr;

public class UnruledTableTests
{
    // Three columns starting at x = 20, 200 and 420; each cell's "text" is a bar 20 px high, as wide as its width.
    private static readonly int[] Starts = [20, 200, 420];
    private static readonly int[][] Widths = [[60, 120, 150], [30, 150, 90], [40, 80, 200], [30, 140, 60]];

    private static (GrayImage Page, List<WordTable.Line> Lines) Page(bool note)
    {
        var rows = Widths.Length + (note ? 1 : 0);
        bool Inked(int x, int y)
        {
            var row = y / 40;
            if (row >= rows || y % 40 < 10 || y % 40 >= 30)
                return false;
            if (row == Widths.Length)
                return x is >= 20 and < 600; // a note across the whole table
            return Enumerable.Range(0, Starts.Length).Any(c => x >= Starts[c] && x < Starts[c] + Widths[row][c]);
        }
        var page = GrayImage.Decode(PngFile.Gray(700, 40 * rows + 20, (x, y) => (byte)(Inked(x, y) ? 0 : 255)), "unruled.png", deskew: false);
        var lines = Enumerable.Range(0, rows).Select(r => new WordTable.Line(1, [new PlacedWord("", 20, 40 * r + 10, 620, 40 * r + 30)])).ToList();
        return (page, lines);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ColumnsLieBetweenTheGuttersOfTheInk(bool withNoteUnderTheTable)
    {
        var (page, lines) = Page(withNoteUnderTheTable);
        using var _ = page;

        var columns = UnruledTable.Columns(page, lines, 128, expected: 3);

        Assert.NotNull(columns);
        Assert.Equal(3, columns.Count);
        for (var c = 0; c < 3; c++)
        {
            var widest = Widths.Max(w => w[c]);
            Assert.InRange(columns[c].Left, c == 0 ? 0 : Starts[c - 1] + Widths.Max(w => w[c - 1]), Starts[c]);
            Assert.InRange(columns[c].Right, Starts[c] + widest, c == 2 ? 700 : Starts[c + 1]);
        }
    }

    [Fact]
    public void FewerColumnsThanTheHeaderNamesIsNoAnswer()
    {
        var (page, lines) = Page(false);
        using var _ = page;

        Assert.Null(UnruledTable.Columns(page, lines, 128, expected: 4));
    }
}
