using System.CommandLine;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Sources;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Watch;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import watch [--source NAME] [--once]</c>: polls the notice pages of every source whose
/// <c>source.json</c> has a <c>watch</c> section (or only NAME), each on its own interval, and imports what new
/// notices publish through the normal pipeline (see <see cref="SourceWatcher"/>). It runs beside the workers, never
/// inside the API, as the <c>clinicmap_watcher</c> role (a worker's rights, and publishing for the sources that allow it). <c>--once</c> polls each source once, prints what it did and exits:
/// 0 when every poll went without error, 1 when a source met one (it is listed in <c>sources list</c>).
/// </summary>
internal static class WatchCommand
{
    public static Command Build()
    {
        var source = new Option<string?>("--source") { Description = "watch only this source (a folder under Sources/ with a watch section)" };
        var once = new Option<bool>("--once") { Description = "poll each source once, print what was done, and exit" };
        var command = new Command("watch", "watch the commissions' notice pages and import the lists they publish") { source, once };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<WatchedSourceConfig> configs;
            try
            {
                configs = WatchedSourceConfig.Load(parse.GetValue(source));
            }
            catch (ArgumentException e)
            {
                return CliSupport.Fail(e.Message);
            }
            if (configs.Count == 0)
                return CliSupport.Fail("no source under Sources/ has a watch section: copy Sources/_template and fill in its watch section");
            // Image attachments are read by OCR: a watcher that cannot read them must not start.
            Ocr.Engine.PaddleModels.Check();
            await using var dataSource = await CliSupport.OpenMigratedDatabaseAsync(cancellationToken);
            using var http = new HttpClient();
            var pipeline = PipelineFactory.Connected(dataSource, http, stage: true);
            var store = new WatchStore(dataSource);
            var importer = new NoticeImporter(pipeline, new ImportStore(dataSource), new DatasetStore(dataSource), store, Console.Out);
            using var site = SiteFetcher.CreateClient();
            var watchers = configs.Select(c => (Config: c, Watcher: new SourceWatcher(c, new SiteFetcher(site, c.Watch), store, importer, Console.Out))).ToList();
            Console.Error.WriteLine($"watching {string.Join(", ", configs.Select(c => $"{c.Name} every {c.Watch.IntervalMinutes:0.#} min"))}");
            if (parse.GetValue(once))
            {
                var clean = true;
                foreach (var (config, watcher) in watchers)
                    clean &= await PollQuietlyAsync(watcher, config, store, cancellationToken);
                return clean ? ExitCodes.Success : ExitCodes.Failed;
            }
            var due = watchers.ToDictionary(w => w.Config.Name, _ => DateTimeOffset.UtcNow);
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var (config, watcher) in watchers.Where(w => due[w.Config.Name] <= DateTimeOffset.UtcNow))
                {
                    await PollQuietlyAsync(watcher, config, store, cancellationToken);
                    due[config.Name] = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(config.Watch.IntervalMinutes);
                }
                var wait = due.Values.Min() - DateTimeOffset.UtcNow;
                await Task.Delay(wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1), cancellationToken);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// One poll. Whatever stops it — a database that blinks, a page no reader expected — is logged (and kept as the
    /// source's last error when the database answers), and the source is tried again at its next turn: one source
    /// never ends the watching of the others.
    /// </summary>
    /// <returns>Whether the poll went without any error.</returns>
    private static async Task<bool> PollQuietlyAsync(SourceWatcher watcher, WatchedSourceConfig config, WatchStore store, CancellationToken cancellationToken)
    {
        try
        {
            return (await watcher.PollAsync(cancellationToken)).Errors == 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = $"poll abandoned ({e.GetType().Name}: {e.Message}); tried again at the next interval";
            Console.Error.WriteLine($"{config.Name}: {error}");
            try
            {
                await store.PolledAsync(config.Name, changed: false, error, cancellationToken);
            }
            catch (Npgsql.NpgsqlException)
            {
                // The database is what failed: the line above is all that can be said now.
            }
            return false;
        }
    }
}
