using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Data;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Migrations;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Readers;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import import FILE… --publisher NAME [--kind K] [--publish] [--dry-run] [--json]</c>:
/// reads, decides and stages each file, prints every row's fate, and optionally publishes what was staged.
/// </summary>
internal static class ImportCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Build()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "the published list(s) to import", Arity = ArgumentArity.OneOrMore };
        var publisher = new Option<string>("--publisher") { Description = "the commission that published the list", Required = true };
        var kind = new Option<string>("--kind") { Description = "kind of every row that does not say: fever-clinic | designated-hospital | fever-room", DefaultValueFactory = _ => "fever-clinic" };
        var title = new Option<string?>("--title") { Description = "the document's title (default: its own title, else the file name)" };
        var publishedOn = new Option<string?>("--published-on") { Description = "the publication date, yyyy-MM-dd" };
        var publish = new Option<bool>("--publish") { Description = "publish a new dataset version from what was staged" };
        var dryRun = new Option<bool>("--dry-run") { Description = "read and decide every row, write nothing" };
        var json = new Option<bool>("--json") { Description = "print one JSON object per file on stdout instead of the summary" };
        var actor = new Option<string>("--actor") { Description = "who is importing, for the audit log", DefaultValueFactory = _ => Environment.UserName };

        var command = new Command("import", "import published clinic lists") { files, publisher, kind, title, publishedOn, publish, dryRun, json, actor };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!ClinicKindNames.TryParse(parse.GetValue(kind), out var defaultKind))
                return Fail($"--kind: '{parse.GetValue(kind)}' is not fever-clinic, designated-hospital or fever-room");
            DateOnly? date = null;
            if (parse.GetValue(publishedOn) is { } dateText)
            {
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    return Fail($"--published-on: '{dateText}' is not a date in the form yyyy-MM-dd");
                date = d;
            }
            if (parse.GetValue(dryRun) && parse.GetValue(publish))
                return Fail("--publish cannot be combined with --dry-run");
            var options = new ImportOptions(parse.GetValue(publisher)!, parse.GetValue(title), date, defaultKind, parse.GetValue(actor)!);

            await using var dataSource = parse.GetValue(dryRun) ? null : ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-import");
            if (dataSource is not null)
                await new Migrator(dataSource).MigrateAsync(cancellationToken);
            var pipeline = new ImportPipeline(dataSource is null ? null : new ImportStore(dataSource), DivisionGazetteer.Embedded);

            var exit = ExitCodes.Success;
            var staged = new List<long>();
            foreach (var file in parse.GetValue(files)!)
            {
                ImportResult result;
                try
                {
                    result = await pipeline.RunAsync(file.FullName, options, parse.GetValue(dryRun), cancellationToken);
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
                    ImportReport.WriteSummary(Console.Out, result);
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
                    var version = await new DatasetStore(dataSource).PublishAsync(staged, options.Actor, $"clinicmap-import publish of batch {string.Join(", ", staged)}", cancellationToken);
                    Console.Error.WriteLine($"published dataset version {version.Version} with {version.ClinicCount} clinics");
                }
            }
            return exit;
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.Failed;
    }
}
