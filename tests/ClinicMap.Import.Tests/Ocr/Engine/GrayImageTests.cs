using ClinicMap.Import.Ocr.Engine;

namespace ClinicMap.Import.Tests.Ocr.Engine;

public class GrayImageTests
{
    /// <summary>A 600×400 page of horizontal rules every 40 px, tilted by <paramref name="degrees"/> (down to the right when positive).</summary>
    private static byte[] TiltedRules(double degrees)
    {
        var slope = Math.Tan(degrees * Math.PI / 180);
        return PngFile.Gray(600, 400, (x, y) => (byte)((int)Math.Round(y - x * slope) is var level && level > 20 && level < 380 && level % 40 == 0 ? 0 : 255));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(-1.5)]
    public void TheSkewOfATableIsMeasuredFromItsRules(double degrees)
    {
        using var image = GrayImage.Decode(TiltedRules(degrees), "tilted.png", deskew: false);

        Assert.InRange(image.SkewDegrees(), degrees - 0.2, degrees + 0.2);
    }

    [Fact]
    public void DecodingLevelsATiltedPage()
    {
        using var image = GrayImage.Decode(TiltedRules(2.0), "tilted.png");

        Assert.InRange(image.SkewDegrees(), -0.2, 0.2);
    }
}
