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
        root.Subcommands.Add(OcrBenchCommand.Build());
        root.Subcommands.Add(GazetteerCommand.Build());
        root.Subcommands.Add(PublishCommand.Build());
        root.Subcommands.Add(PublishCommand.BuildRollback());
        root.Subcommands.Add(KeysCommand.Build());
        root.Subcommands.Add(WorkerCommand.Build());
        return root;
    }
}
