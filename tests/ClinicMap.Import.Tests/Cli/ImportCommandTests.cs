using System.Text.Json;
using ClinicMap.Import.Cli;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Cli;

public class ImportCommandTests
{
    [Fact]
    public async Task DryRunJsonReportsEveryRowAndCountsThatAddUp()
    {
        var (exit, output) = await RunAsync("import", RepositoryPaths.NationalSample, "--publisher", "各省卫健委", "--dry-run", "--json");

        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        var rows = root.GetProperty("rows").GetInt32();
        Assert.Equal(6753, rows);
        Assert.Equal(rows, root.GetProperty("accepted").GetInt32() + root.GetProperty("needsReview").GetInt32() + root.GetProperty("rejected").GetInt32());
        Assert.Equal(rows, root.GetProperty("outcomes").GetArrayLength());
        var first = root.GetProperty("outcomes")[0];
        Assert.Equal(("accepted", "110101", "district"), (first.GetProperty("outcome").GetString(), first.GetProperty("adminCode").GetString(), first.GetProperty("precision").GetString()));
        Assert.True(root.GetProperty("batchId").ValueKind == JsonValueKind.Null, "a dry run writes nothing");
        Assert.Equal(ExitCodes.RowsNeedAttention, exit);
    }

    [Theory]
    [InlineData("wuhan-fever-clinics-gb18030.csv")]
    [InlineData("hubei-fever-clinics.xlsx")]
    [InlineData("xiaogan-fever-clinics.xls")]
    [InlineData("yichang-hospitals.html")]
    [InlineData("jingzhou-hospitals.docx")]
    [InlineData("shiyan-hospitals.pdf")]
    [InlineData("shiyan-fever-clinics.png")]
    public async Task EverySampleReportsCountsThatAddUpToTheRowsRead(string sample)
    {
        var (_, output) = await RunAsync("import", Path.Combine(RepositoryPaths.Samples, sample), "--publisher", "测试", "--dry-run", "--json");

        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        var rows = root.GetProperty("rows").GetInt32();
        Assert.True(rows > 0);
        Assert.Equal(rows, root.GetProperty("accepted").GetInt32() + root.GetProperty("needsReview").GetInt32() + root.GetProperty("rejected").GetInt32());
        Assert.Equal(rows, root.GetProperty("outcomes").GetArrayLength());
        Assert.All(root.GetProperty("outcomes").EnumerateArray(), o => Assert.True(o.GetProperty("row").GetInt32() > 0));
    }

    [Fact]
    public async Task ASourceSuppliesPublisherScopeAndEncoding()
    {
        var (exit, output) = await RunAsync("import", Path.Combine(RepositoryPaths.Samples, "wuhan-fever-clinics-gb18030.csv"), "--source", "wuhan-wjw", "--title", "发热门诊", "--dry-run", "--json");

        using var report = JsonDocument.Parse(output);
        Assert.Equal(ExitCodes.RowsNeedAttention, exit);
        Assert.All(report.RootElement.GetProperty("outcomes").EnumerateArray().Where(o => o.GetProperty("adminCode").ValueKind == JsonValueKind.String),
            o => Assert.StartsWith("4201", o.GetProperty("adminCode").GetString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--kind", "hospital", "--kind: 'hospital' is not")]
    [InlineData("--admin-code", "99", "--admin-code: '99' is not a GB/T 2260 division code")]
    [InlineData("--encoding", "klingon", "--encoding: 'klingon' is not an encoding")]
    [InlineData("--source", "nobody", "--source: no 'nobody'")]
    [InlineData("--published-on", "23/01/2020", "--published-on: '23/01/2020' is not a date")]
    public async Task BadOptionsFailWithAMessageNamingTheOption(string option, string value, string expected)
    {
        var (exit, error) = await RunAsync(captureError: true, "import", RepositoryPaths.NationalSample, "--publisher", "x", "--dry-run", option, value);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OcrPrintsEveryCellWithBothEnginesReadingsAndWhetherItGoesToReview()
    {
        var (exit, output) = await RunAsync("ocr", Path.Combine(RepositoryPaths.Samples, "shiyan-fever-clinics.png"));

        Assert.Equal(ExitCodes.Success, exit);
        using var csv = new CsvHelper.CsvReader(new StringReader(output), System.Globalization.CultureInfo.InvariantCulture);
        var cells = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().Select(c => c.ToDictionary(p => p.Key, p => (string)p.Value)).ToList();
        // 33 rows (the header's included) of 4 columns.
        Assert.Equal(33 * 4, cells.Count);
        var name = cells.Single(c => c["row"] == "2" && c["column"] == "3");
        Assert.Equal("十堰市太和医院", name["text"]);
        Assert.Equal(("ppocr_v4", "chi_sim"), (name["main_model"], name["second_model"]));
        Assert.Equal(("十堰市太和医院", "十堰市太和医院", ""), (name["main_text"], name["second_text"], name["review"]));
        Assert.All(cells.Where(c => c["text"].Length > 0), c => Assert.InRange(int.Parse(c["confidence"], System.Globalization.CultureInfo.InvariantCulture), 0, 100));
        // Where the engines read differently (a dash's width is no difference) the cell says so, with both readings —
        // unless a sure main reading overruled an unsure second one.
        var differing = cells.Where(c => ClinicMap.Import.Ocr.Reading.OcrText.Key(c["main_text"]) != ClinicMap.Import.Ocr.Reading.OcrText.Key(c["second_text"]) && c["main_text"].Length > 0 && c["second_text"].Length > 0 && c["main_model"] == "ppocr_v4").ToList();
        Assert.NotEmpty(differing);
        Assert.All(differing, c => Assert.True(c["review"] == "engines disagree"
            || (int.Parse(c["main_confidence"], System.Globalization.CultureInfo.InvariantCulture) >= ClinicMap.Import.Ocr.Reading.ReadingVote.SureMain
                && int.Parse(c["second_confidence"], System.Globalization.CultureInfo.InvariantCulture) < ClinicMap.Import.Ocr.Reading.ReadingVote.UnsureSecond), string.Join(",", c.Values)));
    }

    private static Task<(int, string)> RunAsync(params string[] args) => RunAsync(captureError: false, args);

    private static async Task<(int, string)> RunAsync(bool captureError, params string[] args)
    {
        var original = captureError ? Console.Error : Console.Out;
        using var capture = new StringWriter();
        if (captureError) Console.SetError(capture); else Console.SetOut(capture);
        try
        {
            var exit = await CliApp.Build().Parse(args).InvokeAsync();
            return (exit, capture.ToString());
        }
        finally
        {
            if (captureError) Console.SetError(original); else Console.SetOut(original);
        }
    }
}
