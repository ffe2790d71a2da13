using System.CommandLine;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Text;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Imports;
using ClinicMap.Import.Geocoding;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import worker [--once]</c>: claims uploaded lists from the job queue (any number of workers can run)
/// and runs each through the full pipeline as its uploader, within the uploader's jurisdiction, from the bytes in
/// PostgreSQL (an upload's name is never a path). A job ends <c>done</c> with its batch or <c>failed</c> with a
/// message naming the file, whatever it throws. The worker renews its lease on a job while it works; a job whose
/// worker died is taken over by another once the lease lapses, and fails after <see cref="JobLease.MaxAttempts"/>
/// claims. A job over its time or memory budget is failed; if its work does not stop within
/// <see cref="GracePeriod"/>, the worker exits with <see cref="ExitCodes.Restart"/> so that the runaway work dies
/// with the process (scripts/run.sh starts it again).
/// </summary>
internal static class WorkerCommand
{
    /// <summary>How often a job's memory is looked at (its lease is renewed every third of the lease).</summary>
    private static readonly TimeSpan MemoryCheck = TimeSpan.FromSeconds(1);

    /// <summary>How long a job's work may go on after its budget ran out before the worker exits to stop it.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    public static Command Build()
    {
        var once = new Option<bool>("--once") { Description = "handle the jobs waiting now, then exit" };
        var poll = new Option<int>("--poll-seconds") { Description = "how often to look for new jobs", DefaultValueFactory = _ => 2 };
        var lease = new Option<int>("--lease-seconds") { Description = "how long a claim lasts without a heartbeat (a dead worker's job is taken over after it)", DefaultValueFactory = _ => 60 };
        var attempts = new Option<int>("--max-attempts") { Description = "claims a job gets before it fails", DefaultValueFactory = _ => 3 };
        var jobSeconds = new Option<int>("--job-seconds") { Description = "the wall-clock budget of one job", DefaultValueFactory = _ => 600 };
        var jobMemory = new Option<int>("--job-memory-mb") { Description = "the managed memory one job may grow the worker by", DefaultValueFactory = _ => 2048 };
        var backoff = new Option<double>("--webhook-backoff-seconds") { Description = "the wait after a delivery's first failure (doubling after each, up to an hour)", DefaultValueFactory = _ => 10 };
        var hookTimeout = new Option<double>("--webhook-timeout-seconds") { Description = "how long a subscriber has to answer a delivery", DefaultValueFactory = _ => 10 };
        var retryHours = new Option<double>("--webhook-retry-hours") { Description = "how long a delivery is retried before it is dead-lettered", DefaultValueFactory = _ => 24 };
        var command = new Command("worker", "import the lists uploaded through the API, and deliver subscribers' webhooks")
            { once, poll, lease, attempts, jobSeconds, jobMemory, backoff, hookTimeout, retryHours };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // A worker that cannot read images must not start and then fail every image it claims.
            Ocr.Engine.PaddleModels.Check();
            // The worker's role changes no schema: migrations and boundaries are the owner's 'migrate'.
            await using var dataSource = await CliSupport.OpenMigratedDatabaseAsync(cancellationToken);
            using var http = new HttpClient();
            var pipeline = PipelineFactory.Connected(dataSource, http, stage: true);
            var jobs = new ImportJobStore(dataSource);
            var budget = new JobBudget(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(jobSeconds))), Math.Max(16, parse.GetValue(jobMemory)) * 1024L * 1024);
            var holding = new JobLease(JobLease.ThisProcess(), TimeSpan.FromSeconds(Math.Max(2, parse.GetValue(lease))), Math.Max(1, parse.GetValue(attempts)));
            Console.Error.WriteLine($"worker {holding.Worker}: lease {holding.Duration.TotalSeconds:0} s, {holding.MaxAttempts} attempts, {budget.Time.TotalSeconds:0} s and {budget.MemoryBytes / 1024 / 1024} MB a job");
            // Webhook deliveries run beside the jobs, so that a long OCR job never holds a partner's notice back.
            using var hooks = Webhooks.WebhookPump.CreateClient();
            var pump = new Webhooks.WebhookPump(dataSource, hooks, new Webhooks.WebhookOptions(parse.GetValue(backoff), 3600, parse.GetValue(hookTimeout),
                TimeSpan.FromHours(Math.Max(0.001, parse.GetValue(retryHours)))), Console.Error);
            using var stopPump = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pumping = parse.GetValue(once) ? Task.CompletedTask : pump.RunAsync(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(poll))), stopPump.Token)
                .ContinueWith(t => { if (t.IsFaulted) Console.Error.WriteLine($"webhooks stopped: {t.Exception!.GetBaseException().Message}"); }, TaskScheduler.Default);
            while (!cancellationToken.IsCancellationRequested)
            {
                var gaveUp = await jobs.GiveUpAsync(holding, cancellationToken);
                if (gaveUp > 0)
                    Console.Error.WriteLine($"{gaveUp} job(s) failed: their workers stopped on every attempt");
                var job = await jobs.ClaimAsync(holding, cancellationToken);
                if (job is null)
                {
                    if (parse.GetValue(once))
                    {
                        await pump.PumpOnceAsync(cancellationToken);
                        return ExitCodes.Success;
                    }
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(poll))), cancellationToken);
                    continue;
                }
                if (!await HandleAsync(pipeline, jobs, job, holding, budget, cancellationToken))
                    return ExitCodes.Restart;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What one job may cost: wall-clock time, and growth of the worker's managed heap.</summary>
    internal sealed record JobBudget(TimeSpan Time, long MemoryBytes);

    /// <summary>
    /// Runs one claimed job under its budget, renewing the lease every third of it, and records how it ended.
    /// Returns false when the job's work did not stop after its budget ran out: the caller must exit the process.
    /// </summary>
    internal static async Task<bool> HandleAsync(ImportPipeline pipeline, ImportJobStore jobs, ImportJob job, JobLease lease, JobBudget budget, CancellationToken stopping)
    {
        var name = UploadName.Display(job.FileName);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        cancel.CancelAfter(budget.Time);
        var memoryAtStart = GC.GetTotalMemory(forceFullCollection: false);
        string? stopped = null;
        var lastBeat = DateTimeOffset.UtcNow;
        var work = Task.Run(() => RunAsync(pipeline, job, cancel.Token), CancellationToken.None);
        using var beat = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(200, Math.Min(MemoryCheck.TotalMilliseconds, lease.Duration.TotalMilliseconds / 3))));
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var wake = cancel.Token.Register(() => cancelled.TrySetResult());
        var tick = beat.WaitForNextTickAsync(CancellationToken.None).AsTask();
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, tick, cancelled.Task);
            if (tick.IsCompleted)
                tick = beat.WaitForNextTickAsync(CancellationToken.None).AsTask();
            if (work.IsCompleted)
                break;
            if (cancel.IsCancellationRequested)
            {
                stopped ??= stopping.IsCancellationRequested ? null : $"{name}: stopped after its {budget.Time.TotalSeconds:0} s budget";
                break;
            }
            if (GC.GetTotalMemory(forceFullCollection: false) - memoryAtStart > budget.MemoryBytes)
            {
                stopped = $"{name}: stopped when it needed more than its {budget.MemoryBytes / 1024 / 1024} MB memory budget";
                await cancel.CancelAsync();
                break;
            }
            if (DateTimeOffset.UtcNow - lastBeat < lease.Duration / 3)
                continue;
            lastBeat = DateTimeOffset.UtcNow;
            if (!await HeartbeatAsync(jobs, job.Id, lease))
            {
                // The lease lapsed and another worker holds the job now: this run's result would be recorded by nobody.
                await cancel.CancelAsync();
                Console.Error.WriteLine($"import {job.Id} ({name}): the lease was lost; left to the worker that holds it");
                return await StopsAsync(work);
            }
        }
        if (work.IsCompleted)
        {
            var (batch, error) = await work;
            if (batch is null && error is null)
            {
                // Cancelled: by its budget (the job fails), or because the worker is stopping (the lease lapses and another worker takes it).
                if (stopping.IsCancellationRequested)
                    return true;
                error = stopped ?? $"{name}: stopped after its {budget.Time.TotalSeconds:0} s budget";
            }
            await jobs.FinishAsync(job.Id, batch, error, lease, CancellationToken.None);
            Console.Error.WriteLine(error is null ? $"import {job.Id} ({name}): staged as batch {batch}" : $"import {job.Id} ({name}) failed: {error}");
            return true;
        }
        if (stopped is null)
            return await StopsAsync(work); // the worker itself is stopping: the lease lapses and another worker takes the job
        await jobs.FinishAsync(job.Id, null, stopped, lease, CancellationToken.None);
        Console.Error.WriteLine($"import {job.Id} failed: {stopped}");
        return await StopsAsync(work);
    }

    /// <summary>Whether the job's work ends within <see cref="GracePeriod"/> of being cancelled.</summary>
    private static async Task<bool> StopsAsync(Task work)
    {
        await Task.WhenAny(work, Task.Delay(GracePeriod));
        return work.IsCompleted;
    }

    private static async Task<bool> HeartbeatAsync(ImportJobStore jobs, long id, JobLease lease)
    {
        try
        {
            return await jobs.HeartbeatAsync(id, lease);
        }
        catch (Npgsql.NpgsqlException e)
        {
            // The database blinked: keep working; the lease is renewed at the next beat, or taken over if it lapses.
            Console.Error.WriteLine($"import {id}: heartbeat failed: {e.Message}");
            return true;
        }
    }

    /// <summary>
    /// Runs one job from its bytes; returns the staged batch, or the error that stopped it — never throws, whatever
    /// the file does to the pipeline: an unexpected exception becomes the job's error, naming the file.
    /// </summary>
    internal static async Task<(long? Batch, string? Error)> RunAsync(ImportPipeline pipeline, ImportJob job, CancellationToken cancellationToken)
    {
        var name = UploadName.Display(job.FileName);
        try
        {
            var settings = JsonSerializer.Deserialize<ImportJobOptions>(job.Options)
                ?? throw new JsonException("the job has no options");
            var options = new ImportOptions(settings.Publisher, settings.Title, settings.PublishedOn,
                ClinicKindNames.TryParse(settings.Kind, out var kind) ? kind : ClinicKind.FeverClinic, job.SubmittedBy)
            {
                AdminScope = settings.AdminCode,
                Jurisdiction = job.Jurisdiction,
            };
            var result = await pipeline.RunAsync(job.Content ?? [], name, options, dryRun: false, cancellationToken);
            if (result.Batch is { } batch)
                return (batch.BatchId, null);
            // A retried job whose earlier attempt staged the file before its worker died: that batch is this job's.
            if (job.Attempts > 1 && result.AlreadyImportedAs is { } earlier)
                return (earlier.BatchId, null);
            return (null, $"{name}: the same file was already imported as batch {result.AlreadyImportedAs?.BatchId}");
        }
        catch (InputRejectedException e)
        {
            return (null, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, null);
        }
        catch (Exception e)
        {
            return (null, $"{name}: could not be imported ({e.GetType().Name}: {e.Message})");
        }
    }
}
