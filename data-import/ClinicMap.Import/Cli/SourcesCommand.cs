using System.CommandLine;
using System.Globalization;
using ClinicMap.Data.Sources;
using ClinicMap.Import.Sources;
using ClinicMap.Import.Watch;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import sources list</c>: each configured source, whether it is watched, and — once a watcher has
/// polled it — its last poll, last change and last error; <c>sources events</c>: the newest events of the watchers.
/// </summary>
internal static class SourcesCommand
{
    public static Command Build()
    {
        var list = new Command("list", "each source: watched or not, last poll, last change, last error");
        list.SetAction(async (_, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            var state = (await new WatchStore(dataSource).SourcesAsync(cancellationToken)).ToDictionary(s => s.Name);
            Console.WriteLine("source\twatched\tjurisdiction\tpolls\tlast poll\tlast change\tnotices\tbatches\tlast error");
            var configured = SourceSettings.Names();
            foreach (var name in configured.Union(state.Keys).Order(StringComparer.Ordinal))
            {
                string watched;
                try
                {
                    watched = configured.Contains(name) ? WatchState(name) : "not under Sources/ (given by path, or removed)";
                }
                catch (ArgumentException e)
                {
                    watched = $"misconfigured: {e.Message}";
                }
                var s = state.GetValueOrDefault(name);
                Console.WriteLine(string.Join('\t', name, watched, s is null ? "-" : s.Jurisdiction.Length == 0 ? "*" : s.Jurisdiction, (s?.Polls ?? 0).ToString(CultureInfo.InvariantCulture),
                    Time(s?.LastPollAt), Time(s?.LastChangeAt), (s?.Notices ?? 0).ToString(CultureInfo.InvariantCulture), (s?.Batches ?? 0).ToString(CultureInfo.InvariantCulture),
                    s?.LastError is { } error ? $"{Time(s.LastErrorAt)} {error}" : "-"));
            }
            return ExitCodes.Success;
        });

        var limit = new Option<int>("--limit") { Description = "how many of the newest events", DefaultValueFactory = _ => 50 };
        var events = new Command("events", "the watchers' newest events: batches staged, documents already imported, errors") { limit };
        events.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            foreach (var e in await new WatchStore(dataSource).NewestEventsAsync(Math.Clamp(parse.GetValue(limit), 1, 10_000), cancellationToken))
                Console.WriteLine($"{e.Id}\t{e.At:u}\t{e.Source}\t{e.Kind}\t{e.Message}");
            return ExitCodes.Success;
        });
        return new Command("sources", "the commissions' sources: what the watchers last did") { list, events };
    }

    private static string WatchState(string name)
    {
        var settings = SourceSettings.Load(name);
        return settings.Watch is null ? "no" : $"every {WatchedSourceConfig.From(name, settings).Watch.IntervalMinutes:0.#} min";
    }

    private static string Time(DateTimeOffset? at) => at is { } t ? t.ToString("u", CultureInfo.InvariantCulture) : "-";
}
