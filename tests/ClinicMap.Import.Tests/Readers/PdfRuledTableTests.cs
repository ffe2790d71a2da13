using System.Text.Json;
using ClinicMap.Core.Text;
using ClinicMap.Import.Ocr;
using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Readers;

/// <summary>A text PDF's table laid out by its rules: wrapped and centred cells, merged cities, rows the page break cut or left without a rule.</summary>
public sealed class PdfRuledTableTests
{
    private static string Fixture(string name) => Path.Combine(RepositoryPaths.Root, "tests", "ClinicMap.Import.Tests", "Fixtures", "text-pdfs", name);

    /// <summary>
    /// Three notices printed by Chromium (Fixtures/text-pdfs/NOTICE.md): cells centred on wrapped neighbours, a city merged
    /// down as many as five rows, a row whose city runs on to the next page, pages that start or end with a row whose
    /// rule is drawn on the other page only, lines of serif type set so close that on the raster they run through
    /// the vertical rules as far as a rule does, and a last page holding only the end of a cut row's address.
    /// </summary>
    [Theory]
    [InlineData("text-n01-middle", "江西省医疗机构发热门诊名单")]
    [InlineData("text-n02-middle", "山东省医疗机构发热门诊名单")]
    [InlineData("text-3001-n02-middle", "江西省发热门诊一览表")]
    public void EveryRowOfARuledNoticeIsReadWhole(string notice, string title)
    {
        var document = new PdfTextReader(new OcrPageReader(OcrEnginePool.Shared)).Read(File.ReadAllBytes(Fixture(notice + ".pdf")), notice + ".pdf", null);
        using var truth = JsonDocument.Parse(File.ReadAllText(Fixture(notice + ".json")));
        var expected = truth.RootElement.EnumerateArray().ToList();

        var grid = Assert.Single(document.Grids);
        var header = grid.Rows.First(r => r.Cells.Any(c => ColumnSynonyms.FieldOf(c.Text ?? "") == Field.Name));
        int Column(Field field) => header.Cells.Single(c => ColumnSynonyms.FieldOf(c.Text ?? "") == field).Column - 1;
        var body = grid.Rows.SkipWhile(r => r != header).Skip(1).Where(r => !r.Cells[Column(Field.Name)].IsBlank).ToList();

        Assert.Equal(expected.Select(e => TextNormalizer.Clean(e.GetProperty("name").GetString())), body.Select(r => r.Cells[Column(Field.Name)].Text));
        Assert.Equal(expected.Select(e => TextNormalizer.Clean(e.GetProperty("address").GetString())), body.Select(r => r.Cells[Column(Field.Address)].Text));
        Assert.Equal(expected.Select(e => TextNormalizer.Clean(e.GetProperty("city").GetString())), body.Select(r => r.Cells[Column(Field.City)].Text));
        Assert.Equal(title, document.Title);
    }

    /// <summary>A grid of <paramref name="rows"/> rows 20 px high and columns 100 px wide from (0, 100), every cell its own region.</summary>
    private static PageRules Grid(int rows, int columns) => new(rows, columns,
        [.. from r in Enumerable.Range(0, rows) from c in Enumerable.Range(0, columns) select new RuledRegion(r, c, r, c, c * 100, 100 + r * 20, (c + 1) * 100, 120 + r * 20)]);

    /// <summary>A word whose middle stands at pixel (x, y) of a page rasterised at <see cref="PdfRuledTable.Dpi"/>, in points.</summary>
    private static PlacedWord At(string text, double x, double y)
    {
        const double points = 72.0 / PdfRuledTable.Dpi;
        return new PlacedWord(text, (x - 10) * points, (y - 5) * points, (x + 10) * points, (y + 5) * points);
    }

    [Fact]
    public void PagesWhoseRulesDisagreeOnTheColumnsOrAFirstPageWithoutRulesAreLeftToTheWords()
    {
        List<PlacedWord> page = [At("医院名称", 50, 110), At("地址", 150, 110), At("甲医院", 50, 130), At("甲路", 150, 130)];

        Assert.NotNull(PdfRuledTable.Build([page], [Grid(2, 2)]));
        Assert.Null(PdfRuledTable.Build([page, page], [Grid(2, 2), Grid(2, 3)]));
        Assert.Null(PdfRuledTable.Build([page, page], [null, Grid(2, 2)]));
    }

    [Fact]
    public void APageWithoutRulesThatTheTableRunsOnToEndsTheCutRow()
    {
        List<PlacedWord> first = [At("医院名称", 50, 110), At("地址", 150, 110), At("甲医院", 50, 130), At("甲路", 150, 130)];
        List<PlacedWord> second = [At("1号", 150, 20), At("- 2 -", 100, 300)];

        var (rows, _) = PdfRuledTable.Build([first, second], [Grid(2, 2), null])!.Value;

        Assert.Equal(["医院名称", "甲医院", "- 2 -"], rows.Select(r => r.Cells[0].Text));
        Assert.Equal(["地址", "甲路1号", null], rows.Select(r => r.Cells[1].Text));
    }

    [Fact]
    public void ATableWithoutAHeaderInItsFirstRowsIsLeftToTheWords()
    {
        List<PlacedWord> page = [At("甲医院", 50, 110), At("甲路", 150, 110), At("乙医院", 50, 130), At("乙路", 150, 130)];

        Assert.Null(PdfRuledTable.Build([page], [Grid(2, 2)]));
    }

    [Fact]
    public void ANoteUnderTheLastPagesTableIsARowOfItsOwnAndTheTitleStandsAbove()
    {
        List<PlacedWord> page = [At("发热门诊名单", 100, 50), At("医院名称", 50, 110), At("地址", 150, 110), At("甲医院", 50, 130), At("甲路", 150, 130), At("注：以上排名不分先后", 150, 150)];

        var (rows, above) = PdfRuledTable.Build([page], [Grid(2, 2)])!.Value;

        Assert.Equal("发热门诊名单", Assert.Single(above).Text);
        Assert.Equal(["医院名称", "甲医院", TextNormalizer.Clean("注：以上排名不分先后")], rows.Select(r => r.Cells[0].Text));
        Assert.Equal(["地址", "甲路", null], rows.Select(r => r.Cells[1].Text));
    }

    [Fact]
    public void ARowThePageBreakCutIsJoinedByTheColumnOnlyOneOfItsPartsFills()
    {
        // Columns: serial, name, address. Row 2's name and address run on to page 2, whose first row has no serial.
        List<PlacedWord> first = [At("序号", 50, 110), At("医院名称", 150, 110), At("地址", 250, 110), At("1", 50, 130), At("甲医院", 150, 130), At("甲路1号", 250, 130),
            At("2", 50, 150), At("乙市第一", 150, 150), At("乙路", 250, 150)];
        List<PlacedWord> second = [At("人民医院", 150, 110), At("2号", 250, 110), At("3", 50, 130), At("丙医院", 150, 130), At("丙路3号", 250, 130)];

        var (rows, _) = PdfRuledTable.Build([first, second], [Grid(3, 3), Grid(2, 3)])!.Value;

        Assert.Equal(["医院名称", "甲医院", "乙市第一人民医院", "丙医院"], rows.Select(r => r.Cells[1].Text));
        Assert.Equal(["地址", "甲路1号", "乙路2号", "丙路3号"], rows.Select(r => r.Cells[2].Text));
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Number));
    }
}
