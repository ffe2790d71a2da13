using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicMap.Api.Tests.Http;

/// <summary>The API with every log line it writes kept in memory, to check what a request leaves behind.</summary>
public sealed class ObservedApiFixture : ClinicMapApiFixture
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RequestLog:SampleEvery", "1")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(new KeepingProvider(Lines))));
    }

    private sealed class KeepingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Keeper(categoryName, lines);
        public void Dispose() { }
    }

    private sealed class Keeper(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>The API with a public read limit of 5 at once and 1 per second per address.</summary>
public sealed class PublicLimitedApiFixture : ClinicMapApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("PublicLimit:Burst", "5"), new("PublicLimit:PerSecond", "1")];
}

public class HttpBehaviourTests(ObservedApiFixture api) : IClassFixture<ObservedApiFixture>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("/api/v1/clinics/nearest?lat=39.9&lon=116.4")]
    [InlineData("/api/v1/clinics?limit=5")]
    [InlineData("/api/v1/clinics.geojson?properties=summary")]
    [InlineData("/odata/Clinics?$top=2")]
    [InlineData("/api/v1/datasets/1/diff")]
    [InlineData("/api/v1/changes?since=0")]
    public async Task AnswersCarryTheDatasetVersionAsETagAndARepeatedRequestIs304(string url)
    {
        using var first = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var tag = first.Headers.ETag!;
        Assert.True(tag.IsWeak);
        // Answers that carry live statuses name the statuses' state after the version.
        Assert.Matches(url.StartsWith("/api/v1/clinics", StringComparison.Ordinal) || url.StartsWith("/odata/Clinics", StringComparison.Ordinal)
            ? @"^""v1\.s\d+\.\d+""$" : @"^""v1""$", tag.Tag);
        // An answer keyed by a resident's position is for that resident's own cache only.
        Assert.Equal(!url.Contains("nearest", StringComparison.Ordinal), first.Headers.CacheControl!.Public);
        Assert.Equal(url.Contains("nearest", StringComparison.Ordinal), first.Headers.CacheControl.Private);
        Assert.NotNull(first.Headers.CacheControl.MaxAge);

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(tag);
        using var second = await _client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"v0\"", isWeak: true));
        using var third = await _client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task AnErrorCarriesNoETagAndIsNotCached()
    {
        using var response = await _client.GetAsync("/api/v1/clinics/nearest?lat=999&lon=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task AnswersAreCompressedWhenTheClientAcceptsIt(string encoding)
    {
        using var plain = await _client.GetAsync("/api/v1/clinics.geojson?properties=summary");
        var plainLength = (await plain.Content.ReadAsByteArrayAsync()).Length;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clinics.geojson?properties=summary");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var compressed = await _client.SendAsync(request);

        Assert.Equal(encoding, Assert.Single(compressed.Content.Headers.ContentEncoding));
        var bytes = await compressed.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length * 3 < plainLength, $"{encoding}: {bytes.Length} bytes of {plainLength}");
    }

    [Fact]
    public async Task TheRequestLogHoldsNoLocationFinerThanAboutAKilometre()
    {
        using var response = await _client.GetAsync("/api/v1/clinics/nearest?lat=23.129163&lon=113.264435&limit=3");
        using var box = await _client.GetAsync("/api/v1/clinics?bbox=113.264435,23.129163,113.274435,23.139163");
        using var tile = await _client.GetAsync("/tiles/clinics/16/53360/28440.mvt");
        using var odata = await _client.GetAsync("/odata/Clinics?$filter=geo.distance(Location, geography'SRID=4326;POINT(113.264435 23.129163)') lt 3000");
        response.EnsureSuccessStatusCode();

        var lines = api.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("/api/v1/clinics/nearest?lat=23.13&lon=113.26&limit=3 200", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/tiles/clinics/16/… 200", StringComparison.Ordinal));
        foreach (var fine in new[] { "23.129", "113.264", "53360", "28440" })
            Assert.DoesNotContain(lines, l => l.Contains(fine, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NumbersWrittenWithExponentsAndTilesInAnyCaseAreLoggedCoarseAndInjectedLinesStayOnOneLine()
    {
        using var exponent = await _client.GetAsync("/api/v1/clinics/nearest?lat=3991234e-5&lon=11640567e-5");
        using var shouting = await _client.GetAsync("/Tiles/clinics/16/53960/24812.mvt");
        using var forged = await _client.GetAsync("/api/v1/clinics/nearest?lat=39.9&lon=116.4&kind=x%0AGET%20/admin%20200%201.0%20ms");
        Assert.Equal(HttpStatusCode.OK, exponent.StatusCode);

        var lines = api.Lines.Where(l => l.StartsWith("ClinicMap.Api.RequestLog", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains("lat=39.91&lon=116.41", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/Tiles/clinics/16/… 200", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("3991234", StringComparison.Ordinal) || l.Contains("53960", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("kind=x\\u000aGET /admin", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/clinics/nearest?lat=39.9&lon=116.4", "lat=39.9&lon=116.4")]
    [InlineData("/api/v1/clinics/nearest?lat=3.991234e1&lon=116.40567", "lat=39.91&lon=116.41")]
    [InlineData("/tiles/clinics/20/1/2.mvt", "/tiles/clinics/20/…")]
    [InlineData("/TILES/clinics/9/1/2.mvt", "/TILES/clinics/9/1/2.mvt")]
    [InlineData("/api/v1/places?q=a%0D%0Ab", "q=a\\u000d\\u000ab")]
    [InlineData("/api/v1/clinics/0a1b2c3d-0000-4000-8000-1e5000000000", "/api/v1/clinics/0a1b2c3d-0000-4000-8000-1e5000000000")]
    public void TheLoggedTargetIsCoarse(string url, string expected)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var logged = ClinicMap.Api.Http.RequestLog.Coarsen(query < 0 ? url : url[..query], query < 0 ? "" : url[query..]);
        Assert.Contains(expected, logged, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongRunOfDigitsIsLoggedInLinearTime()
    {
        var digits = "?lat=" + new string('1', 200_000) + "." + new string('1', 200_000) + "x";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var logged = ClinicMap.Api.Http.RequestLog.Coarsen("/api/v1/clinics/nearest", digits);
        // A quadratic pass over 400,000 digits takes minutes; one pass takes milliseconds. The bound is far above either noise.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}");
        Assert.True(logged.Length <= ClinicMap.Api.Http.RequestLog.MaxLoggedLength + 1);
    }

    [Fact]
    public async Task IfNoneMatchStarIsNoWayAroundValidationAndNeverA304()
    {
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clinics/nearest?lat=999&lon=0");
        bad.Headers.TryAddWithoutValidation("If-None-Match", "*");
        using var badAnswer = await _client.SendAsync(bad);
        using var good = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clinics?limit=1");
        good.Headers.TryAddWithoutValidation("If-None-Match", "*");
        using var goodAnswer = await _client.SendAsync(good);
        using var tagged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clinics/nearest?lat=999&lon=0");
        tagged.Headers.TryAddWithoutValidation("If-None-Match", "W/\"v1\"");
        using var taggedAnswer = await _client.SendAsync(tagged);

        Assert.Equal(HttpStatusCode.BadRequest, badAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, goodAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, taggedAnswer.StatusCode);
    }

    [Fact]
    public async Task ODataLinksNameTheConfiguredAddressWhateverHostTheClientSends()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/odata/Clinics?$top=1001");
        request.Headers.Host = "attacker.example";
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("attacker.example", body, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.StartsWith("http://127.0.0.1:5080/odata/", json.RootElement.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1:5080/odata/Clinics?", json.RootElement.GetProperty("@odata.nextLink").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAnswerCarriesTheSecurityHeaders()
    {
        foreach (var url in new[] { "/", "/operator/", "/api/v1/clinics?limit=1", "/api/v1/clinics/nearest?lat=999&lon=0" })
        {
            using var response = await _client.GetAsync(url);
            Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.False(response.Headers.Contains("Set-Cookie"), url);
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesThePublicEndpoints()
    {
        using var body = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json"));
        var paths = body.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/v1/clinics/nearest", "/api/v1/clinics", "/api/v1/clinics/{id}", "/api/v1/clinics.geojson", "/tiles/clinics/{z}/{x}/{y}.mvt", "/api/v1/datasets", "/odata/Clinics" })
            Assert.Contains(path, paths);
        // The nearest answer is written by hand from cached bytes; the document still describes its shape.
        var nearest = body.RootElement.GetProperty("paths").GetProperty("/api/v1/clinics/nearest").GetProperty("get").GetProperty("responses").GetProperty("200");
        var schema = nearest.GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var text = schema.ToString();
        Assert.Contains("NearestResponse", text, StringComparison.Ordinal);
        var components = body.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(components.GetProperty("NearestResponse").GetProperty("properties").TryGetProperty("results", out _));
        Assert.True(components.GetProperty("ClinicDto").GetProperty("properties").TryGetProperty("distanceMeters", out _));
        Assert.True(components.GetProperty("ClinicDto").GetProperty("properties").TryGetProperty("distanceRange", out _));
    }
}

public class PublicRateLimitTests(PublicLimitedApiFixture api) : IClassFixture<PublicLimitedApiFixture>
{
    [Fact]
    public async Task AnAddressOverThePublicLimitGets429WithRetryAfter()
    {
        using var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        RetryConditionHeaderValue? retryAfter = null;
        string? problem = null;
        // 20 requests: only a run slower than 15 s could stay under 5 at once plus 1 per second.
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync("/api/v1/clinics/nearest?lat=39.9&lon=116.4&limit=1");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                retryAfter ??= response.Headers.RetryAfter;
                problem ??= await response.Content.ReadAsStringAsync();
            }
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.NotNull(retryAfter);
        Assert.Contains("per address", problem, StringComparison.Ordinal);
    }

}

/// <summary>The same small public limit, with a bucket of its own (a fixture of its own): every cached-per-version endpoint draws on it.</summary>
public class PublicRateLimitOfCachedEndpointsTests(PublicLimitedApiFixture api) : IClassFixture<PublicLimitedApiFixture>
{
    [Theory]
    [InlineData("/api/v1/changes?since=0")]
    [InlineData("/api/v1/datasets/1/diff")]
    [InlineData("/api/v1/datasets")]
    [InlineData("/api/v1/divisions/110101/boundary")]
    [InlineData("/api/v1/clinics/00000000-0000-0000-0000-000000000000")]
    public async Task EndpointsThatOnceAskedPostgreSqlAreBehindThePublicLimitToo(string url)
    {
        using var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync(url);
            statuses.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
