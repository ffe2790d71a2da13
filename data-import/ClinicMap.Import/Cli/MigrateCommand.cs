using System.CommandLine;
using ClinicMap.Data;
using ClinicMap.Data.Migrations;

namespace ClinicMap.Import.Cli;

/// <summary><c>clinicmap-import migrate</c>: applies the schema migrations to the database in <c>CLINICMAP_DB</c> (or the local default).</summary>
internal static class MigrateCommand
{
    public static Command Build()
    {
        var command = new Command("migrate", "apply the database migrations (also done before every import)");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var dataSource = ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-import");
            var applied = await new Migrator(dataSource).MigrateAsync(cancellationToken);
            Console.WriteLine(applied.Count == 0 ? "schema is up to date" : $"applied {string.Join(", ", applied)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
