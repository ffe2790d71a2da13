using ClinicMap.Core.Clinics;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Ocr;

public class OcrStagingTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    [Fact]
    public async Task EveryCellOfAnOcrRowIsStagedWithItsConfidenceAndBox()
    {
        var options = new ImportOptions("十堰市卫生健康委员会", null, null, ClinicKind.FeverClinic, "tests");
        var result = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(database.DataSource) })
            .RunAsync(Path.Combine(RepositoryPaths.Samples, "shiyan-fever-clinics.png"), options, dryRun: false);

        var batch = result.Batch!.BatchId;
        Assert.Equal(4, await database.ScalarAsync<int>("SELECT jsonb_array_length(ocr) FROM import_rows WHERE batch_id = $1 AND row_number = 2", batch));
        Assert.Equal("十堰市太和医院", await database.ScalarAsync<string>("SELECT c->>'text' FROM import_rows, jsonb_array_elements(ocr) c WHERE batch_id = $1 AND row_number = 2 AND c->>'column' = '医院名称'", batch));
        var box = await database.ScalarAsync<string>("SELECT concat_ws(',', c->>'page', c->>'x', c->>'y', c->>'width', c->>'height') FROM import_rows, jsonb_array_elements(ocr) c WHERE batch_id = $1 AND row_number = 2 AND c->>'column' = '医院名称'", batch);
        var parts = box.Split(',').Select(int.Parse).ToArray();
        Assert.Equal(1, parts[0]);
        Assert.All(parts[1..], v => Assert.True(v > 0));
        Assert.Equal(32L, await database.ScalarAsync<long>("SELECT count(*) FROM import_rows WHERE batch_id = $1 AND ocr IS NOT NULL", batch));

        // The page is kept, as the boxes refer to it, so the reviewer's crop is the cell that was read.
        var png = await database.ScalarAsync<byte[]>(
            "SELECT p.png FROM document_pages p JOIN import_batches b ON b.source_document_id = p.source_document_id WHERE b.id = $1 AND p.page = 1", batch);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        var (pageWidth, pageHeight) = (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.True(parts[1] + parts[3] <= pageWidth && parts[2] + parts[4] <= pageHeight, $"box {box} lies outside the {pageWidth}×{pageHeight} page");
    }
}
