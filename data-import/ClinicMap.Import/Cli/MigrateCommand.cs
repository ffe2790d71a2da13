using System.CommandLine;
using ClinicMap.Data;
using ClinicMap.Data.Migrations;
using ClinicMap.Import.Geocoding;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import migrate</c>: applies the schema migrations to the database in <c>CLINICMAP_DB</c> (or the local
/// default) and loads the gazetteer's county boundaries into PostGIS when they changed.
/// </summary>
internal static class MigrateCommand
{
    public static Command Build()
    {
        var command = new Command("migrate", "apply the database migrations (also done before every import) and load the county boundaries");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var dataSource = ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-import");
            var applied = await new Migrator(dataSource).MigrateAsync(cancellationToken);
            Console.WriteLine(applied.Count == 0 ? "schema is up to date" : $"applied {string.Join(", ", applied)}");
            var boundaries = await GeocodingSetup.LoadBoundariesAsync(dataSource, cancellationToken);
            Console.WriteLine(boundaries == 0 ? "county boundaries are up to date" : $"loaded {boundaries:N0} county boundaries");
            return ExitCodes.Success;
        });
        return command;
    }
}
