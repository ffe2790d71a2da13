using ClinicMap.Data;
using ClinicMap.Data.Migrations;
using Npgsql;

namespace ClinicMap.TestSupport;

/// <summary>
/// A fresh, migrated database on the private PostGIS cluster that scripts/test.sh starts, dropped on dispose.
/// Use it as an xunit class fixture. There is no fallback: when the server cannot be reached, creating the
/// fixture throws and every test using it fails, naming the server and how to start it.
/// </summary>
public sealed class PostgisDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The maintenance connection used to create and drop test databases; <c>CLINICMAP_TEST_ADMIN_DB</c> overrides it.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("CLINICMAP_TEST_ADMIN_DB") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    private bool _disposed;

    public PostgisDatabase()
    {
        Name = "clinicmap_test_" + Guid.NewGuid().ToString("N")[..12];
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        try
        {
            using var connection = new NpgsqlConnection(AdminConnectionString);
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
            create.ExecuteNonQuery();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"The PostGIS test server at {admin.Host}:{admin.Port} is not reachable ({e.Message}). " +
                "Run the tests through scripts/test.sh, which starts it; PostGIS tests fail rather than skip.", e);
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Name, Pooling = true }.ConnectionString;
        DataSource = ClinicMapDataSource.Create(ConnectionString, "clinicmap-tests");
        new Migrator(DataSource).MigrateAsync().GetAwaiter().GetResult();
    }

    /// <summary>The database's name, unique to this fixture.</summary>
    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The same database for another role (<c>clinicmap_api</c>, <c>clinicmap_worker</c>), as the API and the workers connect.</summary>
    public string ConnectionStringAs(string role) => new NpgsqlConnectionStringBuilder(ConnectionString) { Username = role }.ConnectionString;

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Runs one SQL statement and returns the first column of the first row.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
