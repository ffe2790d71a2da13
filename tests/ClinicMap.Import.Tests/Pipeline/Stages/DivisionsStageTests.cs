using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Pipeline.Stages;

/// <summary>
/// Lists laid out as real lists lay them out (Fixtures/hubei-2020, 227 real clinics), read as a person reads them:
/// a district in the city column, a county column alone, a city column with no province.
/// </summary>
public class DivisionsStageTests
{
    private static readonly ImportOptions Options = new("湖北省卫健委", null, null, ClinicKind.DesignatedHospital, "tests");

    private static Task<ImportResult> Import(string file) =>
        PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded))
            .RunAsync(Path.Combine(RepositoryPaths.Root, "tests", "ClinicMap.Import.Tests", "Fixtures", "hubei-2020", file), Options, dryRun: true);

    private static double Share(ImportResult result, Func<StagedRow, bool> test) => (double)result.Rows.Count(test) / result.Rows.Count;

    [Theory]
    [InlineData("city-column-holds-districts.csv")]
    [InlineData("city-column-holds-districts-no-county.csv")]
    public async Task ADistrictInTheCityColumnIsStillADistrict(string file)
    {
        var result = await Import(file);

        Assert.Equal(156, result.Rows.Count);
        var share = Share(result, r => r.LocationPrecision is <= LocationPrecision.District);
        Assert.True(share >= 0.95, $"{share:P1} at district precision or better: {string.Join("; ", result.Rows.Where(r => r.LocationPrecision is not <= LocationPrecision.District).Select(Describe))}");
        Assert.All(result.Rows.Where(r => r.AdminCode is not null), r => Assert.StartsWith("42", r.AdminCode, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProvincialListWithOnlyACountyColumnIsAcceptedWithoutReview()
    {
        var result = await Import("county-column-only.csv");

        Assert.Equal(181, result.Rows.Count);
        var share = Share(result, r => r.Outcome == RowOutcome.Accepted);
        Assert.True(share >= 0.95, $"{share:P1} accepted: {string.Join("; ", result.Rows.Where(r => r.Outcome != RowOutcome.Accepted).Select(Describe))}");
    }

    [Fact]
    public async Task AListWithACityColumnAndNoProvinceResolvesTheProvinceOfEveryRow()
    {
        var result = await Import("city-column-no-province.csv");

        Assert.Equal(227, result.Rows.Count);
        Assert.All(result.Rows, r => Assert.Equal("湖北省", r.Province));
        Assert.DoesNotContain(result.Rows, r => r.Reasons.Any(x => x.Code == "division.province_missing"));
    }

    private static string Describe(StagedRow r) =>
        $"row {r.RowNumber} {r.Name} → {r.AdminCode} {r.LocationPrecision} ({string.Join(", ", r.Reasons.Where(x => x.Severity != ReasonSeverity.Info).Select(x => x.Message))})";
}
