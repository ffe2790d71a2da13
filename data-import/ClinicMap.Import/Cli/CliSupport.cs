using ClinicMap.Data;
using ClinicMap.Data.Migrations;

namespace ClinicMap.Import.Cli;

/// <summary>What the commands share: the migrated database, and the one way a command fails with a message.</summary>
internal static class CliSupport
{
    /// <summary>The database of <c>CLINICMAP_DB</c> (or the local default), migrated.</summary>
    public static async Task<Npgsql.NpgsqlDataSource> OpenDatabaseAsync(CancellationToken cancellationToken)
    {
        var dataSource = ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-import");
        await new Migrator(dataSource).MigrateAsync(cancellationToken);
        return dataSource;
    }

    /// <summary>Prints the message on stderr and returns <see cref="ExitCodes.Failed"/>.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.Failed;
    }
}
