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

    [Fact]
    public async Task APublishInterruptedHalfWayLeavesNothingVisible()
    {
        var batch = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, "中断医院", 23.7, 113.9)]);
        var current = await _clinics.CurrentVersionAsync();
        var audits = await database.ScalarAsync<long>("SELECT count(*) FROM audit_log");
        // The clinics of the new version are written first; the failure strikes after them, at the version row.
        await database.ScalarAsync<int>("""
            CREATE FUNCTION fail_publish() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'power cut'; END $$;
            CREATE TRIGGER interrupt BEFORE INSERT ON dataset_versions FOR EACH ROW EXECUTE FUNCTION fail_publish();
            SELECT 1
            """);
        try
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => _datasets.PublishAsync(Actor.Cli("publisher-a"), [batch.BatchId], null));
            Assert.Contains("power cut", error.MessageText, StringComparison.Ordinal);
        }
        finally
        {
            await database.ScalarAsync<int>("DROP TRIGGER interrupt ON dataset_versions; DROP FUNCTION fail_publish(); SELECT 1");
        }

        var next = (current?.Version ?? 0) + 1;
        Assert.Equal(current?.Version, (await _clinics.CurrentVersionAsync())?.Version);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM dataset_clinics WHERE version = $1", next));
        Assert.Equal("staged", (await _imports.FindAsync(batch.BatchId))?.Status);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM import_rows WHERE batch_id = $1 AND published_in IS NOT NULL", batch.BatchId));
        Assert.Equal(audits, await database.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
        // And the same batch publishes normally afterwards.
        Assert.Equal(next, (await _datasets.PublishAsync(Actor.Cli("publisher-a"), [batch.BatchId], null)).Version);
    }

    [Fact]
    public async Task TwoPublishersRacingForOneBatchPublishItOnce()
    {
        var batch = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, "抢发医院", 23.8, 113.9)]);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
        {
            try
            {
                return (Version: (int?)(await _datasets.PublishAsync(Actor.Cli($"racer-{i}"), [batch.BatchId], null)).Version, Error: (string?)null);
            }
            catch (PublishRefusedException e)
            {
                return (null, e.Message);
            }
        }));

        Assert.Single(attempts, a => a.Version is not null);
        Assert.Contains("published, not staged", Assert.Single(attempts, a => a.Error is not null).Error, StringComparison.Ordinal);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM dataset_clinics c JOIN dataset_current d ON d.version = c.version WHERE c.name = '抢发医院'"));
    }

    [Fact]
    public async Task RowsInReviewHoldAPublishBackUnlessAReasonIsStated()
    {
        var batch = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, "庚医院", 23.9, 113.1), StagedRows.NeedsReview(2, "辛医院")]);

        var refused = await Assert.ThrowsAsync<PublishRefusedException>(() => _datasets.PublishAsync(Actor.Cli("publisher-a"), [batch.BatchId], null));
        var forced = await _datasets.PublishAsync(Actor.Cli("publisher-a"), [batch.BatchId], null, forceReason: "the county name is being checked with the commission");

        Assert.Contains("1 row(s) still need review", refused.Message, StringComparison.Ordinal);
        Assert.Equal("the county name is being checked with the commission", await database.ScalarAsync<string>(
            "SELECT reason FROM audit_log WHERE action = 'dataset.publish' AND entity_id = $1", forced.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM dataset_clinics WHERE version = $1 AND name = '辛医院'", forced.Version));
    }

    [Fact]
    public async Task ARollbackPublishesTheEarlierContentAsANewVersionAndTheFeedShowsEachStep()
    {
        var first = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, "回滚医院", 22.5, 113.1)]);
        var before = await _datasets.PublishAsync(Actor.Cli("publisher-a"), [first.BatchId], null);
        var second = await _imports.StageAsync(StagedRows.Document(), "fever-clinic", "tester", [StagedRows.Accepted(1, "错误医院", 22.6, 113.2)]);
        var mistaken = await _datasets.PublishAsync(Actor.Cli("publisher-a"), [second.BatchId], null);

        var restored = await _datasets.RollbackAsync(Actor.Cli("admin"), before.Version, "错误医院 was published by mistake");
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _datasets.RollbackAsync(new Actor("gd", ApiRole.Publisher, "44"), before.Version, "x"));

        Assert.Equal(mistaken.Version + 1, restored.Version);
        Assert.Equal(before.ClinicCount, restored.ClinicCount);
        var diff = (await _datasets.DiffAsync(restored.Version))!;
        Assert.Equal(["错误医院"], diff.Closed.Select(c => c.Name));
        Assert.Empty(diff.Added);
        Assert.Contains("admin key", refused.Message, StringComparison.Ordinal);
        var feed = await _datasets.ChangesSinceAsync(before.Version, 10);
        Assert.Equal([mistaken.Version, restored.Version], feed.Select(d => d.Version.Version));
        Assert.Equal(["错误医院"], feed[0].Added.Select(c => c.Name));
    }
}
