using ClinicMap.Data.Migrations;
using ClinicMap.TestSupport;

namespace ClinicMap.Data.Tests.Migrations;

public class MigratorTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    [Fact]
    public async Task MigratingTwiceAppliesNothingTheSecondTime()
    {
        var again = await new Migrator(database.DataSource).MigrateAsync();

        Assert.Empty(again);
        Assert.Equal(Migrator.Scripts.Count, (int)await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task TheSchemaHasPostgisAndTheSpatialIndex()
    {
        var postgis = await database.ScalarAsync<string>("SELECT extversion FROM pg_extension WHERE extname = 'postgis'");
        var index = await database.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'dataset_clinics_version_location'");

        Assert.StartsWith("3.", postgis, StringComparison.Ordinal);
        Assert.Contains("USING gist (version, location)", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentMigratorsDoNotCollide()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new Migrator(database.DataSource).MigrateAsync()));

        Assert.All(results, Assert.Empty);
    }
}
