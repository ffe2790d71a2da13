using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Boundaries;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Geocoding.Providers;
using ClinicMap.Import.Geocoding;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Rows;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Geocoding;

/// <summary>County boundaries in the real PostGIS, the point-in-county check, and the provider chain inside an import.</summary>
public sealed class GeocodingImportTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    private static readonly ImportOptions Options = new("test", null, null, ClinicKind.FeverClinic, "tests");

    [Fact]
    public async Task BoundariesLoadOnceAndHoldPointsAgainstTheCountyTheyName()
    {
        var loaded = await GeocodingSetup.LoadBoundariesAsync(database.DataSource);
        var again = await GeocodingSetup.LoadBoundariesAsync(database.DataSource);
        var store = new BoundaryStore(database.DataSource);
        Assert.True(loaded is 0 or > 2_800, $"loaded {loaded}");
        Assert.Equal(0, again);
        Assert.InRange(await store.CountAsync(), 2_800, 2_900);

        var dongcheng = DivisionGazetteer.Embedded.Find("110101")!.Centre!.Value;
        var xicheng = DivisionGazetteer.Embedded.Find("110102")!.Centre!.Value;
        var shanghai = DivisionGazetteer.Embedded.Find("310101")!.Centre!.Value;
        var checks = await store.CheckAsync(
        [
            new BoundaryProbe(0, "110101", dongcheng.Latitude, dongcheng.Longitude),
            new BoundaryProbe(1, "110101", xicheng.Latitude, xicheng.Longitude),
            new BoundaryProbe(2, "110100", xicheng.Latitude, xicheng.Longitude),
            new BoundaryProbe(3, "110101", shanghai.Latitude, shanghai.Longitude),
            new BoundaryProbe(4, "710000", 25.03, 121.56),
        ]);
        Assert.Equal(0, checks[0].DistanceMeters);
        Assert.InRange(checks[1].DistanceMeters, 100, 10_000);
        Assert.Equal(0, checks[2].DistanceMeters);
        Assert.InRange(checks[3].DistanceMeters, 1_000_000, 1_100_000);
        Assert.False(checks[4].HasBoundary);
    }

    [Fact]
    public async Task RowsAtTheSamePointOfTheSameDivisionAreAskedOnceAndEachGetsItsAnswerInOrder()
    {
        await GeocodingSetup.LoadBoundariesAsync(database.DataSource);
        var store = new BoundaryStore(database.DataSource);
        var xicheng = DivisionGazetteer.Embedded.Find("110102")!.Centre!.Value;
        var shanghai = DivisionGazetteer.Embedded.Find("310101")!.Centre!.Value;
        // Shuffled indexes and codes out of order: the answers come back by index, whatever the grouping did.
        BoundaryProbe[] probes =
        [
            new(7, "310101", xicheng.Latitude, xicheng.Longitude),
            new(2, "110101", xicheng.Latitude, xicheng.Longitude),
            new(5, "310101", shanghai.Latitude, shanghai.Longitude),
            new(3, "110101", xicheng.Latitude, xicheng.Longitude),
            new(9, "310101", xicheng.Latitude, xicheng.Longitude),
        ];

        var together = await store.CheckAsync(probes);
        var alone = new List<BoundaryCheck>();
        foreach (var probe in probes)
            alone.Add(Assert.Single(await store.CheckAsync([probe])));

        Assert.Equal(probes.Select(p => p.Index).Order(), together.Select(c => c.Index));
        Assert.Equal(alone.OrderBy(c => c.Index), together);
        Assert.Equal(0, together.Single(c => c.Index == 5).DistanceMeters);
    }

    [Fact]
    public async Task GivenCoordinatesInAnotherCountyGoToReviewWithTheirDistance()
    {
        await GeocodingSetup.LoadBoundariesAsync(database.DataSource);
        var xicheng = DivisionGazetteer.Embedded.Find("110102")!.Centre!.Value.To(CoordinateSystem.Gcj02);
        var row = Row(1, "北京市昔仁医院", "东城", "崇外大街100号", xicheng.Latitude, xicheng.Longitude);
        var pipeline = PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Chain = GeocodingSetup.CreateChain(database.DataSource, new HttpClient(), []), Boundaries = new BoundaryStore(database.DataSource) });
        var staged = Assert.Single(await pipeline.DecideAsync([row], Options with { Crs = CoordinateSystem.Gcj02 }));

        Assert.Equal(RowOutcome.NeedsReview, staged.Outcome);
        Assert.Equal(LocationMethod.Given, staged.LocationMethod);
        Assert.Contains(staged.Reasons, r => r.Code == "location.outside_division" && r.Message.Contains("outside 东城区 (110101)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CoordinatesWithoutADeclaredSystemAreNotGuessed()
    {
        var pipeline = PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded));
        var staged = Assert.Single(await pipeline.DecideAsync([Row(1, "北京医院", "东城", "东单大华路1号", 39.90, 116.41)], Options));
        Assert.Equal(RowOutcome.NeedsReview, staged.Outcome);
        Assert.Contains(staged.Reasons, r => r.Code == "location.given_crs_unknown");
        Assert.Equal(LocationMethod.GazetteerCounty, staged.LocationMethod);
    }

    [Fact]
    public async Task StreetLevelProviderResultsAreUsedAndCachedSoASecondImportAsksNobody()
    {
        await using var server = new FakeProviderServer();
        using var http = new HttpClient();
        var settings = new[] { new ProviderSettings("tencent", server.BaseUrl, "k", 100, TimeSpan.FromSeconds(2), 1) };
        server.AnswerFor("/ws/geocoder/v1/", "崇外大街", """{"status":0,"message":"query ok","result":{"title":"北京市昔仁医院","location":{"lng":116.418430,"lat":39.895510},"ad_info":{"adcode":"110101"},"reliability":7,"level":11}}""");
        server.AnswerFor("/ws/geocoder/v1/", "大华路", """{"status":0,"message":"query ok","result":{"title":"东单","location":{"lng":116.41,"lat":39.91},"ad_info":{"adcode":"110101"},"reliability":7,"level":2}}""");
        IReadOnlyList<RawRow> rows = [Row(1, "北京市昔仁医院", "东城", "崇外大街100号"), Row(2, "北京医院", "东城", "东单大华路1号")];

        var first = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Chain = GeocodingSetup.CreateChain(database.DataSource, http, settings) }).DecideAsync(rows, Options);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal((LocationPrecision.Poi, LocationMethod.Geocoder("tencent"), CoordinateSystem.Gcj02), (first[0].LocationPrecision, first[0].LocationMethod, first[0].LocationCrsIn));
        Assert.Equal("tencent: level 11, reliability 7", first[0].LocationDetail);
        Assert.Equal(RowOutcome.Accepted, first[0].Outcome);
        // District level: a candidate for review; the row is placed — approximately — by the gazetteer.
        Assert.Equal((LocationPrecision.District, LocationMethod.GazetteerCounty, RowOutcome.NeedsReview), (first[1].LocationPrecision, first[1].LocationMethod, first[1].Outcome));

        var second = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Chain = GeocodingSetup.CreateChain(database.DataSource, http, settings) }).DecideAsync(rows, Options);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(first.Select(r => (r.Location, r.LocationMethod, r.Outcome)), second.Select(r => (r.Location, r.LocationMethod, r.Outcome)));
    }

    [Fact]
    public async Task ATrustedLocationIsStagedWithItsProvenance()
    {
        await using var server = new FakeProviderServer();
        using var http = new HttpClient();
        server.Answer("/v3/geocode/geo", """{"status":"1","info":"OK","infocode":"10000","count":"1","geocodes":[{"adcode":"420102","location":"114.298,30.599","level":"门牌号"}]}""");
        var chain = GeocodingSetup.CreateChain(database.DataSource, http, [new ProviderSettings("amap", server.BaseUrl, "k", 100, TimeSpan.FromSeconds(2), 1)]);
        var pipeline = PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(database.DataSource), Chain = chain, Boundaries = new BoundaryStore(database.DataSource) });
        await GeocodingSetup.LoadBoundariesAsync(database.DataSource);
        var path = Path.Combine(Path.GetTempPath(), $"clinicmap-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "省,市,区,医院名称,地址\n湖北省,武汉市,江岸区,武汉市第八医院,江岸区胜利街155号\n");
        try
        {
            var result = await pipeline.RunAsync(path, Options, dryRun: false);
            Assert.NotNull(result.Batch);
            await using var command = database.DataSource.CreateCommand("SELECT location_method, location_precision, location_crs_in, location_detail FROM import_rows");
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(("geocoder_amap", "exact", "gcj02", "amap: 门牌号"), (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task NationalRowsThatNameACountyResolveToItsCode()
    {
        // The list's own columns are the truth: a row "names a county" when its county cell, with or without a
        // 区/县/市/旗 suffix, is the name of exactly one county of its city in the gazetteer.
        var gazetteer = DivisionGazetteer.Embedded;
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(RepositoryPaths.NationalSample));
        var expected = new List<string?>();
        var rows = new List<RawRow>();
        foreach (var province in json.RootElement.GetProperty("provinceList").EnumerateArray())
        {
            foreach (var city in province.GetProperty("cityList").EnumerateArray())
            {
                foreach (var h in city.GetProperty("hospitalList").EnumerateArray())
                {
                    var county = h.GetProperty("county").GetString() ?? "";
                    var prefecture = gazetteer.Provinces.Where(p => p.Name == h.GetProperty("province").GetString())
                        .SelectMany(p => gazetteer.ChildrenOf(p.Code)).FirstOrDefault(c => c.Name == h.GetProperty("city").GetString() || c.Name == h.GetProperty("province").GetString());
                    var named = county.Length == 0 || prefecture is null ? [] : gazetteer.CountiesUnder(prefecture)
                        .Where(c => c.Name == county || new[] { "区", "县", "市", "旗" }.Any(s => c.Name == county + s)).ToList();
                    if (named.Count != 1)
                        continue;
                    expected.Add(named[0].Code);
                    rows.Add(new RawRow(rows.Count + 1, null,
                    [
                        new("省", h.GetProperty("province").GetString()), new("市", h.GetProperty("city").GetString()), new("区县", county),
                        new("医院名称", h.GetProperty("name").GetString()), new("地址", h.GetProperty("address").GetString()),
                    ]));
                }
            }
        }
        var staged = await PipelineFactory.Create(new PipelineParts(gazetteer)).DecideAsync(rows, Options);
        var right = staged.Zip(expected).Count(p => p.First.AdminCode == p.Second);
        Assert.InRange(rows.Count, 2_000, 2_700);
        Assert.True(right >= rows.Count * 0.99, $"{right} of {rows.Count} rows resolve to the county their columns name");
        Assert.Equal(rows.Count, right);
    }

    private static RawRow Row(int number, string name, string county, string address, double? lat = null, double? lon = null) =>
        new(number, null,
        [
            new("省", "北京市"), new("市", "北京市"), new("区县", county), new("医院名称", name), new("地址", address),
            .. lat is null ? Array.Empty<KeyValuePair<string, string?>>() : [new("纬度", lat.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("经度", lon!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        ]);
}
