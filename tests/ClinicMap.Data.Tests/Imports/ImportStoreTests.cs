using ClinicMap.Data.Imports;
using ClinicMap.TestSupport;
using Npgsql;

namespace ClinicMap.Data.Tests.Imports;

public class ImportStoreTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    private readonly ImportStore _store = new(database.DataSource);

    [Fact]
    public async Task StagingKeepsEveryRowVerbatimWithItsOutcomeAndTheCountsAddUp()
    {
        var rows = new[] { StagedRows.Accepted(1, "广州市第一人民医院", 23.13, 113.26), StagedRows.NeedsReview(2, "南京某医院"), StagedRows.Rejected(3) };

        var batch = await _store.StageAsync(StagedRows.Document(), "fever-clinic", "tester", rows);

        Assert.Equal((3, 1, 1, 1), (batch.Rows, batch.Accepted, batch.NeedsReview, batch.Rejected));
        Assert.Equal(3L, await database.ScalarAsync<long>("SELECT count(*) FROM import_rows WHERE batch_id = $1", batch.BatchId));
        Assert.Equal("秦准区", await database.ScalarAsync<string>("SELECT raw->>'区' FROM import_rows WHERE batch_id = $1 AND row_number = 2", batch.BatchId));
        Assert.Equal("division.county_unknown", await database.ScalarAsync<string>("SELECT reasons->0->>'code' FROM import_rows WHERE batch_id = $1 AND row_number = 2", batch.BatchId));
        Assert.Equal(23.13, await database.ScalarAsync<double>("SELECT ST_Y(location::geometry) FROM import_rows WHERE batch_id = $1 AND row_number = 1", batch.BatchId), 9);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'import.stage' AND entity_id = $1", batch.BatchId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task TheSameDocumentIsNotStagedTwice()
    {
        var document = StagedRows.Document();
        var first = await _store.StageAsync(document, "fever-clinic", "tester", [StagedRows.Accepted(1, "某医院", 23.1, 113.3)]);

        var again = await Assert.ThrowsAsync<DocumentAlreadyImportedException>(() =>
            _store.StageAsync(document, "fever-clinic", "tester", [StagedRows.Accepted(1, "某医院", 23.1, 113.3)]));

        Assert.Equal(first.BatchId, again.Existing.BatchId);
        Assert.Equal(first.BatchId, (await _store.FindByDocumentAsync(document.Sha256))?.BatchId);
    }

    [Fact]
    public async Task TheSameDocumentIsOneBatchPerJurisdictionSoAnotherJurisdictionsImportBlocksNobody()
    {
        var national = StagedRows.Document();
        var guangdong = national with { Jurisdiction = "44" };
        var first = await _store.StageAsync(national, "fever-clinic", "national", [StagedRows.Accepted(1, "某医院", 23.1, 113.3)]);

        var own = await _store.StageAsync(guangdong, "fever-clinic", "guangdong", [StagedRows.Accepted(1, "某医院", 23.1, 113.3)]);
        var again = await Assert.ThrowsAsync<DocumentAlreadyImportedException>(() =>
            _store.StageAsync(guangdong, "fever-clinic", "guangdong", [StagedRows.Accepted(1, "某医院", 23.1, 113.3)]));

        Assert.NotEqual(first.BatchId, own.BatchId);
        Assert.Equal(own.BatchId, again.Existing.BatchId);
        Assert.Equal(own.BatchId, (await _store.FindByDocumentAsync(national.Sha256, "44"))?.BatchId);
        Assert.Equal(first.BatchId, (await _store.FindByDocumentAsync(national.Sha256))?.BatchId);
        Assert.Null(await _store.FindByDocumentAsync(national.Sha256, "11"));
    }

    [Fact]
    public async Task AnAcceptedRowWithoutALocationIsRefusedByTheSchemaAndNothingIsStaged()
    {
        var document = StagedRows.Document();
        var broken = StagedRows.Accepted(1, "无坐标医院", 23.1, 113.3) with { Location = null };

        await Assert.ThrowsAsync<PostgresException>(() => _store.StageAsync(document, "fever-clinic", "tester", [broken]));

        Assert.Null(await _store.FindByDocumentAsync(document.Sha256));
    }

    [Fact]
    public async Task FindReturnsNullForAnUnknownBatch()
    {
        Assert.Null(await _store.FindAsync(987654321));
    }
}
