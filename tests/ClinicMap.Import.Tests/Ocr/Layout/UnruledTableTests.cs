using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tests.Ocr.Layout;

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

    [Fact]
    public void TheLongestCellOfAColumnIsNotCutWhereOnlyItInksTheGutter()
    {
        // Columns at x = 20, 200 and 420. Row 0's middle cell runs to x = 400, the others' to 300; row 2's last cell
        // is two words with a gap, which only a gutter-free reading sees as a fourth column. A reading that lets one
        // line ink a gutter finds exactly three columns — by cutting row 0's long cell at the middle of 300–420.
        bool Inked(int x, int y)
        {
            var row = y / 40;
            if (row >= 4 || y % 40 < 10 || y % 40 >= 30)
                return false;
            var middle = row == 0 ? 400 : 300;
            return x is >= 20 and < 60 || x >= 200 && x < middle || x is >= 420 and < 480 || row == 2 && x is >= 540 and < 600;
        }
        using var page = GrayImage.Decode(PngFile.Gray(700, 180, (x, y) => (byte)(Inked(x, y) ? 0 : 255)), "unruled.png", deskew: false);
        var lines = Enumerable.Range(0, 4).Select(r => new WordTable.Line(1, [new PlacedWord("", 20, 40 * r + 10, 600, 40 * r + 30)])).ToList();

        var columns = UnruledTable.Columns(page, lines, 128, expected: 3);

        Assert.NotNull(columns);
        Assert.True(columns.Count >= 3);
        Assert.DoesNotContain(columns, c => c.Right is > 200 and < 400);
    }
}
