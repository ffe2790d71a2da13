using ClinicMap.Data.Access;
using ClinicMap.Import.Sources;

namespace ClinicMap.Import.Watch;

/// <summary>A source that can be watched: its folder name, its settings, and the jurisdiction its batches act in.</summary>
public sealed record WatchedSourceConfig(string Name, SourceSettings Source, WatchSettings Watch, string Jurisdiction, string Publisher)
{
    /// <summary>
    /// The sources under <c>Sources/</c> with a <c>watch</c> section, or only <paramref name="only"/> (a folder
    /// under Sources/, or a path to a source.json, named after its folder); throws <see cref="ArgumentException"/> naming what is wrong.
    /// </summary>
    public static IReadOnlyList<WatchedSourceConfig> Load(string? only)
    {
        var names = only is null ? SourceSettings.Names() : [only];
        var configs = new List<WatchedSourceConfig>();
        foreach (var given in names)
        {
            var source = SourceSettings.Load(given);
            var name = File.Exists(given) ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(given)))! : given;
            if (source.Watch is null)
            {
                if (only is not null)
                    throw new ArgumentException($"--source: '{name}' has no watch section in its source.json (see Sources/_template)");
                continue;
            }
            configs.Add(From(name, source));
        }
        return configs;
    }

    public static WatchedSourceConfig From(string name, SourceSettings source)
    {
        var watch = source.Watch ?? throw new ArgumentException($"{name}: no watch section");
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9][a-z0-9._-]{0,99}$"))
            throw new ArgumentException($"{name}: a watched source's folder name is lower-case letters, digits, '.', '_' and '-'");
        if (watch.Check() is { } problem)
            throw new ArgumentException($"{name}: {problem}");
        var jurisdiction = watch.Jurisdiction ?? source.AdminCode ?? string.Empty;
        if (!ApiKeyStore.IsJurisdiction(jurisdiction))
            throw new ArgumentException($"{name}: watch.jurisdiction '{jurisdiction}' is not an admin-code prefix (2, 4 or 6 digits, or \"\" for the whole country)");
        var publisher = source.Publisher ?? throw new ArgumentException($"{name}: say who publishes the notices (publisher)");
        return new WatchedSourceConfig(name, source, watch, jurisdiction, publisher);
    }
}
