using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Addresses;
using ClinicMap.Geocoding.Chain;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Geocoding.Providers;
using ClinicMap.TestSupport;

namespace ClinicMap.Geocoding.Tests.Chain;

/// <summary>The chain's order (given → known place → providers → gazetteer) and its trust rules, with providers on a local HTTP server.</summary>
public sealed class GeocoderChainTests : IDisposable
{
    private readonly FakeProviderServer _server = new();
    private readonly HttpClient _http = new();
    private static readonly DivisionGazetteer Gazetteer = DivisionGazetteer.Embedded;
    private static readonly DivisionResolution Dongcheng = new DivisionResolver(Gazetteer).Resolve(new DivisionHint("北京市", "北京市", "东城区", null));

    private GeocoderChain Chain(IKnownPlaces? known = null, params string[] providers) => new(
        ProviderFactory.Create(providers.Select(p => new ProviderSettings(p, _server.BaseUrl, "k", 100, TimeSpan.FromSeconds(2), 1)), _http, new ProcessGeocodeCache()),
        known);

    private static GeocodeRequest Request(string address = "崇外大街100号", GeoPoint? given = null) =>
        new("北京市昔仁医院", address, Dongcheng, new AddressParser().Parse(address, AddressContext.From(Dongcheng)), given);

    private void TencentAnswers(double lat, double lng, int level = 9, int reliability = 7, string adcode = "110101") =>
        _server.Answer("/ws/geocoder/v1/", $$$"""{"status":0,"message":"query ok","result":{"title":"t","location":{"lng":{{{lng}}},"lat":{{{lat}}}},"ad_info":{"adcode":"{{{adcode}}}"},"reliability":{{{reliability}}},"level":{{{level}}}}}""");

    [Fact]
    public async Task WithNoProviderTheGazetteerPlacesTheRowAtItsCountyCentre()
    {
        var result = (await Chain().GeocodeManyAsync([Request()]))[0];
        Assert.Equal(LocationMethod.GazetteerCounty, result.Placement!.Method);
        Assert.Equal(LocationPrecision.District, result.Placement.Precision);
        Assert.Equal(Gazetteer.Find("110101")!.Centre, result.Placement.Location);
        Assert.Equal([LocationMethod.Given, LocationMethod.GazetteerCounty], result.Steps.Select(s => s.Method));
    }

    [Fact]
    public async Task GivenCoordinatesComeFirstAreConvertedAndNoProviderIsAsked()
    {
        var given = new GeoPoint(39.8955, 116.4184, CoordinateSystem.Gcj02);
        var result = (await Chain(null, "tencent").GeocodeManyAsync([Request(given: given)]))[0];
        Assert.Equal(LocationMethod.Given, result.Placement!.Method);
        Assert.Equal(CoordinateSystem.Gcj02, result.Placement.CrsIn);
        Assert.Equal(CoordinateSystem.Wgs84, result.Placement.Location.Crs);
        Assert.InRange(Geodesic.DistanceMeters(result.Placement.Location.To(CoordinateSystem.Gcj02).To(CoordinateSystem.Wgs84), given.To(CoordinateSystem.Wgs84)), 0, 0.01);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task GivenCoordinatesOutsideChinaGoToReviewAndTheChainGoesOn()
    {
        var result = (await Chain().GeocodeManyAsync([Request(given: new GeoPoint(48.8566, 2.3522))]))[0];
        Assert.Equal(LocationMethod.GazetteerCounty, result.Placement!.Method);
        Assert.Contains(result.Placement.Reasons, r => r.Code == "location.given_outside_china" && r.Severity == ReasonSeverity.Review);
    }

    [Fact]
    public async Task AKnownPlaceComesBeforeTheProviders()
    {
        var known = new KnownPlaces(new KnownPlaceHit(new GeoPoint(39.89, 116.41), CoordinateSystem.Gcj02, LocationPrecision.Exact, "operator-1", DateTimeOffset.UnixEpoch));
        var result = (await Chain(known, "tencent").GeocodeManyAsync([Request()]))[0];
        Assert.Equal(LocationMethod.KnownPlace, result.Placement!.Method);
        Assert.Equal(new GeoPoint(39.89, 116.41), result.Placement.Location);
        Assert.Equal(("110101", ClinicMap.Core.Text.TextNormalizer.MatchKey("北京市昔仁医院")), Assert.Single(known.Asked));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task AConfidentStreetLevelAnswerInTheRightCountyIsTrusted()
    {
        TencentAnswers(39.895510, 116.418430);
        var result = (await Chain(null, "tencent").GeocodeManyAsync([Request()]))[0];
        Assert.Equal(LocationMethod.Geocoder("tencent"), result.Placement!.Method);
        Assert.Equal(LocationPrecision.Exact, result.Placement.Precision);
        Assert.Equal("tencent: level 9, reliability 7", result.Placement.SourcePrecision);
        Assert.DoesNotContain(result.Reasons, r => r.Severity >= ReasonSeverity.Review);
    }

    [Theory]
    [InlineData(2, 7, "110101", "only district level")]
    [InlineData(9, 5, "110101", "not confident")]
    [InlineData(9, 7, "110102", "puts it in 110102")]
    public async Task AnUntrustedAnswerIsACandidateForReviewAndTheGazetteerPlacesTheRow(int level, int reliability, string adcode, string why)
    {
        TencentAnswers(39.895510, 116.418430, level, reliability, adcode);
        var result = (await Chain(null, "tencent").GeocodeManyAsync([Request()]))[0];
        Assert.Equal(LocationMethod.GazetteerCounty, result.Placement!.Method);
        Assert.Single(result.Candidates);
        Assert.Contains(result.Placement.Reasons, r => r.Code == "location.candidates_untrusted" && r.Severity == ReasonSeverity.Review);
        Assert.Contains(result.Steps, s => s.Method == "geocoder_tencent" && s.Outcome.Contains(why, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SeveralPlacesFarApartAreAmbiguous()
    {
        _server.Answer("/v3/geocode/geo", """{"status":"1","info":"OK","infocode":"10000","count":"2","geocodes":[{"adcode":"110101","location":"116.418,39.895","level":"门牌号"},{"adcode":"110101","location":"116.430,39.905","level":"门牌号"}]}""");
        var result = (await Chain(null, "amap").GeocodeManyAsync([Request()]))[0];
        Assert.Equal(LocationMethod.GazetteerCounty, result.Placement!.Method);
        Assert.Contains(result.Steps, s => s.Outcome.Contains("ambiguous", StringComparison.Ordinal));
        Assert.Equal(2, result.Candidates.Count);
    }

    [Fact]
    public async Task TheNextProviderIsAskedOnlyWhenTheFirstGivesNothingTrusted()
    {
        _server.Answer("/ws/geocoder/v1/", """{"status":347,"message":"查询无结果"}""");
        _server.Answer("/v3/geocode/geo", """{"status":"1","info":"OK","infocode":"10000","count":"1","geocodes":[{"adcode":"110101","location":"116.418,39.895","level":"道路"}]}""");
        var result = (await Chain(null, "tencent", "amap", "baidu").GeocodeManyAsync([Request(), Request()]))[0];
        Assert.Equal(LocationMethod.Geocoder("amap"), result.Placement!.Method);
        Assert.Equal(LocationPrecision.Street, result.Placement.Precision);
        // Two identical rows: each provider asked once; Baidu never.
        Assert.Equal(2, _server.Requests.Count);
        Assert.DoesNotContain(_server.Requests, r => r.StartsWith("/geocoding", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnresolvedDivisionIsNotPlacedByTheGazetteer()
    {
        var blocked = new DivisionResolver(Gazetteer).Resolve(new DivisionHint("北京市", "北京市", "秦准区", null));
        var result = (await Chain().GeocodeManyAsync([new GeocodeRequest("x", "某路1号", blocked, null, null)]))[0];
        Assert.Null(result.Placement);
    }

    private sealed class KnownPlaces(KnownPlaceHit hit) : IKnownPlaces
    {
        public List<(string, string)> Asked { get; } = [];

        public Task<IReadOnlyDictionary<(string AdminCode, string NameKey), KnownPlaceHit>> FindManyAsync(
            IReadOnlyCollection<(string AdminCode, string NameKey)> keys, CancellationToken cancellationToken)
        {
            Asked.AddRange(keys);
            return Task.FromResult<IReadOnlyDictionary<(string, string), KnownPlaceHit>>(keys.ToDictionary(k => k, _ => hit));
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
