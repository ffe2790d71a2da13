using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tests.Ocr.Layout;

public class PageSlantTests
{
    [Fact]
    public void APhotographsPerspectiveIsFittedAndLevelsEachRowsCells()
    {
        // Lines slope 0.02 at the top of a 1,000-px page and −0.01 at its bottom, as a page photographed off square.
        static double SlopeAt(double y) => 0.02 - 0.03 * y / 1000;
        var lines = Enumerable.Range(0, 20).Select(i => new DetectedLine(100 + i % 3 * 250, i * 50, 200, 20, SlopeAt(i * 50 + 10))).ToList();
        // A stray short mark (a speck read as a steep line) takes no part.
        lines.Add(new DetectedLine(500, 500, 20, 20, 1.0));

        var slant = PageSlant.Fit(lines, 1000);

        Assert.Equal(0.02, slant.A, 4);
        Assert.Equal(-0.00003, slant.B, 6);
        // A cell 400 px right of the middle at the top stands 0.02 × 400 = 8 px lower than one at the middle; levelled, they stand level.
        var right = slant.Level(new PlacedWord("乙", 880, 8, 920, 28));
        var middle = slant.Level(new PlacedWord("甲", 480, 0, 520, 20));
        Assert.Equal(middle.YMin, right.YMin, 0);
        // And back where it stands on the page, within half a pixel.
        Assert.Equal((8.0, 28.0), slant.OnPage(right), new Tolerance());
    }

    [Fact]
    public void APageWithFewLongLinesIsLeftAsItIs()
    {
        var slant = PageSlant.Fit([new DetectedLine(0, 0, 200, 20, 0.05)], 1000);

        Assert.Equal(new PlacedWord("甲", 900, 0, 940, 20), slant.Level(new PlacedWord("甲", 900, 0, 940, 20)));
    }

    private sealed class Tolerance : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < 0.5 && Math.Abs(x.Item2 - y.Item2) < 0.5;

        public int GetHashCode((double, double) obj) => 0;
    }
}
