using System.Text;
using System.Text.Json;
using ClinicMap.Data.Access;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Cli;
using ClinicMap.Import.Pipeline;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Cli;

public class WorkerTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    private ImportPipeline Pipeline() =>
        PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(database.DataSource), Published = new ClinicStore(database.DataSource) });

    [Fact]
    public async Task AnUploadedListIsStagedAsItsUploaderAndRowsOutsideTheUploadersJurisdictionAreRejected()
    {
        var jobs = new ImportJobStore(database.DataSource);
        var csv = "医院名称,省份,城市,区县,地址\n广州市第一人民医院,广东省,广州市,越秀区,盘福路1号\n武汉市第一医院,湖北省,武汉市,硚口区,中山大道215号\n";
        var queued = await jobs.EnqueueAsync(new Actor("key:gd", ApiRole.Publisher, "44"), "list.csv", Encoding.UTF8.GetBytes(csv),
            JsonSerializer.Serialize(new ImportJobOptions("广东省卫生健康委员会", "发热门诊名单", null, "fever-clinic", null)));

        var claimed = await jobs.ClaimAsync();
        var again = await jobs.ClaimAsync();
        var (batch, error) = await WorkerCommand.RunAsync(Pipeline(), claimed!, CancellationToken.None);
        await jobs.FinishAsync(claimed!.Id, batch, error);

        Assert.Equal(queued.Id, claimed.Id);
        Assert.Null(again);
        Assert.Null(error);
        var finished = await jobs.FindAsync(queued.Id);
        Assert.Equal(("done", batch), (finished!.State, finished.BatchId));
        Assert.Equal("accepted|440104", await database.ScalarAsync<string>("SELECT outcome || '|' || admin_code FROM import_rows WHERE batch_id = $1 AND row_number = 2", batch!.Value));
        Assert.Equal("rejected", await database.ScalarAsync<string>("SELECT outcome FROM import_rows WHERE batch_id = $1 AND row_number = 3", batch.Value));
        Assert.Contains("outside the uploader's jurisdiction", await database.ScalarAsync<string>(
            "SELECT reasons::text FROM import_rows WHERE batch_id = $1 AND row_number = 3", batch.Value), StringComparison.Ordinal);
        Assert.Equal("key:gd", await database.ScalarAsync<string>("SELECT created_by FROM import_batches WHERE id = $1", batch.Value));
    }

    [Fact]
    public async Task AFileThePipelineRefusesEndsTheJobAsFailedWithTheReasonAndStagesNothing()
    {
        var jobs = new ImportJobStore(database.DataSource);
        var batches = await database.ScalarAsync<long>("SELECT count(*) FROM import_batches");
        await jobs.EnqueueAsync(new Actor("key:gd", ApiRole.Publisher, "44"), "list.xlsx", "not a workbook"u8.ToArray(),
            JsonSerializer.Serialize(new ImportJobOptions("广东省卫生健康委员会", null, null, "fever-clinic", null)));

        var claimed = (await jobs.ClaimAsync())!;
        var (batch, error) = await WorkerCommand.RunAsync(Pipeline(), claimed, CancellationToken.None);
        await jobs.FinishAsync(claimed.Id, batch, error);

        Assert.Null(batch);
        Assert.Contains("list.xlsx", error, StringComparison.Ordinal);
        Assert.Equal("failed", (await jobs.FindAsync(claimed.Id))!.State);
        Assert.Equal(batches, await database.ScalarAsync<long>("SELECT count(*) FROM import_batches"));
    }
}
