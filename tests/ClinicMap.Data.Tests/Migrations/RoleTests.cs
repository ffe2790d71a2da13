using ClinicMap.Data.Migrations;
using ClinicMap.TestSupport;
using Npgsql;

namespace ClinicMap.Data.Tests.Migrations;

/// <summary>The roles the API and the workers connect as: they read and write rows, and change no schema.</summary>
public class RoleTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    private async Task<PostgresException?> TryAsync(string role, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionStringAs(role));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await command.ExecuteNonQueryAsync();
            return null;
        }
        catch (PostgresException e)
        {
            return e;
        }
    }

    [Theory]
    [InlineData("clinicmap_api", "CREATE TABLE intruder (i int)")]
    [InlineData("clinicmap_api", "DROP TABLE import_jobs")]
    [InlineData("clinicmap_api", "ALTER TABLE clinics ADD COLUMN x int")]
    [InlineData("clinicmap_api", "DELETE FROM audit_log")]
    [InlineData("clinicmap_api", "INSERT INTO schema_migrations (name, sha256) VALUES ('9999_evil.sql', 'x')")]
    [InlineData("clinicmap_api", "INSERT INTO api_keys (id) VALUES ('forged')")]
    [InlineData("clinicmap_worker", "CREATE TABLE intruder (i int)")]
    [InlineData("clinicmap_worker", "TRUNCATE import_rows")]
    [InlineData("clinicmap_worker", "INSERT INTO dataset_versions (version, published_by, clinic_count) VALUES (999, 'worker', 0)")]
    [InlineData("clinicmap_worker", "UPDATE dataset_current SET version = 1")]
    [InlineData("clinicmap_worker", "INSERT INTO source_events (source, jurisdiction, kind, message) VALUES ('x', '', 'error', 'forged')")]
    [InlineData("clinicmap_watcher", "CREATE TABLE intruder (i int)")]
    [InlineData("clinicmap_watcher", "UPDATE import_jobs SET state = state WHERE false")]
    [InlineData("clinicmap_watcher", "UPDATE api_keys SET role = 'admin' WHERE false")]
    [InlineData("clinicmap_watcher", "UPDATE source_events SET message = 'rewritten' WHERE false")]
    [InlineData("clinicmap_watcher", "INSERT INTO webhook_deliveries (subscriber_id, event, idempotency_key, body) SELECT subscriber_id, event, idempotency_key, body FROM webhook_deliveries WHERE false")]
    public async Task IsRefusedWhatItMustNotDo(string role, string sql)
    {
        var refused = await TryAsync(role, sql);
        Assert.NotNull(refused);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Theory]
    [InlineData("clinicmap_api", "SELECT count(*) FROM dataset_clinics")]
    [InlineData("clinicmap_api", "UPDATE import_batches SET status = status WHERE false")]
    [InlineData("clinicmap_worker", "UPDATE import_jobs SET state = state WHERE false")]
    [InlineData("clinicmap_worker", "INSERT INTO geocode_cache SELECT * FROM geocode_cache WHERE false")]
    [InlineData("clinicmap_watcher", "INSERT INTO source_events (source, jurisdiction, kind, message) SELECT source, jurisdiction, kind, message FROM source_events WHERE false")]
    [InlineData("clinicmap_watcher", "UPDATE watched_urls SET etag = etag WHERE false")]
    [InlineData("clinicmap_watcher", "INSERT INTO dataset_versions (version, published_by, clinic_count) SELECT version, published_by, clinic_count FROM dataset_versions WHERE false")]
    public async Task MayDoWhatItsWorkNeeds(string role, string sql) => Assert.Null(await TryAsync(role, sql));

    [Fact]
    public async Task TheApisRoleFindsNothingPendingOnAMigratedDatabase()
    {
        await using var dataSource = ClinicMapDataSource.Create(database.ConnectionStringAs("clinicmap_api"), "tests");
        Assert.Empty(await new Migrator(dataSource).PendingAsync());
    }
}
