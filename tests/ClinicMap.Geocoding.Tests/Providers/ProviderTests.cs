using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Geocoding.Providers;
using ClinicMap.TestSupport;

namespace ClinicMap.Geocoding.Tests.Providers;

/// <summary>Each provider's client against a local HTTP server answering in that provider's documented format.</summary>
public sealed class ProviderTests : IDisposable
{
    private readonly FakeProviderServer _server = new();
    private readonly HttpClient _http = new();
    private readonly ProcessGeocodeCache _cache = new();
    private static readonly ProviderQuery Query = new("崇外大街100号", "北京市");

    private GeocodingProvider Provider(string name, int retries = 2, double timeoutSeconds = 2) => ProviderFactory.Create(
        [new ProviderSettings(name, _server.BaseUrl, "test-key", 100, TimeSpan.FromSeconds(timeoutSeconds), retries)], _http, _cache)[0];

    public static TheoryData<string, string, string> Paths => new()
    {
        { "tencent", "/ws/geocoder/v1/", "key=test-key" },
        { "amap", "/v3/geocode/geo", "key=test-key" },
        { "baidu", "/geocoding/v3/", "ak=test-key" },
        { "nominatim", "/search", "email=test-key" },
    };

    [Fact]
    public async Task TencentSuccessIsConvertedFromGcj02AndMappedFromItsLevel()
    {
        _server.Answer("/ws/geocoder/v1/", """{"status":0,"message":"query ok","result":{"title":"崇外大街100号","location":{"lng":116.418430,"lat":39.895510},"ad_info":{"adcode":"110101"},"similarity":0.8,"deviation":1000,"reliability":7,"level":9}}""");
        var answer = await Provider("tencent").GeocodeAsync(Query, default);

        Assert.Equal(ProviderStatus.Found, answer.Status);
        var candidate = Assert.Single(answer.Candidates);
        Assert.Equal(LocationPrecision.Exact, candidate.Precision);
        Assert.Equal(CoordinateSystem.Gcj02, candidate.CrsIn);
        Assert.Equal("110101", candidate.AdminCode);
        Assert.True(candidate.Confident);
        var back = candidate.Location.To(CoordinateSystem.Gcj02);
        Assert.InRange(Geodesic.DistanceMeters(back.To(CoordinateSystem.Wgs84), new GeoPoint(39.895510, 116.418430, CoordinateSystem.Gcj02).To(CoordinateSystem.Wgs84)), 0, 0.01);
        // The GCJ-02 offset in Beijing is several hundred metres: the WGS-84 point must differ from the raw one.
        Assert.InRange(Geodesic.DistanceMeters(candidate.Location, new GeoPoint(39.895510, 116.418430)), 100, 1000);
        var request = Assert.Single(_server.Requests);
        Assert.Contains("key=test-key", request);
        Assert.Contains(Uri.EscapeDataString("北京市崇外大街100号"), request);
    }

    [Fact]
    public async Task TencentLowReliabilityIsNotConfident()
    {
        _server.Answer("/ws/geocoder/v1/", """{"status":0,"message":"query ok","result":{"title":"x","location":{"lng":116.4,"lat":39.9},"ad_info":{"adcode":"110101"},"reliability":5,"level":7}}""");
        var candidate = Assert.Single((await Provider("tencent").GeocodeAsync(Query, default)).Candidates);
        Assert.False(candidate.Confident);
        Assert.Equal(LocationPrecision.Street, candidate.Precision);
    }

    [Fact]
    public async Task AmapReturnsEverySeveralResult()
    {
        _server.Answer("/v3/geocode/geo", """{"status":"1","info":"OK","infocode":"10000","count":"2","geocodes":[{"formatted_address":"北京市朝阳区安贞路2号","adcode":"110105","location":"116.404,39.970","level":"门牌号"},{"formatted_address":"吉林省长春市朝阳区安贞路","adcode":"220104","location":"125.288,43.833","level":"道路"}]}""");
        var answer = await Provider("amap").GeocodeAsync(new ProviderQuery("朝阳区安贞路2号", null), default);

        Assert.Equal(ProviderStatus.Found, answer.Status);
        Assert.Equal(2, answer.Candidates.Count);
        Assert.Equal([LocationPrecision.Exact, LocationPrecision.Street], answer.Candidates.Select(c => c.Precision));
        Assert.Equal(["110105", "220104"], answer.Candidates.Select(c => c.AdminCode));
        Assert.DoesNotContain("city=", Assert.Single(_server.Requests));
    }

    [Fact]
    public async Task BaiduIsConvertedFromBd09()
    {
        _server.Answer("/geocoding/v3/", """{"status":0,"result":{"location":{"lng":116.424998,"lat":39.901658},"precise":1,"confidence":80,"comprehension":100,"level":"门址"}}""");
        var candidate = Assert.Single((await Provider("baidu").GeocodeAsync(Query, default)).Candidates);

        Assert.Equal(CoordinateSystem.Bd09, candidate.CrsIn);
        Assert.Equal(LocationPrecision.Exact, candidate.Precision);
        var bd = candidate.Location.To(CoordinateSystem.Bd09);
        Assert.InRange(Math.Abs(bd.Latitude - 39.901658) + Math.Abs(bd.Longitude - 116.424998), 0, 1e-6);
        Assert.InRange(Geodesic.DistanceMeters(candidate.Location, new GeoPoint(39.901658, 116.424998)), 500, 1500);
    }

    [Fact]
    public async Task NominatimReadsPlaceRanksInWgs84()
    {
        _server.Answer("/search", """[{"place_id":1,"lat":"39.8955","lon":"116.4184","display_name":"北京市东城区崇外大街","category":"highway","type":"primary","place_rank":26},{"place_id":2,"lat":"39.8956","lon":"116.4185","display_name":"某医院","category":"amenity","type":"hospital","place_rank":30}]""");
        var answer = await Provider("nominatim").GeocodeAsync(Query, default);

        Assert.Equal([LocationPrecision.Street, LocationPrecision.Poi], answer.Candidates.Select(c => c.Precision));
        Assert.Equal(new GeoPoint(39.8955, 116.4184), answer.Candidates[0].Location);
        Assert.Contains("countrycodes=cn", Assert.Single(_server.Requests));
    }

    [Theory]
    [InlineData("tencent", "/ws/geocoder/v1/", """{"status":347,"message":"查询无结果"}""")]
    [InlineData("amap", "/v3/geocode/geo", """{"status":"1","info":"OK","infocode":"10000","count":"0","geocodes":[]}""")]
    [InlineData("baidu", "/geocoding/v3/", """{"status":1,"msg":"Internal Service Error:无相关结果","results":[]}""")]
    [InlineData("nominatim", "/search", "[]")]
    public async Task NoResultIsSaidAndCached(string name, string path, string body)
    {
        _server.Answer(path, body);
        var provider = Provider(name);
        Assert.Equal(ProviderStatus.NoResult, (await provider.GeocodeAsync(Query, default)).Status);

        var again = await provider.GeocodeAsync(Query, default);
        Assert.Equal(ProviderStatus.NoResult, again.Status);
        Assert.True(again.FromCache);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData("tencent", "/ws/geocoder/v1/", """{"status":121,"message":"此key每日调用量已达到上限"}""")]
    [InlineData("amap", "/v3/geocode/geo", """{"status":"0","info":"DAILY_QUERY_OVER_LIMIT","infocode":"10003"}""")]
    [InlineData("baidu", "/geocoding/v3/", """{"status":302,"message":"天配额超限，限制访问"}""")]
    public async Task AnExceededQuotaStopsFurtherCallsForTheRun(string name, string path, string body)
    {
        _server.Answer(path, body);
        var provider = Provider(name);
        var first = await provider.GeocodeAsync(Query, default);
        Assert.Equal(ProviderStatus.QuotaExceeded, first.Status);

        var second = await provider.GeocodeAsync(new ProviderQuery("另一个地址1号", "北京市"), default);
        Assert.Equal(ProviderStatus.QuotaExceeded, second.Status);
        Assert.Single(_server.Requests);
        // A quota answer is never cached: tomorrow the same query may succeed.
        Assert.Empty(await _cache.GetManyAsync(name, [Query.Key], default));
    }

    [Fact]
    public async Task NominatimRateLimitIsRetriedWithBackoff()
    {
        _server.Answer("/search", "", status: 429);
        _server.Answer("/search", """[{"place_id":1,"lat":"39.8955","lon":"116.4184","display_name":"x","category":"building","type":"yes","place_rank":30}]""");
        var answer = await Provider("nominatim").GeocodeAsync(Query, default);
        Assert.Equal(ProviderStatus.Found, answer.Status);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task TencentTooFrequentIsRetried()
    {
        _server.Answer("/ws/geocoder/v1/", """{"status":120,"message":"此key每秒请求量已达到上限"}""");
        _server.Answer("/ws/geocoder/v1/", """{"status":0,"message":"query ok","result":{"title":"x","location":{"lng":116.4,"lat":39.9},"ad_info":{"adcode":"110101"},"reliability":7,"level":9}}""");
        Assert.Equal(ProviderStatus.Found, (await Provider("tencent").GeocodeAsync(Query, default)).Status);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task ATimeoutFailsAfterTheRetriesAndIsNotCached(string name, string path, string keyParameter)
    {
        for (var i = 0; i < 3; i++)
            _server.Answer(path, "[]", delay: TimeSpan.FromSeconds(5));
        var answer = await Provider(name, retries: 1, timeoutSeconds: 1).GeocodeAsync(Query, default);

        Assert.Equal(ProviderStatus.Failed, answer.Status);
        Assert.Contains("no answer within", answer.Detail, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Contains(keyParameter, r, StringComparison.Ordinal));
        Assert.Empty(await _cache.GetManyAsync(name, [Query.Key], default));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task AMalformedBodyFailsWithoutACrash(string name, string path, string keyParameter)
    {
        _ = keyParameter;
        _server.Answer(path, """{"status": "ok", "result": [1, 2""");
        var answer = await Provider(name).GeocodeAsync(Query, default);
        Assert.Equal(ProviderStatus.Failed, answer.Status);
        Assert.Contains("malformed", answer.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tencent", "/ws/geocoder/v1/", """{"status":0,"message":"query ok"}""")]
    [InlineData("amap", "/v3/geocode/geo", """{"status":"1","geocodes":[{"location":"not a point","level":"门牌号"}]}""")]
    [InlineData("baidu", "/geocoding/v3/", """{"status":0,"result":{"precise":1}}""")]
    [InlineData("nominatim", "/search", """{"error":"Unable to geocode"}""")]
    public async Task ABodyMissingDocumentedFieldsFails(string name, string path, string body)
    {
        _server.Answer(path, body);
        Assert.Equal(ProviderStatus.Failed, (await Provider(name).GeocodeAsync(Query, default)).Status);
    }

    [Fact]
    public void SettingsComeFromTheEnvironmentInChainOrder()
    {
        var environment = new Dictionary<string, string>
        {
            ["CLINICMAP_GEOCODER_BAIDU_KEY"] = "b",
            ["CLINICMAP_GEOCODER_TENCENT_KEY"] = "t",
            ["CLINICMAP_GEOCODER_TENCENT_URL"] = "http://127.0.0.1:9/",
            ["CLINICMAP_GEOCODER_NOMINATIM_EMAIL"] = "ops@example.org",
        };
        var settings = ProviderSettings.FromEnvironment(environment.GetValueOrDefault);
        Assert.Equal(["tencent", "baidu", "nominatim"], settings.Select(s => s.Name));
        Assert.Equal(new Uri("http://127.0.0.1:9/"), settings[0].BaseUrl);
        Assert.Equal(1, settings[2].RequestsPerSecond);
        Assert.Empty(ProviderSettings.FromEnvironment(_ => null));
        Assert.Throws<ArgumentException>(() => ProviderSettings.FromEnvironment(n => n == "CLINICMAP_GEOCODERS" ? "google" : null));
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
