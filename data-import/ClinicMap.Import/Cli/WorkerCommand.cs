using System.CommandLine;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Geocoding;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Geocoding;
using ClinicMap.Import.Readers;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import worker [--once]</c>: claims uploaded lists from the job queue (any number of workers can run)
/// and runs each through the full pipeline as its uploader, within the uploader's jurisdiction. A file the
/// pipeline refuses ends the job as failed with the message; nothing is staged for it.
/// </summary>
internal static class WorkerCommand
{
    public static Command Build()
    {
        var once = new Option<bool>("--once") { Description = "handle the jobs waiting now, then exit" };
        var poll = new Option<int>("--poll-seconds") { Description = "how often to look for new jobs", DefaultValueFactory = _ => 2 };
        var command = new Command("worker", "import the lists uploaded through the API") { once, poll };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            await GeocodingSetup.LoadBoundariesAsync(dataSource, cancellationToken);
            using var http = new HttpClient();
            var pipeline = new ImportPipeline(new ImportStore(dataSource), DivisionGazetteer.Embedded, GeocodingSetup.CreateChain(dataSource, http),
                new BoundaryStore(dataSource), new ClinicStore(dataSource));
            var jobs = new ImportJobStore(dataSource);
            while (!cancellationToken.IsCancellationRequested)
            {
                var job = await jobs.ClaimAsync(cancellationToken);
                if (job is null)
                {
                    if (parse.GetValue(once))
                        return ExitCodes.Success;
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(poll))), cancellationToken);
                    continue;
                }
                var (batch, error) = await RunAsync(pipeline, job, cancellationToken);
                await jobs.FinishAsync(job.Id, batch, error, CancellationToken.None);
                Console.Error.WriteLine(error is null ? $"import {job.Id} ({job.FileName}): staged as batch {batch}" : $"import {job.Id} ({job.FileName}) failed: {error}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Runs one job; returns the staged batch, or the error that stopped it.</summary>
    internal static async Task<(long? Batch, string? Error)> RunAsync(ImportPipeline pipeline, ImportJob job, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("clinicmap-job-");
        try
        {
            var settings = JsonSerializer.Deserialize<ImportJobOptions>(job.Options)!;
            var options = new ImportOptions(settings.Publisher, settings.Title, settings.PublishedOn,
                ClinicKindNames.TryParse(settings.Kind, out var kind) ? kind : ClinicKind.FeverClinic, job.SubmittedBy)
            {
                AdminScope = settings.AdminCode,
                Jurisdiction = job.Jurisdiction,
            };
            var path = Path.Combine(folder.FullName, Path.GetFileName(job.FileName));
            await File.WriteAllBytesAsync(path, job.Content!, cancellationToken);
            var result = await pipeline.RunAsync(path, options, dryRun: false, cancellationToken);
            return result.Batch is { } batch
                ? (batch.BatchId, null)
                : (null, $"the same file was already imported as batch {result.AlreadyImportedAs?.BatchId}");
        }
        catch (Exception e) when (e is InputRejectedException or ArgumentException or JsonException)
        {
            return (null, e.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
