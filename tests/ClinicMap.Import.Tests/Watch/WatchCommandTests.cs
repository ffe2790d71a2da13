using System.Text.Json;
using ClinicMap.Import.Cli;
using ClinicMap.Import.Tests.Cli;
using ClinicMap.TestSupport;
using Xunit.Abstractions;

namespace ClinicMap.Import.Tests.Watch;

/// <summary>
/// The watcher as an operator runs it: <c>clinicmap-import watch --once --source PATH</c> as its own process under
/// the watcher's role against the local commission site prints what it imported and exits 0; a second run imports
/// nothing; <c>sources list</c> shows the source's polls and last change; an unusable source is refused naming
/// the key; <c>import --mode</c> takes full, additions or removals and nothing else.
/// </summary>
public sealed class WatchCommandTests(PostgisDatabase database, ITestOutputHelper output) : IClassFixture<PostgisDatabase>, IDisposable
{
    private readonly CommissionSite _site = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("watch-cli-");

    public void Dispose()
    {
        _site.Dispose();
        _folder.Delete(recursive: true);
    }

    private string Source(string name, string watch)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.FullName, name));
        var path = Path.Combine(folder.FullName, "source.json");
        File.WriteAllText(path, $$"""{ "publisher": "湖北省卫生健康委员会", "adminCode": "42", "watch": {{watch}} }""");
        return path;
    }

    [Fact]
    public async Task WatchOnceImportsEveryNewDocumentOnceAndSaysWhatItDid()
    {
        var (migrated, _, migrateError) = await CliProcess.RunAsync(database.ConnectionString, ["migrate"]);
        Assert.True(migrated == 0, migrateError);
        var source = Source("hubei-site", $$"""{ "index": ["{{_site.Url("index.html")}}"], "maxPages": 2, "politenessSeconds": 0, "retries": 0 }""");
        var worker = database.ConnectionStringAs("clinicmap_watcher");

        var (exit, said, error) = await CliProcess.RunAsync(worker, ["watch", "--once", "--source", source]);
        output.WriteLine(said + error);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(5, said.Split('\n').Count(l => l.StartsWith("hubei-site: batch: ", StringComparison.Ordinal) && l.Contains("staged as batch", StringComparison.Ordinal)));
        Assert.Contains("hubei-site: 4 notice(s) looked at, 5 document(s) imported, 0 already imported, 0 error(s)", said, StringComparison.Ordinal);

        var (again, saidAgain, _) = await CliProcess.RunAsync(worker, ["watch", "--once", "--source", source]);
        Assert.Equal(ExitCodes.Success, again);
        Assert.Contains("0 document(s) imported", saidAgain, StringComparison.Ordinal);
        Assert.Equal(5, await database.ScalarAsync<long>("SELECT count(*) FROM import_batches"));

        var (_, recent, _) = await CliProcess.RunAsync(database.ConnectionString, ["sources", "events", "--limit", "3"]);
        Assert.Equal(3, recent.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("\thubei-site\tbatch\t", StringComparison.Ordinal)));

        var (_, listed, _) = await CliProcess.RunAsync(database.ConnectionString, ["sources", "list"]);
        var line = Assert.Single(listed.Split('\n'), l => l.StartsWith("hubei-site\t", StringComparison.Ordinal));
        var cells = line.Split('\t');
        Assert.Equal(("42", "2", "4", "5", "-"), (cells[2], cells[3], cells[6], cells[7], cells[8]));
    }

    [Fact]
    public async Task AnUnusableSourceIsRefusedNamingItsKey()
    {
        var source = Source("bad-site", """{ "index": ["ftp://example.org/list"] }""");
        var (exit, _, error) = await CliProcess.RunAsync(database.ConnectionString, ["watch", "--once", "--source", source]);
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("bad-site: watch.index: 'ftp://example.org/list' is not an http(s) URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportTakesAModeByHandAndRefusesAnUnknownOne()
    {
        var file = Path.Combine(RepositoryPaths.Samples, "wuhan-fever-clinics-gb18030.csv");
        var (refused, _, why) = await CliProcess.RunAsync(database.ConnectionString, ["import", file, "--publisher", "测试", "--mode", "partial", "--dry-run"]);
        Assert.Equal((ExitCodes.Failed, true), (refused, why.Contains("--mode: 'partial' is not full, additions or removals", StringComparison.Ordinal)));

        var (_, json, _) = await CliProcess.RunAsync(database.ConnectionString, ["import", file, "--publisher", "测试", "--mode", "additions", "--dry-run", "--json"]);
        using var report = JsonDocument.Parse(json);
        Assert.Equal(("additions", "imported by hand with --mode additions", 0),
            (report.RootElement.GetProperty("mode").GetString(), report.RootElement.GetProperty("modeReason").GetString(), report.RootElement.GetProperty("proposedClosures").GetInt32()));
    }
}
