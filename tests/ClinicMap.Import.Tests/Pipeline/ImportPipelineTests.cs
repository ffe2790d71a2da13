using ClinicMap.Core.Clinics;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Rows;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Pipeline;

public class ImportPipelineTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    private static readonly ImportOptions Options = new("各省卫健委", null, null, ClinicKind.FeverClinic, "tests");

    [Fact]
    public async Task EveryRowOfTheNationalListEndsWithExactlyOneOutcomeAndTheCountsAddUp()
    {
        var result = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded)).RunAsync(RepositoryPaths.NationalSample, Options, dryRun: true);

        Assert.Equal(6753, result.Rows.Count);
        Assert.Equal(result.Rows.Count, result.Accepted + result.NeedsReview + result.Rejected);
        Assert.All(result.Rows.Where(r => r.Outcome != RowOutcome.Accepted), r => Assert.NotEmpty(r.Reasons));
        Assert.All(result.Rows.Where(r => r.Outcome == RowOutcome.Accepted), r =>
        {
            Assert.NotNull(r.Location);
            Assert.Matches("^[0-9]{6}$", r.AdminCode);
            Assert.True(r.LocationPrecision is LocationPrecision.Township or LocationPrecision.District or LocationPrecision.City);
        });
        // Measured on this list: 99% of the rows resolve and are placed without a person.
        Assert.True(result.Accepted > 6600, $"only {result.Accepted} accepted");
    }

    [Fact]
    public async Task ARowIsPlacedAtTheCountyItNamesAndNeverInAnother()
    {
        var result = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded)).RunAsync(RepositoryPaths.NationalSample, Options, dryRun: true);

        var puren = result.Rows[0];
        Assert.Equal("北京市昔仁医院", puren.Name);
        Assert.Equal(("110101", "东城区", LocationPrecision.District), (puren.AdminCode, puren.District, puren.LocationPrecision));
        Assert.Equal(DivisionGazetteer.Embedded.Find("110101")!.Centre, puren.Location);
        foreach (var row in result.Rows.Where(r => r.LocationPrecision == LocationPrecision.District))
            Assert.Equal(DivisionGazetteer.Embedded.Find(row.AdminCode!)!.Centre, row.Location);
    }

    [Fact]
    public async Task EveryRowThatNamesItsCountyKeepsItAndRowsTheNameOrAddressPlacesSitAtTheirTownship()
    {
        var gazetteer = DivisionGazetteer.Embedded;
        var result = await PipelineFactory.Create(new PipelineParts(gazetteer)).RunAsync(RepositoryPaths.NationalSample, Options, dryRun: true);

        // A county cell holding the official name of a county of the row's own city resolves to exactly that county (a
        // list that puts a county under another city, as three rows of 唐山 put 深州市, goes to review instead).
        var counties = gazetteer.Provinces.SelectMany(gazetteer.CountiesUnder).ToLookup(c => c.Name);
        string? Cell(StagedRow row, string key) => row.RawCells.FirstOrDefault(c => c.Key == key).Value?.Trim();
        bool OfItsCity(StagedRow row, AdminDivision county) =>
            gazetteer.Find(county.ParentCode!) is { } city && gazetteer.FormsOf(city).Contains(Core.Text.TextNormalizer.MatchKey(Cell(row, "city")));
        var named = result.Rows.Where(r => Cell(r, "county") is { } cell && counties[cell].Count() == 1 && OfItsCity(r, counties[cell].Single())).ToList();
        Assert.True(named.Count > 1500, $"{named.Count} rows name their county");
        Assert.All(named, r => Assert.Equal(counties[Cell(r, "county")!].Single().Code, r.AdminCode));
        // Township precision: at the centre of a township of the row's own county.
        var townships = result.Rows.Where(r => r.LocationPrecision == LocationPrecision.Township).ToList();
        Assert.True(townships.Count >= result.Rows.Count * 15 / 100, $"{townships.Count} of {result.Rows.Count} rows at township precision");
        Assert.All(townships, r => Assert.Contains(TownshipIndex.Embedded.InCounty(r.AdminCode!), t => t.Centre == r.Location));
    }

    [Fact]
    public async Task RepeatedClinicsInOneFileGoToReviewNamingTheFirstRow()
    {
        var result = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded)).RunAsync(RepositoryPaths.NationalSample, Options, dryRun: true);

        var duplicates = result.Rows.Where(r => r.Reasons.Any(x => x.Code == "row.duplicate")).ToList();
        Assert.Equal(40, duplicates.Count);
        Assert.All(duplicates, d => Assert.Equal(RowOutcome.NeedsReview, d.Outcome));
        Assert.All(duplicates, d => Assert.Matches("repeats .+ of .*row [0-9]+$", d.Reasons.Single(x => x.Code == "row.duplicate").Message));
    }

    [Fact]
    public async Task StagingTwiceRecognisesTheSameFile()
    {
        var pipeline = PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(database.DataSource) });

        var first = await pipeline.RunAsync(RepositoryPaths.NationalSample, Options, dryRun: false);
        var second = await pipeline.RunAsync(RepositoryPaths.NationalSample, Options, dryRun: false);

        Assert.NotNull(first.Batch);
        Assert.Null(second.Batch);
        Assert.Equal(first.Batch!.BatchId, second.AlreadyImportedAs?.BatchId);
        Assert.Equal(6753L, await database.ScalarAsync<long>("SELECT count(*) FROM import_rows"));
        Assert.Equal((long)first.Accepted, await database.ScalarAsync<long>("SELECT count(*) FROM import_rows WHERE outcome = 'accepted'"));
    }

    [Fact]
    public async Task BadFilesAreRejectedWithAMessageNamingTheFileAndNothingIsStaged()
    {
        var pipeline = PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(database.DataSource) });
        var folder = Directory.CreateTempSubdirectory("clinicmap-bad-");
        try
        {
            var empty = Path.Combine(folder.FullName, "empty.json");
            await File.WriteAllBytesAsync(empty, []);
            var junk = Path.Combine(folder.FullName, "junk.json");
            await File.WriteAllBytesAsync(junk, [0xFF, 0xD8, 0x00, 0x13, 0x37]);
            var noRows = Path.Combine(folder.FullName, "none.json");
            await File.WriteAllTextAsync(noRows, "[]");
            var big = Path.Combine(folder.FullName, "big.json");
            await File.WriteAllTextAsync(big, new string(' ', 2048) + "[]");
            var xlsx = Path.Combine(folder.FullName, "list.xlsx");
            await File.WriteAllTextAsync(xlsx, "PK");
            var before = await database.ScalarAsync<long>("SELECT count(*) FROM import_batches");

            var errors = new List<string>();
            foreach (var (path, options) in new[] { (empty, Options), (junk, Options), (noRows, Options), (big, Options with { MaxFileBytes = 1024 }), (xlsx, Options), (Path.Combine(folder.FullName, "missing.json"), Options) })
                errors.Add((await Assert.ThrowsAsync<InputRejectedException>(() => pipeline.RunAsync(path, options, dryRun: false))).Message);

            Assert.Contains("empty.json: the file is empty", errors[0], StringComparison.Ordinal);
            Assert.Contains("junk.json: not valid JSON", errors[1], StringComparison.Ordinal);
            Assert.Contains("none.json: no rows found", errors[2], StringComparison.Ordinal);
            Assert.Contains("big.json: 2,050 bytes is over the 1,024-byte limit", errors[3], StringComparison.Ordinal);
            Assert.Contains("list.xlsx: not an Excel workbook", errors[4], StringComparison.Ordinal);
            Assert.Contains("missing.json: no such file", errors[5], StringComparison.Ordinal);
            Assert.Equal(before, await database.ScalarAsync<long>("SELECT count(*) FROM import_batches"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
