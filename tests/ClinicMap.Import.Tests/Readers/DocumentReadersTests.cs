using System.Text;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Readers;

public class DocumentReadersTests
{
    private static ReadDocument ReadSample(ITableReader reader, string name)
    {
        return reader.Read(File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, name)), name, null);
    }

    [Fact]
    public void HtmlRowspansAreExpandedAndTheNoticeTitleAndDateRead()
    {
        var document = ReadSample(new HtmlTableReader(), "yichang-hospitals.html");

        Assert.Equal("宜昌市新型冠状病毒感染的肺炎医疗机构名单", document.Title);
        Assert.Equal(new DateOnly(2020, 1, 28), document.PublishedOn);
        var grid = Assert.Single(document.Grids);
        Assert.Equal(22, grid.Rows.Count);
        Assert.Equal(["序号", "县市区", "医院名称", "医院地址"], grid.Rows[0].Cells.Select(c => c.Text));
        var spanned = grid.Rows.Where(r => r[2]?.MergedFrom is not null).ToList();
        Assert.NotEmpty(spanned);
        Assert.All(spanned, r => Assert.Equal(grid.Rows[r[2]!.MergedFrom!.Value.Row - 1][2]!.Text, r[2]!.Text));
    }

    [Fact]
    public void HtmlColspanAndRowspanShareOneGrid()
    {
        const string html = "<table><tr><th>区</th><th colspan='2'>医院</th></tr><tr><td rowspan='2'>越秀区</td><td>名称</td><td>地址</td></tr><tr><td>甲医院</td><td>甲路1号</td></tr></table>";

        var grid = Assert.Single(new HtmlTableReader().Read(Encoding.UTF8.GetBytes(html), "t.html", null).Grids);

        Assert.Equal(["区", "医院", "医院"], grid.Rows[0].Cells.Select(c => c.Text));
        Assert.Equal(["越秀区", "甲医院", "甲路1号"], grid.Rows[2].Cells.Select(c => c.Text));
    }

    [Fact]
    public void WordVerticalMergesAreExpanded()
    {
        var document = ReadSample(new DocxTableReader(), "jingzhou-hospitals.docx");

        Assert.Equal("荆州市医疗机构名单", document.Title);
        Assert.Equal(new DateOnly(2020, 1, 29), document.PublishedOn);
        var grid = Assert.Single(document.Grids);
        Assert.Equal(13, grid.Rows.Count);
        Assert.All(grid.Rows.Skip(1), r => Assert.False(r[2]!.IsBlank, $"row {r.Number} lost its district"));
        Assert.Contains(grid.Rows, r => r[2]!.MergedFrom is not null);
    }

    [Fact]
    public void TextPdfRowsAreRebuiltFromWordBoxes()
    {
        var document = ReadSample(new PdfTextReader(), "shiyan-hospitals.pdf");

        Assert.Equal("十堰市医疗机构名单", document.Title);
        Assert.Equal(new DateOnly(2020, 1, 30), document.PublishedOn);
        var grid = Assert.Single(document.Grids);
        var first = grid.Rows.First(r => r[1]?.Text == "1");
        Assert.Equal(["1", "十堰市", "十堰国药东风总医院", "湖北省十堰市张湾区大岭路 16 号"], first.Cells.Select(c => c.Text));
    }

    [Fact]
    public void APdfWithoutATextLayerIsHandedToOcr()
    {
        var error = Assert.Throws<OcrRequiredException>(() => new PdfTextReader().Read(ScannedPdf.Bytes(), "scan.pdf", null));

        Assert.Equal("scan.pdf: page 1 of 1 has no text layer (scanned); it needs OCR", error.Message);
    }

    [Theory]
    [InlineData("list.png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 }, "the image cannot be decoded")]
    [InlineData("list.jpg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0 }, "the image cannot be decoded")]
    [InlineData("list.png", new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' }, "named like an image, but its bytes are not")]
    public void BrokenImagesAndFakesAreRefused(string name, byte[] bytes, string expected)
    {
        var error = Assert.ThrowsAny<InputRejectedException>(() => new ImageTableReader(new ClinicMap.Import.Ocr.OcrPageReader(ClinicMap.Import.Ocr.Engine.OcrEnginePool.Shared)).Read(bytes, name, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(name + ": ", error.Message, StringComparison.Ordinal);
    }
}
