using ClinicMap.Data;
using ClinicMap.Data.Migrations;

namespace ClinicMap.Import.Cli;

/// <summary>What the commands share: the migrated database, and the one way a command fails with a message.</summary>
internal static class CliSupport
{
    /// <summary>The database of <c>CLINICMAP_DB</c> (or the local default), migrated (the commands an owner runs).</summary>
    public static async Task<Npgsql.NpgsqlDataSource> OpenDatabaseAsync(CancellationToken cancellationToken)
    {
        var dataSource = ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-import");
        await new Migrator(dataSource).MigrateAsync(cancellationToken);
        return dataSource;
    }

    /// <summary>
    /// The database for a process that runs under a role without DDL (the worker): nothing is migrated; a database
    /// with migrations pending is refused, naming them and the command that applies them.
    /// </summary>
    public static async Task<Npgsql.NpgsqlDataSource> OpenMigratedDatabaseAsync(CancellationToken cancellationToken)
    {
        var dataSource = ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-worker");
        var pending = await new Migrator(dataSource).PendingAsync(cancellationToken);
        if (pending.Count > 0)
        {
            await dataSource.DisposeAsync();
            throw new CommandRefusedException($"the database lacks migrations {string.Join(", ", pending)}: run 'clinicmap-import migrate' as the database's owner first");
        }
        return dataSource;
    }

    /// <summary>Prints the message on stderr and returns <see cref="ExitCodes.Failed"/>.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.Failed;
    }
}
