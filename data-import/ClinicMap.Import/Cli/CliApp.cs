using System.CommandLine;

namespace ClinicMap.Import.Cli;

/// <summary>The <c>clinicmap-import</c> command tree.</summary>
public static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("clinicmap-import: turn published fever-clinic lists into ClinicMap datasets");
        root.Subcommands.Add(MigrateCommand.Build());
        root.Subcommands.Add(ImportCommand.Build());
        root.Subcommands.Add(GeocodeCommand.Build());
        root.Subcommands.Add(OcrCommand.Build());
        root.Subcommands.Add(PublishCommand.Build());
        root.Subcommands.Add(PublishCommand.BuildRollback());
        root.Subcommands.Add(KeysCommand.Build());
        root.Subcommands.Add(SubscribersCommand.Build());
        root.Subcommands.Add(WorkerCommand.Build());
        root.Subcommands.Add(WatchCommand.Build());
        root.Subcommands.Add(SourcesCommand.Build());
        return root;
    }

    /// <summary>
    /// Runs the command line. Expected refusals (publish refused, document already imported, a key outside its
    /// jurisdiction, no database) print one line naming what to do and exit <see cref="ExitCodes.Refused"/>; anything
    /// else is a bug and keeps its stack trace.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await Build().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (RefusalOf(e) is { } refusal)
        {
            Console.Error.WriteLine(refusal);
            return ExitCodes.Refused;
        }
    }

    /// <summary>
    /// The one line a user reads for an expected refusal, naming what to do; <c>null</c> for an exception that is a bug.
    /// </summary>
    public static string? RefusalOf(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => RefusalOf(aggregate.InnerException!),
        Data.Datasets.PublishRefusedException e => $"publish refused: {e.Message}",
        Data.Access.AccessDeniedException e => $"refused: {e.Message}",
        Data.Review.ReviewRefusedException e => $"refused: {e.Message}",
        Data.Imports.DocumentAlreadyImportedException e => $"already imported: {e.Message}",
        CommandRefusedException e => e.Message,
        Ocr.Engine.OcrModelException e => $"cannot read images: {e.Message}",
        Npgsql.PostgresException => null,
        Npgsql.NpgsqlException or System.Net.Sockets.SocketException =>
            $"the database does not answer ({exception.Message}): start it with scripts/run.sh, or point CLINICMAP_DB at one",
        _ => null,
    };
}
