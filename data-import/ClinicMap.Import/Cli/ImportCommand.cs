using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Data;
using ClinicMap.Data.Access;
using ClinicMap.Data.Boundaries;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Migrations;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Geocoding;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;
using ClinicMap.Import.Sources;
using Spectre.Console;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import import FILE… --publisher NAME [--kind K] [--source S] [--sheet S] [--encoding E]
/// [--admin-code C] [--mode full|additions|removals] [--crs wgs84|gcj02|bd09] [--publish [--force REASON]] [--dry-run] [--json]</c>: reads, decides and stages each file,
/// prints every row's fate, and optionally publishes what was staged. Online geocoders are used when configured
/// in the environment (see <see cref="ClinicMap.Geocoding.Providers.ProviderSettings.FromEnvironment"/>). A dry run
/// writes nothing to the staging tables, but still reads the county boundaries and the provider cache when the
/// database answers. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
internal static class ImportCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The command's arguments and options, declared once and read by <see cref="RunAsync"/>.</summary>
    private sealed class Arguments
    {
        public Argument<FileInfo[]> Files { get; } = new("FILE") { Description = "the published list(s) to import", Arity = ArgumentArity.OneOrMore };
        public Option<string?> Source { get; } = new("--source") { Description = "a publisher's settings: a folder under Sources/ (see Sources/_template) or a source.json" };
        public Option<string?> Publisher { get; } = new("--publisher") { Description = "the commission that published the list (required unless --source gives it)" };
        public Option<string?> Kind { get; } = new("--kind") { Description = "kind of every row that does not say: fever-clinic | designated-hospital | fever-room (default fever-clinic)" };
        public Option<string?> Title { get; } = new("--title") { Description = "the document's title (default: its own title, else the file name)" };
        public Option<string?> PublishedOn { get; } = new("--published-on") { Description = "the publication date, yyyy-MM-dd (default: the date the document states)" };
        public Option<string[]> Sheets { get; } = new("--sheet") { Description = "import only this sheet (or 'table 2'); repeatable", AllowMultipleArgumentsPerToken = false };
        public Option<string?> Encoding { get; } = new("--encoding") { Description = "text encoding of CSV/TXT/HTML: utf-8, gb18030 (gbk), utf-16 … (default: detected)" };
        public Option<string?> AdminCode { get; } = new("--admin-code") { Description = "the division the list covers (2, 4 or 6 digits), for rows that name no province or city" };
        public Option<string?> Mode { get; } = new("--mode") { Description = "full (the whole list for its scope: clinics it no longer names are proposed closed) | additions (proposes no closures) | removals (proposes closing the clinics it names); default: what the title says (新增… additions, 暂停… removals), else full" };
        public Option<string?> Crs { get; } = new("--crs") { Description = "the coordinate system of the list's latitude/longitude columns: wgs84 | gcj02 | bd09" };
        public Option<bool> Publish { get; } = new("--publish") { Description = "publish a new dataset version from what was staged" };
        public Option<string?> Force { get; } = new("--force") { Description = "with --publish: publish even though rows still need review, for this stated reason (they stay out until resolved)" };
        public Option<bool> DryRun { get; } = new("--dry-run") { Description = "read and decide every row, write nothing" };
        public Option<bool> Json { get; } = new("--json") { Description = "print one JSON object per file on stdout instead of the summary" };
        public Option<string> Actor { get; } = new("--actor") { Description = "who is importing, for the audit log", DefaultValueFactory = _ => Environment.UserName };
    }

    public static Command Build()
    {
        var a = new Arguments();
        var command = new Command("import", "import published clinic lists")
        {
            a.Files, a.Source, a.Publisher, a.Kind, a.Title, a.PublishedOn, a.Sheets, a.Encoding, a.AdminCode, a.Mode, a.Crs, a.Publish, a.Force, a.DryRun, a.Json, a.Actor,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, a, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Arguments a, CancellationToken cancellationToken)
    {
        ImportOptions options;
        try
        {
            options = Options(parse.GetValue(a.Source), parse.GetValue(a.Publisher), parse.GetValue(a.Kind), parse.GetValue(a.Title), parse.GetValue(a.PublishedOn),
                parse.GetValue(a.Sheets) ?? [], parse.GetValue(a.Encoding), parse.GetValue(a.AdminCode), parse.GetValue(a.Actor)!);
            if (parse.GetValue(a.Mode) is { } modeText)
            {
                options = ImportModeNames.TryParse(modeText, out var mode)
                    ? options with { Mode = mode, ModeReason = $"imported by hand with --mode {mode.ToWire()}" }
                    : throw new ArgumentException($"--mode: '{modeText}' is not full, additions or removals");
            }
            if (parse.GetValue(a.Crs) is { } crsText)
            {
                options = CoordinateSystemNames.TryParse(crsText, out var system)
                    ? options with { Crs = system }
                    : throw new ArgumentException($"--crs: '{crsText}' is not wgs84, gcj02 or bd09");
            }
        }
        catch (ArgumentException e)
        {
            return CliSupport.Fail(e.Message);
        }
        var dryRun = parse.GetValue(a.DryRun);
        if (dryRun && parse.GetValue(a.Publish))
            return CliSupport.Fail("--publish cannot be combined with --dry-run");

        // The embedded gazetteer and townships load while the database is reached: neither needs the other.
        var indexes = Task.Run(() => (DivisionGazetteer.Embedded, TownshipIndex.Embedded), cancellationToken);
        await using var dataSource = ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-import");
        var database = dryRun ? await ReachableAsync(dataSource, cancellationToken) : dataSource;
        if (!dryRun)
        {
            await new Migrator(dataSource).MigrateAsync(cancellationToken);
            await GeocodingSetup.LoadBoundariesAsync(dataSource, cancellationToken);
        }
        else if (database is null)
        {
            Console.Error.WriteLine("note: no database answers, so this dry run skips the point-in-county check and the provider cache");
        }
        await indexes;
        using var http = new HttpClient();
        var pipeline = PipelineFactory.Connected(database, http, stage: !dryRun);
        var (exit, staged) = await ImportFilesAsync(pipeline, parse.GetValue(a.Files)!, options, dryRun, parse.GetValue(a.Json), cancellationToken);
        if (parse.GetValue(a.Publish))
            await PublishAsync(dataSource, staged, options.Actor, parse.GetValue(a.Force), cancellationToken);
        return exit;
    }

    /// <summary>Imports each file in turn, printing its report; the exit code so far and the batches staged.</summary>
    private static async Task<(int Exit, List<long> Staged)> ImportFilesAsync(
        ImportPipeline pipeline, FileInfo[] files, ImportOptions options, bool dryRun, bool json, CancellationToken cancellationToken)
    {
        var interactive = !json && !Console.IsOutputRedirected;
        var exit = ExitCodes.Success;
        var staged = new List<long>();
        foreach (var file in files)
        {
            ImportResult result;
            try
            {
                result = interactive
                    ? await AnsiConsole.Status().StartAsync($"importing {Markup.Escape(file.Name)}", _ => pipeline.RunAsync(file.FullName, options, dryRun, cancellationToken))
                    : await pipeline.RunAsync(file.FullName, options, dryRun, cancellationToken);
            }
            catch (InputRejectedException e)
            {
                Console.Error.WriteLine($"rejected: {e.Message}");
                exit = ExitCodes.Failed;
                continue;
            }
            if (json)
                Console.WriteLine(JsonSerializer.Serialize(ImportReport.From(result), Json));
            else
                ImportReport.WriteSummary(result);
            if (result.Batch is { } batch)
                staged.Add(batch.BatchId);
            if (exit == ExitCodes.Success && result.Accepted != result.Rows.Count)
                exit = ExitCodes.RowsNeedAttention;
        }
        return (exit, staged);
    }

    private static async Task PublishAsync(Npgsql.NpgsqlDataSource dataSource, List<long> staged, string actor, string? force, CancellationToken cancellationToken)
    {
        if (staged.Count == 0)
        {
            Console.Error.WriteLine("nothing new was staged, so nothing was published");
            return;
        }
        var version = await new DatasetStore(dataSource).PublishAsync(Actor.Cli(actor), staged, $"clinicmap-import publish of batch {string.Join(", ", staged)}", force, cancellationToken);
        Console.Error.WriteLine($"published dataset version {version.Version} with {version.ClinicCount} clinics");
    }

    /// <summary>The data source when its database answers (and has the boundaries table), else <c>null</c>.</summary>
    internal static async Task<Npgsql.NpgsqlDataSource?> ReachableAsync(Npgsql.NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            return await new BoundaryStore(dataSource).TableExistsAsync(cancellationToken) ? dataSource : null;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Merges the command line over the publisher's source settings; throws <see cref="ArgumentException"/> naming the option.</summary>
    internal static ImportOptions Options(string? sourceName, string? publisher, string? kind, string? title, string? publishedOn,
        string[] sheets, string? encoding, string? adminCode, string actor)
    {
        var source = sourceName is null ? new SourceSettings() : SourceSettings.Load(sourceName);
        var kindText = kind ?? source.DefaultKind ?? "fever-clinic";
        if (!ClinicKindNames.TryParse(kindText, out var defaultKind))
            throw new ArgumentException($"--kind: '{kindText}' is not fever-clinic, designated-hospital or fever-room");
        DateOnly? date = null;
        if (publishedOn is not null)
        {
            if (!DateOnly.TryParseExact(publishedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                throw new ArgumentException($"--published-on: '{publishedOn}' is not a date in the form yyyy-MM-dd");
            date = d;
        }
        var encodingName = encoding ?? source.Encoding;
        var textEncoding = encodingName is null ? null : TextDecoding.ByName(encodingName) ?? throw new ArgumentException($"--encoding: '{encodingName}' is not an encoding this machine knows");
        var scope = adminCode ?? source.AdminCode;
        if (scope is not null && (scope.Length is not (2 or 4 or 6) || !scope.All(char.IsAsciiDigit) || new DivisionScope(DivisionGazetteer.Embedded).FromCode(scope) is null))
            throw new ArgumentException($"--admin-code: '{scope}' is not a GB/T 2260 division code (2, 4 or 6 digits, such as 44, 4401 or 440106)");
        var who = publisher ?? source.Publisher ?? throw new ArgumentException("--publisher: say who published the list (or use --source)");
        return new ImportOptions(who, title, date, defaultKind, actor)
        {
            Encoding = textEncoding,
            Sheets = sheets.Length > 0 ? sheets : source.Sheets,
            AdminScope = scope,
            ColumnOverrides = source.ColumnOverrides,
        };
    }
}
