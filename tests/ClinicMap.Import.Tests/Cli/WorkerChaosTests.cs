using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ClinicMap.Data.Access;
using ClinicMap.Data.Imports;
using ClinicMap.Import.Geocoding;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Cli;

/// <summary>A database with county boundaries loaded, as 'clinicmap-import migrate' leaves it for the workers.</summary>
public sealed class WorkerDatabase : IAsyncLifetime
{
    public PostgisDatabase Database { get; } = new();

    public async Task InitializeAsync() => await GeocodingSetup.LoadBoundariesAsync(Database.DataSource);

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

/// <summary>
/// Real <c>clinicmap-import worker</c> processes, connected as the <c>clinicmap_worker</c> role, against real jobs:
/// a worker killed with SIGKILL in the middle of a job, a file that throws, a job over its time budget, a job whose
/// workers die on every attempt. The queue must go on, and every job must end once, with its reason.
/// </summary>
public sealed class WorkerChaosTests(WorkerDatabase fixture) : IClassFixture<WorkerDatabase>
{
    private PostgisDatabase Database => fixture.Database;

    /// <summary>What the workers printed, shown when an assertion about them fails.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    private string Log => string.Join("\n", _log);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly Actor Uploader = new("湖北省卫生健康委员会", ApiRole.Publisher, "42");

    private static string Options(string publisher = "湖北省卫生健康委员会") =>
        JsonSerializer.Serialize(new ImportJobOptions(publisher, null, null, "fever-clinic", null));

    /// <summary>Starts a worker process; the caller kills or awaits it.</summary>
    private Process StartWorker(params string[] arguments)
    {
        var process = Process.Start(CliProcess.StartInfo(Database.ConnectionStringAs("clinicmap_worker"), ["worker", "--poll-seconds", "1", .. arguments]))!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private async Task<long> EnqueueAsync(string fileName, byte[] content) =>
        (await new ImportJobStore(Database.DataSource).EnqueueAsync(Uploader, fileName, content, Options())).Id;

    private async Task<(string State, string? Error, int Attempts, long? Batch)> JobAsync(long id)
    {
        var job = (await new ImportJobStore(Database.DataSource).FindAsync(id))!;
        return (job.State, job.Error, job.Attempts, job.BatchId);
    }

    private async Task<(string State, string? Error, int Attempts, long? Batch)> WaitUntilAsync(long id, Func<string, bool> state)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = await JobAsync(id);
            if (state(job.State))
                return job;
            Assert.True(clock.Elapsed < Patience, $"job {id} stayed {job.State} for {Patience.TotalSeconds} s\n{Log}");
            await Task.Delay(50);
        }
    }

    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, name));

    /// <summary>A list of <paramref name="rows"/> clinics unique to this call, so that each job is a document of its own.</summary>
    private static byte[] Csv(int rows)
    {
        var text = new StringBuilder("医院名称,省份,城市,区县,地址\n");
        var tag = Guid.NewGuid().ToString("N")[..6];
        for (var i = 1; i <= rows; i++)
            text.Append(CultureInfo($"武汉市测试{tag}医院{i},湖北省,武汉市,江岸区,解放大道{i}号\n"));
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    [Fact]
    public async Task AJobWhoseWorkerIsKilledMidwayIsTakenOverByAnotherWorkerAndStagedOnce()
    {
        // A scanned page: seconds of OCR, long enough to be killed in the middle of.
        var bytes = Sample("shiyan-fever-clinics-scanned.pdf");
        var id = await EnqueueAsync("shiyan-scanned.pdf", bytes);

        using var first = StartWorker("--lease-seconds", "3");
        await WaitUntilAsync(id, s => s != "queued");
        first.Kill(entireProcessTree: true); // SIGKILL: no catch, no finally, no chance to say goodbye
        await first.WaitForExitAsync();
        Assert.Equal("running", (await JobAsync(id)).State);

        using var second = StartWorker("--lease-seconds", "3");
        var done = await WaitUntilAsync(id, s => s is "done" or "failed");
        second.Kill(entireProcessTree: true);
        await second.WaitForExitAsync();

        Assert.Equal("done", done.State);
        Assert.Equal(2, done.Attempts);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal(1L, await Database.ScalarAsync<long>(
            "SELECT count(*) FROM import_batches b JOIN source_documents d ON d.id = b.source_document_id WHERE d.sha256 = $1", sha256));
        Assert.Equal(await Database.ScalarAsync<int>("SELECT row_count FROM import_batches WHERE id = $1", done.Batch!.Value),
            (int)await Database.ScalarAsync<long>("SELECT count(*) FROM import_rows WHERE batch_id = $1", done.Batch.Value));
    }

    [Fact]
    public async Task APoisonJobFailsWithItsReasonAndTheNextJobIsImported()
    {
        var poison = await EnqueueAsync("bad.xlsx", CorruptWorkbook());
        var dots = await EnqueueAsync("..", Csv(1));
        var slashes = await EnqueueAsync("../../etc/passwd", "医院名称\n"u8.ToArray());
        var good = await EnqueueAsync("good.csv", Csv(3));

        using var worker = StartWorker("--once");
        await worker.WaitForExitAsync();

        Assert.True(worker.ExitCode == 0, Log);
        var failed = await JobAsync(poison);
        Assert.Equal("failed", failed.State);
        Assert.StartsWith("bad.xlsx: ", failed.Error, StringComparison.Ordinal);
        // The name that killed the worker when it was a path: now a label, and the list (with no extension) is refused by it.
        var nameless = await JobAsync(dots);
        Assert.Equal("failed", nameless.State);
        Assert.StartsWith("upload: ", nameless.Error, StringComparison.Ordinal);
        var traversal = await JobAsync(slashes);
        Assert.Equal("failed", traversal.State);
        Assert.StartsWith("passwd: ", traversal.Error, StringComparison.Ordinal);
        var imported = await JobAsync(good);
        Assert.Equal("done", imported.State);
        Assert.Equal(3, await Database.ScalarAsync<int>("SELECT row_count FROM import_batches WHERE id = $1", imported.Batch!.Value));
    }

    [Fact]
    public async Task AJobOverItsTimeBudgetIsStoppedAndFailedAndNothingOfItIsStaged()
    {
        var bytes = Sample("shiyan-fever-clinics-scanned.pdf");
        // The same scan as another test's, with a byte appended after %%EOF: another document, read the same.
        bytes = [.. bytes, (byte)'\n'];
        var slow = await EnqueueAsync("slow.pdf", bytes);

        using var worker = StartWorker("--once", "--job-seconds", "1");
        await worker.WaitForExitAsync();

        var job = await JobAsync(slow);
        Assert.Equal("failed", job.State);
        Assert.Contains("1 s budget", job.Error, StringComparison.Ordinal);
        Assert.Contains(worker.ExitCode, new[] { 0, 75 });
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal(0L, await Database.ScalarAsync<long>(
            "SELECT count(*) FROM import_batches b JOIN source_documents d ON d.id = b.source_document_id WHERE d.sha256 = $1", sha256));
    }

    [Fact]
    public async Task AJobWhoseWorkersDiedOnEveryAttemptFailsInsteadOfBeingRetriedForever()
    {
        var id = await EnqueueAsync("killer.csv", Csv(1));
        // As three workers that each claimed it and died would leave it: running, its lease lapsed, no attempt left.
        await Database.ScalarAsync<object>("UPDATE import_jobs SET state = 'running', attempts = 3, worker = 'dead', lease_until = now() - interval '1 minute' WHERE id = $1 RETURNING 1", id);
        var next = await EnqueueAsync("next.csv", Csv(2));

        using var worker = StartWorker("--once", "--max-attempts", "3");
        await worker.WaitForExitAsync();

        var given = await JobAsync(id);
        Assert.Equal("failed", given.State);
        Assert.Contains("gave up after 3 attempts", given.Error, StringComparison.Ordinal);
        Assert.Contains("killer.csv", given.Error, StringComparison.Ordinal);
        Assert.Equal("done", (await JobAsync(next)).State);
    }

    /// <summary>The Hubei sample with its first sheet's rows numbered "x": XML that parses, numbers that do not.</summary>
    /// <summary>A workbook whose first sheet is not well-formed XML (a row's tag never closes): no reader can make rows of it.</summary>
    private static byte[] CorruptWorkbook() => BadInputTests.RewriteSheet(Sample("hubei-fever-clinics.xlsx"),
        xml => xml.Replace("<sheetData>", "<sheetData><row r=\"1\" <c r=\"A1\">", StringComparison.Ordinal));
}
