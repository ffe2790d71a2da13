using ClinicMap.Data.Clinics;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.TestSupport;
using Npgsql;

namespace ClinicMap.Data.Tests.Datasets;

public class DatasetStoreTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    private readonly ImportStore _imports = new(database.DataSource);
    private readonly DatasetStore _datasets = new(database.DataSource);
    private readonly ClinicStore _clinics = new(database.DataSource);

    [Fact]
    public async Task PublishingBuildsOnThePreviousVersionAndMovesTheCurrentPointer()
    {
        var before = await _clinics.CurrentVersionAsync();
        var first = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester",
            [StagedRows.Accepted(1, "甲医院", 23.10, 113.30), StagedRows.NeedsReview(2, "乙医院"), StagedRows.Rejected(3)]);
        var v1 = await _datasets.PublishAsync(Actor.Cli("publisher-a"), [first.BatchId], "first", forceReason: "row 2 waits for review");
        var second = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, "丙医院", 23.20, 113.40)]);
        var v2 = await _datasets.PublishAsync(Actor.Cli("publisher-a"), [second.BatchId], null);

        Assert.Equal((before?.Version ?? 0) + 1, v1.Version);
        Assert.Equal(v1.Version + 1, v2.Version);
        Assert.Equal((before?.ClinicCount ?? 0) + 1, v1.ClinicCount);
        Assert.Equal(v1.ClinicCount + 1, v2.ClinicCount);
        Assert.Equal(v2.Version, (await _clinics.CurrentVersionAsync())?.Version);
        // Row 2 still waits for review, so the first batch stays staged for it; the second is wholly published.
        Assert.Equal("staged", (await _imports.FindAsync(first.BatchId))?.Status);
        Assert.Equal("published", (await _imports.FindAsync(second.BatchId))?.Status);
    }

    [Fact]
    public async Task PublishedVersionsCannotBeChanged()
    {
        var batch = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, "丁医院", 23.3, 113.5)]);
        var version = await _datasets.PublishAsync(Actor.Cli("publisher-a"), [batch.BatchId], null);

        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            database.ScalarAsync<int>("WITH u AS (UPDATE dataset_clinics SET name = 'x' WHERE version = $1 RETURNING 1) SELECT count(*)::int FROM u", version.Version));
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            database.ScalarAsync<int>("WITH d AS (DELETE FROM dataset_versions WHERE version = $1 RETURNING 1) SELECT count(*)::int FROM d", version.Version));

        Assert.Contains("immutable", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("immutable", delete.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABatchIsPublishedOnceAndAnUnknownBatchIsRefusedWithoutChangingAnything()
    {
        var batch = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, "戊医院", 23.4, 113.6)]);
        await _datasets.PublishAsync(Actor.Cli("publisher-a"), [batch.BatchId], null);
        var current = await _clinics.CurrentVersionAsync();

        var twice = await Assert.ThrowsAsync<PublishRefusedException>(() => _datasets.PublishAsync(Actor.Cli("publisher-a"), [batch.BatchId], null));
        var unknown = await Assert.ThrowsAsync<PublishRefusedException>(() => _datasets.PublishAsync(Actor.Cli("publisher-a"), [999999], null));

        Assert.Contains("published, not staged", twice.Message, StringComparison.Ordinal);
        Assert.Contains("999999", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(current?.Version, (await _clinics.CurrentVersionAsync())?.Version);
    }

    [Fact]
    public async Task ConcurrentPublishersGetConsecutiveVersions()
    {
        var batches = new List<ImportBatchSummary>();
        for (var i = 0; i < 4; i++)
            batches.Add(await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, $"并发医院{i}", 23.5 + i / 100.0, 113.7)]));

        var versions = await Task.WhenAll(batches.Select(b => _datasets.PublishAsync(Actor.Cli("racer"), [b.BatchId], null)));

        var numbers = versions.Select(v => v.Version).Order().ToList();
        Assert.Equal(Enumerable.Range(numbers[0], 4), numbers);
        Assert.Equal(versions.Max(v => v.ClinicCount), (await _clinics.CurrentVersionAsync())?.ClinicCount);
    }

    [Fact]
    public async Task EveryPublishIsAudited()
    {
        var batch = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, "己医院", 23.6, 113.8)]);
        var version = await _datasets.PublishAsync(Actor.Cli("auditor"), [batch.BatchId], "why not");

        var after = await database.ScalarAsync<string>(
            "SELECT after::text FROM audit_log WHERE action = 'dataset.publish' AND entity_id = $1 AND actor = 'auditor'",
            version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"\"version\": {version.Version}", after, StringComparison.Ordinal);
    }
}
