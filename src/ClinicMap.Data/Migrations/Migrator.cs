using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ClinicMap.Data.Migrations;

/// <summary>
/// Applies the numbered <c>Migrations/*.sql</c> files embedded in this assembly, in file-name order, each in
/// its own transaction, and records them in <c>schema_migrations</c>. A session advisory lock serialises
/// concurrent callers. An applied file whose text has since changed is refused rather than silently ignored.
/// Then <c>privileges.sql</c> grants the API's and the workers' roles what they may do (no DDL). Run it as the
/// owner (the CLI's <c>migrate</c>); the API and the workers only check that nothing is pending.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource)
{
    private const long AdvisoryLockKey = 0x436C696E69634D61; // "ClinicMa"

    private const string PrivilegesResource = "Migrations/privileges.sql";

    /// <summary>The grants of the API's and the workers' roles, applied after every run so that they cover every table.</summary>
    public static string Privileges { get; } = Read(typeof(Migrator).Assembly, PrivilegesResource);

    /// <summary>The embedded migration scripts, ordered by name.</summary>
    public static IReadOnlyList<(string Name, string Sql)> Scripts { get; } = LoadScripts();

    /// <summary>Applies what is missing; returns the names applied by this call.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, MigrationQueries.Lock, cancellationToken, AdvisoryLockKey);
        try
        {
            await Execute(connection, MigrationQueries.CreateLedger, cancellationToken);
            var applied = await AppliedAsync(connection, cancellationToken);
            var done = new List<string>();
            foreach (var (name, sql) in Scripts)
            {
                var hash = Sha256(sql);
                if (applied.TryGetValue(name, out var appliedHash))
                {
                    if (appliedHash != hash)
                        throw new InvalidOperationException($"migration {name} was changed after it was applied; add a new migration instead");
                    continue;
                }
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, sql, cancellationToken);
                await Execute(connection, MigrationQueries.Record, cancellationToken, name, hash);
                await transaction.CommitAsync(cancellationToken);
                done.Add(name);
            }
            await Execute(connection, Privileges, cancellationToken);
            // The data source learnt the database's types on its first connection, perhaps before the first
            // migration created PostGIS: without this, geometry reads and writes fail until the process restarts.
            if (done.Count > 0)
                await connection.ReloadTypesAsync(cancellationToken);
            return done;
        }
        finally
        {
            await Execute(connection, MigrationQueries.Unlock, CancellationToken.None, AdvisoryLockKey);
        }
    }

    /// <summary>The migrations not yet applied (none on a database the owner has migrated); for processes that must not apply them.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand(MigrationQueries.LedgerExists, connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
                return Scripts.Select(s => s.Name).ToList();
        }
        var applied = await AppliedAsync(connection, cancellationToken);
        return Scripts.Where(s => !applied.ContainsKey(s.Name)).Select(s => s.Name).ToList();
    }

    private static async Task<Dictionary<string, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(MigrationQueries.Applied, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            applied[reader.GetString(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(string, string)> LoadScripts()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal) && n != PrivilegesResource)
            .Order(StringComparer.Ordinal)
            .Select(n => (n["Migrations/".Length..], Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"missing embedded migration {resource}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
