using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Ocr.Reading;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Ocr.Engine;

public class OcrEngineTests
{
    private static byte[] Sample => File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "shiyan-fever-clinics.png"));

    [Theory]
    [InlineData(OcrEnginePool.Primary)]
    [InlineData(OcrEnginePool.Scan)]
    public void TheBindingDecodesAnImageAndReadsChineseFromARectangleWithEachModel(string model)
    {
        using var image = GrayImage.Decode(Sample, "shiyan-fever-clinics.png");
        var grid = RuledTable.Detect(image)!;
        var header = grid.Regions.Single(r => r.Row == 0 && r.Column == 2);
        using var lease = OcrEnginePool.Shared.Rent(model);

        lease.Engine.SetImage(image);
        var (text, confidence) = lease.Engine.Recognize(header.X, header.Y, header.Width, header.Height, TesseractEngine.SingleLine);

        Assert.Equal((900, 1560), (image.Width, image.Height));
        Assert.Equal("医院名称", OcrText.Tidy(text));
        Assert.InRange(confidence, 60, 100);
    }

    [Fact]
    public void TheRuledGridOfTheSampleHasEveryRowAndColumn()
    {
        using var image = GrayImage.Decode(Sample, "shiyan-fever-clinics.png");

        var grid = RuledTable.Detect(image)!;

        Assert.Equal((33, 4), (grid.Rows, grid.Columns));
        Assert.Equal(33 * 4, grid.Regions.Count);
    }

    [Fact]
    public void ThePoolLendsEachThreadItsOwnEngine()
    {
        using var pool = new OcrEnginePool();
        using var first = pool.Rent();
        using var second = pool.Rent();

        Assert.NotSame(first.Engine, second.Engine);
    }

    [Fact]
    public void ReturnedEnginesAreReused()
    {
        using var pool = new OcrEnginePool();
        TesseractEngine engine;
        using (var lease = pool.Rent())
            engine = lease.Engine;

        using var again = pool.Rent();

        Assert.Same(engine, again.Engine);
    }

    [Theory]
    [InlineData("十 堰 市 太 和 医 院", "十堰市太和医院")]
    [InlineData("0719-8801332 /\n8236123", "0719-8801332/8236123")]
    [InlineData("东大街2]号", "东大街21号")]
    [InlineData("Room 3", "Room 3")]
    [InlineData("98号〈感染科大楼1楼)", "98号(感染科大楼1楼)")]
    [InlineData("(金阳小区旁〉", "(金阳小区旁)")]
    [InlineData("〈南通〉", "〈南通〉")]
    [InlineData("急诊楼--楼", "急诊楼一楼")]
    [InlineData("0350-5231144", "0350-5231144")]
    public void TesseractsSpacingAndLookalikesAreTidied(string read, string expected)
    {
        Assert.Equal(expected, OcrText.Tidy(read));
    }
}
