using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ClinicMap.Api.Serving;
using ClinicMap.Data.Access;
using ClinicMap.Data.Imports;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicMap.Api.Tests.Http;

/// <summary>The API asking the database for import figures every second, with a write limit of 2 at once and 1 per second.</summary>
public sealed class MetricsApiFixture : ClinicMapApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Metrics:OperationsPollSeconds", "1"), new("WriteLimit:Burst", "2"), new("WriteLimit:PerSecond", "1")];
}

/// <summary>
/// OpenTelemetry's meter listeners see the instruments of every host in the process: with other test hosts starting
/// beside it, a host's scrape can come back empty. One API process is one host in production; here the metrics
/// tests run alone.
/// </summary>
[CollectionDefinition(nameof(MetricsRunAlone), DisableParallelization = true)]
public sealed class MetricsRunAlone;

/// <summary><c>/metrics</c> in Prometheus's text format: requests by route, the served index, the import side; never a resident's position.</summary>
[Collection(nameof(MetricsRunAlone))]
public partial class MetricsTests(MetricsApiFixture api) : IClassFixture<MetricsApiFixture>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task TheNearestRoutesHistogramCountsEachRequest()
    {
        var before = Sum(await ScrapeAsync(), "http_server_request_duration_seconds_count", NearestRoute);

        for (var i = 0; i < 3; i++)
        {
            using var nearest = await _client.GetAsync("/api/v1/clinics/nearest?lat=30.59&lon=114.30&limit=2");
            Assert.Equal(HttpStatusCode.OK, nearest.StatusCode);
        }
        var text = await ScrapeAsync();

        Assert.True(text.Contains("# TYPE http_server_request_duration_seconds histogram", StringComparison.Ordinal), text);
        Assert.True(Sum(text, "http_server_request_duration_seconds_count", NearestRoute) >= before + 3,
            $"before {before}, after {Sum(text, "http_server_request_duration_seconds_count", NearestRoute)}");
        Assert.True(Sum(text, "http_server_request_duration_seconds_bucket", NearestRoute + ".*le=\"\\+Inf\"") >= before + 3);
    }

    [Fact]
    public async Task ThePositionAResidentAskedFromIsInNoLabel()
    {
        using var nearest = await _client.GetAsync("/api/v1/clinics/nearest?lat=31.23456&lon=121.47654&limit=1");
        using var odata = await _client.GetAsync("/odata/Clinics?$filter=geo.distance(Location, geography'SRID=4326;POINT(121.47654 31.23456)') lt 5000&$top=1");
        Assert.Equal(HttpStatusCode.OK, nearest.StatusCode);

        var text = await ScrapeAsync();

        Assert.DoesNotContain("31.23456", text, StringComparison.Ordinal);
        Assert.DoesNotContain("121.47654", text, StringComparison.Ordinal);
        Assert.DoesNotContain("lat=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("POINT", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheServedIndexIsDescribed()
    {
        using var warm = await _client.GetAsync("/api/v1/clinics.geojson");
        var index = api.Services.GetRequiredService<ServingIndex>().Current!;

        var text = await ScrapeAsync();

        Assert.Contains(Value(text, "clinicmap_index_version"), v => v == index.Version.Version);
        Assert.Contains(Value(text, "clinicmap_index_clinics"), v => v == index.Count);
        Assert.Contains(Value(text, "clinicmap_cache_entries"), v => v >= 1);
        Assert.Contains(Value(text, "clinicmap_database_reachable"), v => v == 1);
        Assert.Contains("# TYPE clinicmap_index_swap_duration_seconds histogram", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportJobsAndTheReviewBacklogAreCountedFromTheDatabase()
    {
        var jobs = new ImportJobStore(api.Database.DataSource);
        var queued = await jobs.EnqueueAsync(Actor.Cli("metrics-tests"), "list.csv", "名称\n甲医院\n"u8.ToArray(), "{}");
        var backlog = await api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM import_rows r JOIN import_batches b ON b.id = r.batch_id WHERE r.outcome = 'needs_review' AND r.published_in IS NULL AND b.status = 'staged'");
        Assert.True(backlog > 0, "the national sample leaves rows in review");
        var finished = await jobs.EnqueueAsync(Actor.Cli("metrics-tests"), "other.csv", "名称\n乙医院\n"u8.ToArray(), "{}");
        await api.Database.ScalarAsync<int>("UPDATE import_jobs SET state = 'failed', started_at = now() - interval '42 seconds', finished_at = now(), error = 'test' WHERE id = $1 RETURNING 1", finished.Id);

        // The poller asks every second: wait for it, bounded, rather than sleeping a guessed time.
        string text = "";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            text = await ScrapeAsync();
            if (Value(text, "clinicmap_import_job_duration_seconds_count", "state=\"failed\"").Any(v => v >= 1))
                break;
            await Task.Delay(200);
        }

        Assert.Contains(Value(text, "clinicmap_import_jobs", "state=\"queued\""), v => v >= 1);
        Assert.Contains(Value(text, "clinicmap_review_backlog"), v => v == backlog);
        Assert.Contains(Value(text, "clinicmap_import_job_duration_seconds_count", "state=\"failed\""), v => v >= 1);
        Assert.Contains(Value(text, "clinicmap_import_job_duration_seconds_sum", "state=\"failed\""), v => v >= 41);
        Assert.NotEqual(queued.Id, finished.Id);
    }

    [Fact]
    public async Task WriteRequestsOverTheLimitAreCounted()
    {
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateAsync("metrics-busy", ApiRole.Operator, "44", "tests");
        using var busy = api.CreateClient();
        busy.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var limited = 0;
        for (var i = 0; i < 12; i++)
        {
            using var response = await busy.GetAsync("/api/v1/review");
            limited += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        var text = await ScrapeAsync();

        Assert.True(limited > 0, "12 requests at once should pass a burst of 2");
        Assert.Contains(Value(text, "clinicmap_rate_limit_rejections_total", "limit=\"write\""), v => v >= limited);
    }

    private const string NearestRoute = "http_route=\"/?api/v1/clinics/nearest\"";

    private async Task<string> ScrapeAsync()
    {
        using var response = await _client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of every series of <paramref name="metric"/> whose labels match <paramref name="labels"/> (a regex).</summary>
    private static double Sum(string text, string metric, string labels) => Value(text, metric, labels).Sum();

    /// <summary>The values of the series of <paramref name="metric"/> whose label set matches <paramref name="labels"/>.</summary>
    private static List<double> Value(string text, string metric, string labels = "") =>
        SeriesLine().Matches(text)
            .Where(m => m.Groups["name"].Value == metric && Regex.IsMatch(m.Groups["labels"].Value, labels))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>[^ \n]+)", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();
}
