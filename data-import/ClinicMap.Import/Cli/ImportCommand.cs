using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Data;
using ClinicMap.Data.Access;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Boundaries;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Migrations;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Geocoding;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Sources;
using Spectre.Console;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import import FILE… --publisher NAME [--kind K] [--source S] [--sheet S] [--encoding E]
/// [--admin-code C] [--crs wgs84|gcj02|bd09] [--publish [--force REASON]] [--dry-run] [--json]</c>: reads, decides and stages each file,
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

    public static Command Build()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "the published list(s) to import", Arity = ArgumentArity.OneOrMore };
        var source = new Option<string?>("--source") { Description = "a publisher's settings: a folder under Sources/ (see Sources/_template) or a source.json" };
        var publisher = new Option<string?>("--publisher") { Description = "the commission that published the list (required unless --source gives it)" };
        var kind = new Option<string?>("--kind") { Description = "kind of every row that does not say: fever-clinic | designated-hospital | fever-room (default fever-clinic)" };
        var title = new Option<string?>("--title") { Description = "the document's title (default: its own title, else the file name)" };
        var publishedOn = new Option<string?>("--published-on") { Description = "the publication date, yyyy-MM-dd (default: the date the document states)" };
        var sheets = new Option<string[]>("--sheet") { Description = "import only this sheet (or 'table 2'); repeatable", AllowMultipleArgumentsPerToken = false };
        var encoding = new Option<string?>("--encoding") { Description = "text encoding of CSV/TXT/HTML: utf-8, gb18030 (gbk), utf-16 … (default: detected)" };
        var adminCode = new Option<string?>("--admin-code") { Description = "the division the list covers (2, 4 or 6 digits), for rows that name no province or city" };
        var crs = new Option<string?>("--crs") { Description = "the coordinate system of the list's latitude/longitude columns: wgs84 | gcj02 | bd09" };
        var publish = new Option<bool>("--publish") { Description = "publish a new dataset version from what was staged" };
        var force = new Option<string?>("--force") { Description = "with --publish: publish even though rows still need review, for this stated reason (they stay out until resolved)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "read and decide every row, write nothing" };
        var json = new Option<bool>("--json") { Description = "print one JSON object per file on stdout instead of the summary" };
        var actor = new Option<string>("--actor") { Description = "who is importing, for the audit log", DefaultValueFactory = _ => Environment.UserName };

        var command = new Command("import", "import published clinic lists")
        {
            files, source, publisher, kind, title, publishedOn, sheets, encoding, adminCode, crs, publish, force, dryRun, json, actor,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            ImportOptions options;
            try
            {
                options = Options(parse.GetValue(source), parse.GetValue(publisher), parse.GetValue(kind), parse.GetValue(title), parse.GetValue(publishedOn),
                    parse.GetValue(sheets) ?? [], parse.GetValue(encoding), parse.GetValue(adminCode), parse.GetValue(actor)!);
                if (parse.GetValue(crs) is { } crsText)
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
            if (parse.GetValue(dryRun) && parse.GetValue(publish))
                return CliSupport.Fail("--publish cannot be combined with --dry-run");

            await using var dataSource = ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-import");
            var database = parse.GetValue(dryRun) ? await ReachableAsync(dataSource, cancellationToken) : dataSource;
            if (!parse.GetValue(dryRun))
            {
                await new Migrator(dataSource).MigrateAsync(cancellationToken);
                await GeocodingSetup.LoadBoundariesAsync(dataSource, cancellationToken);
            }
            else if (database is null)
            {
                Console.Error.WriteLine("note: no database answers, so this dry run skips the point-in-county check and the provider cache");
            }
            using var http = new HttpClient();
            var chain = GeocodingSetup.CreateChain(database, http);
            var pipeline = new ImportPipeline(parse.GetValue(dryRun) ? null : new ImportStore(dataSource), DivisionGazetteer.Embedded,
                chain, database is null ? null : new BoundaryStore(database), database is null ? null : new ClinicStore(database));
            var interactive = !parse.GetValue(json) && !Console.IsOutputRedirected;

            var exit = ExitCodes.Success;
            var staged = new List<long>();
            foreach (var file in parse.GetValue(files)!)
            {
                ImportResult result;
                try
                {
                    result = interactive
                        ? await AnsiConsole.Status().StartAsync($"importing {Markup.Escape(file.Name)}", _ => pipeline.RunAsync(file.FullName, options, parse.GetValue(dryRun), cancellationToken))
                        : await pipeline.RunAsync(file.FullName, options, parse.GetValue(dryRun), cancellationToken);
                }
                catch (InputRejectedException e)
                {
                    Console.Error.WriteLine($"rejected: {e.Message}");
                    exit = ExitCodes.Failed;
                    continue;
                }
                if (parse.GetValue(json))
                    Console.WriteLine(JsonSerializer.Serialize(ImportReport.From(result), Json));
                else
                    ImportReport.WriteSummary(result);
                if (result.Batch is { } batch)
                    staged.Add(batch.BatchId);
                if (exit == ExitCodes.Success && result.Accepted != result.Rows.Count)
                    exit = ExitCodes.RowsNeedAttention;
            }

            if (parse.GetValue(publish) && dataSource is not null)
            {
                if (staged.Count == 0)
                {
                    Console.Error.WriteLine("nothing new was staged, so nothing was published");
                }
                else
                {
                    var version = await new DatasetStore(dataSource).PublishAsync(Actor.Cli(options.Actor), staged, $"clinicmap-import publish of batch {string.Join(", ", staged)}", parse.GetValue(force), cancellationToken);
                    Console.Error.WriteLine($"published dataset version {version.Version} with {version.ClinicCount} clinics");
                }
            }
            return exit;
        });
        return command;
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
