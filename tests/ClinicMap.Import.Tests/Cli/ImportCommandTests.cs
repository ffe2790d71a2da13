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
    public async Task OcrPrintsTheRecognisedTableWithPerCellConfidence()
    {
        var (exit, output) = await RunAsync("ocr", Path.Combine(RepositoryPaths.Samples, "shiyan-fever-clinics.png"));

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(33, lines.Length);
        var second = lines[1].Split(',');
        Assert.Equal(("茅箭区", "十堰市太和医院", "0719-8801332"), (second[4], second[6], second[8]));
        Assert.All(new[] { second[5], second[7], second[9] }, c => Assert.InRange(int.Parse(c, System.Globalization.CultureInfo.InvariantCulture), 0, 100));
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
