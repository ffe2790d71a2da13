using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Rows;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests;

/// <summary>Every sample in samples/, imported dry: the exact rows, outcomes and placements expected of it.</summary>
public class SampleImportTests
{
    private static readonly ImportOptions Options = new("测试", null, null, ClinicKind.FeverClinic, "tests");

    private static Task<ImportResult> Import(string sample, ImportOptions? options = null) =>
        PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded)).RunAsync(Path.Combine(RepositoryPaths.Samples, sample), options ?? Options, dryRun: true);

    // file, rows read, accepted, needs review, rejected (structure rows: notes and section headings)
    public static TheoryData<string, int, int, int, int> Expected => new()
    {
        { "wuhan-fever-clinics-gb18030.csv", 61, 60, 0, 1 },
        { "hubei-fever-clinics.xlsx", 65, 62, 0, 3 },
        { "xiaogan-fever-clinics.xls", 39, 31, 0, 8 },
        { "yichang-hospitals.html", 21, 17, 4, 0 },
        { "jingzhou-hospitals.docx", 12, 12, 0, 0 },
        { "shiyan-hospitals.pdf", 13, 12, 0, 1 },
        { "national-fever-clinics-2020.json", 6753, 6680, 73, 0 },
        { "shiyan-fever-clinics.png", 32, 32, 0, 0 },
        // Read by PaddleOCR and Tesseract: the scan's 郧 rows, where the two disagree, go to a person; the unruled
        // page's three rows Tesseract alone misread no longer do.
        { "shiyan-fever-clinics-scanned.pdf", 32, 27, 5, 0 },
        { "shiyan-fever-clinics-unruled.png", 32, 32, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task EverySampleAccountsForEveryRow(string sample, int rows, int accepted, int needsReview, int rejected)
    {
        var result = await Import(sample);

        Assert.Equal((rows, accepted, needsReview, rejected), (result.Rows.Count, result.Accepted, result.NeedsReview, result.Rejected));
        Assert.All(result.Rows.Where(r => r.Outcome != RowOutcome.Accepted), r => Assert.NotEmpty(r.Reasons));
        Assert.Equal(result.Rows.Count, result.Rows.Select(r => r.RowNumber).Distinct().Count());
    }

    [Fact]
    public async Task TheGb18030CsvTakesItsCityFromTheTitleAndNormalisesPhones()
    {
        var result = await Import("wuhan-fever-clinics-gb18030.csv");

        Assert.Equal("武汉市发热门诊一览表", result.Document.Title);
        var first = result.Rows[0];
        Assert.Equal((3, "武汉市中医医院", "420102", "江岸区"), (first.RowNumber, first.Name, first.AdminCode, first.District));
        Assert.Contains(first.Reasons, r => r.Code == "division.scope_from_document" && r.Message.Contains("武汉市发热门诊一览表", StringComparison.Ordinal));
        Assert.All(result.Rows.Where(r => r.Outcome == RowOutcome.Accepted), r => Assert.All(r.Phones, p => Assert.Matches(@"^(0\d{2,3}-\d{7,8}(-\d+)?|1\d{10}|\d{3,8})$", p)));
        Assert.Equal("row.note", result.Rows[^1].Reasons.Single().Code);
    }

    [Fact]
    public async Task TheWorkbookReadsEverySheetTheirMergedDistrictsAndSkipsTheHiddenRow()
    {
        var result = await Import("hubei-fever-clinics.xlsx");

        Assert.Equal(["黄石市", "十堰市", "宜昌市"], result.Rows.Select(r => r.Sheet).Distinct());
        Assert.DoesNotContain(result.Rows, r => r.Name?.Contains("已撤销", StringComparison.Ordinal) == true);
        Assert.Contains("sheet '十堰市': hidden rows 36 were not imported", result.Notices);
        // 丹江口市 is written once and merged down over its five rows; each of them lands in 丹江口市.
        var danjiangkou = result.Rows.Where(r => r.Sheet == "十堰市" && r.District == "丹江口市").ToList();
        Assert.Equal(5, danjiangkou.Count);
        Assert.All(danjiangkou, r => Assert.Equal(("420381", LocationPrecision.District), (r.AdminCode, r.LocationPrecision)));
        Assert.All(result.Rows.Where(r => r.Sheet == "宜昌市" && r.AdminCode is not null), r => Assert.StartsWith("4205", r.AdminCode!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheXlsCarriesEachSectionsDistrictToItsRows()
    {
        var result = await Import("xiaogan-fever-clinics.xls");

        var headings = result.Rows.Where(r => r.Reasons.Any(x => x.Code == "row.section_heading")).ToList();
        Assert.Equal(8, headings.Count);
        Assert.All(headings, h => Assert.Equal(RowOutcome.Rejected, h.Outcome));
        Assert.All(result.Rows.Where(r => r.RowNumber is > 3 and < 7), r => Assert.Equal(("420923", "云梦县"), (r.AdminCode, r.District)));
        // "六、市直（6家）": rows of the city's own hospitals sit at the city centre, marked approximate.
        Assert.All(result.Rows.Where(r => r.RowNumber is > 25 and < 32), r => Assert.Equal(("420900", LocationPrecision.City), (r.AdminCode, r.LocationPrecision)));
    }

    [Fact]
    public async Task TheHtmlNoticeGivesTitleDateAndRowspanDistrictsAndFlagsRowsOfOtherCities()
    {
        var result = await Import("yichang-hospitals.html");

        Assert.Equal(("宜昌市新型冠状病毒感染的肺炎医疗机构名单", new DateOnly(2020, 1, 28)), (result.Document.Title, result.Document.PublishedOn));
        var review = result.Rows.Where(r => r.Outcome == RowOutcome.NeedsReview).ToList();
        Assert.Equal(4, review.Count);
        Assert.All(review, r => Assert.Equal("division.county_unknown", r.Reasons.Single(x => x.Severity == ReasonSeverity.Review).Code));
        Assert.Equal(["天门市", "天门市", "天门市", "武汉市"], review.Select(r => r.RawCells.Single(c => c.Key == "县市区").Value));
    }

    [Fact]
    public async Task TheWordTablesMergedDistrictsAreResolved()
    {
        var result = await Import("jingzhou-hospitals.docx");

        Assert.All(result.Rows, r => Assert.StartsWith("4210", r.AdminCode!, StringComparison.Ordinal));
        Assert.Equal(("公安县人民医院", "421022"), (result.Rows[0].Name, result.Rows[0].AdminCode));
    }

    [Fact]
    public async Task TheTextPdfsRowsMatchTheListAndItsNoteIsKeptAsStructure()
    {
        var result = await Import("shiyan-hospitals.pdf");

        Assert.Equal(12, result.Rows.Count(r => r.Name is not null));
        var first = result.Rows[0];
        Assert.Equal(("十堰国药东风总医院", "湖北省十堰市张湾区大岭路 16 号", "420303"), (first.Name, first.Address, first.AdminCode));
        Assert.Equal("row.note", result.Rows[^1].Reasons.Single().Code);
    }

    [Fact]
    public async Task ASheetOptionImportsOnlyThatSheetAndAnUnknownSheetIsRefused()
    {
        var one = await Import("hubei-fever-clinics.xlsx", Options with { Sheets = ["十堰市"] });
        var error = await Assert.ThrowsAsync<InputRejectedException>(() => Import("hubei-fever-clinics.xlsx", Options with { Sheets = ["武汉市"] }));

        Assert.Equal(["十堰市"], one.Rows.Select(r => r.Sheet).Distinct());
        Assert.Contains("no sheet named '武汉市'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminCodeGivesTheScopeWhenTheDocumentDoesNot()
    {
        var result = await Import("wuhan-fever-clinics-gb18030.csv", Options with { AdminScope = "4201", Title = "发热门诊" });

        Assert.All(result.Rows.Where(r => r.AdminCode is not null), r => Assert.StartsWith("4201", r.AdminCode!, StringComparison.Ordinal));
        Assert.Contains(result.Rows[0].Reasons, r => r.Message.Contains("--admin-code", StringComparison.Ordinal));
    }
}
