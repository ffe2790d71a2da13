using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicMap.Data.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClinicMap.Api.Tests.Apis;

/// <summary>The API on a clock the tests can move forward, to see reports go stale and expire.</summary>
public sealed class StatusApiFixture : ClinicMapApiFixture
{
    public ShiftedClock Clock { get; } = new();

    // The fallback poll is long: a report seen within seconds can only have come through the notification.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Serving:PollSeconds", "60")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>The real clock, moved forward by <see cref="Shift"/>.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
}

/// <summary>
/// Hospitals report their own status: a reporter key reports on its clinics and on nothing else; a report shows in
/// nearest and in the clinic's answer as soon as the primary's notification arrives, goes stale and then unknown as
/// its times say, filters <c>open=true</c>, and is in the public feed and the audit log.
/// </summary>
public sealed class StatusApiTests(StatusApiFixture api, ITestOutputHelper output) : IClassFixture<StatusApiFixture>
{
    private async Task<(Guid Id, double Lat, double Lon)> ClinicAsync(string prefix, int skip = 0)
    {
        var row = await api.Database.ScalarAsync<string>(
            "SELECT clinic_id::text || ' ' || ST_Y(location::geometry) || ' ' || ST_X(location::geometry) FROM dataset_clinics WHERE version = 1 AND admin_code LIKE $1 || '%' ORDER BY clinic_id OFFSET $2 LIMIT 1",
            prefix, skip);
        var parts = row.Split(' ');
        return (Guid.Parse(parts[0]), double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private HttpClient Client(string token)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<JsonElement> StatusOfAsync(Guid id)
    {
        using var client = api.CreateClient();
        using var clinic = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/clinics/{id}"));
        return clinic.RootElement.GetProperty("status").Clone();
    }

    private async Task<JsonElement?> NearestStatusAsync((Guid Id, double Lat, double Lon) clinic, bool openOnly = false)
    {
        using var client = api.CreateClient();
        var url = FormattableString.Invariant($"/api/v1/clinics/nearest?lat={clinic.Lat}&lon={clinic.Lon}&limit=100{(openOnly ? "&open=true" : "")}");
        using var answer = JsonDocument.Parse(await client.GetStringAsync(url));
        foreach (var result in answer.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.GetProperty("id").GetGuid() == clinic.Id)
                return result.GetProperty("status").Clone();
        }
        return null;
    }

    [Fact]
    public async Task AReporterKeyReportsOnItsClinicAndIsRefusedOnEveryOtherClinicAndWrite()
    {
        var (mine, _, _) = await ClinicAsync("44");
        var (other, _, _) = await ClinicAsync("44", skip: 1);
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateReporterAsync("广州市某医院发热门诊", [mine], "tests");
        using var reporter = Client(token);
        var audits = await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log");

        using (var ok = await reporter.PutAsJsonAsync($"/api/v1/clinics/{mine}/status", new { state = "open", waitMinutes = 20 }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(audits + 1, await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
        Assert.Contains("广州市某医院发热门诊", await api.Database.ScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE action = 'status.report' AND entity_id = $1 ORDER BY id DESC LIMIT 1", mine.ToString()), StringComparison.Ordinal);

        var refused = new List<(string Name, Func<Task<HttpResponseMessage>> Send)>
        {
            ("another clinic's status", () => reporter.PutAsJsonAsync($"/api/v1/clinics/{other}/status", new { state = "open" })),
            ("the review queue", () => reporter.GetAsync("/api/v1/review")),
            ("publish", () => reporter.PostAsJsonAsync("/api/v1/datasets", new { batches = new[] { 1 } })),
            ("rollback", () => reporter.PostAsJsonAsync("/api/v1/datasets/1/rollback", new { reason = "x" })),
            ("upload", () => reporter.PostAsync("/api/v1/imports", new MultipartFormDataContent { { new ByteArrayContent("医院名称\n测试医院\n"u8.ToArray()), "file", "a.csv" } })),
            ("accept a review row", () => reporter.PostAsJsonAsync("/api/v1/review/rows/1/1/accept", new { why = "x" })),
            ("edit a review row", () => reporter.PostAsJsonAsync("/api/v1/review/rows/1/1/edit", new { name = "x", kinds = new[] { "fever-clinic" }, adminCode = "440304", why = "x" })),
            ("move a review row", () => reporter.PostAsJsonAsync("/api/v1/review/rows/1/1/move", new { lat = 22.5, lon = 114.0, crs = "wgs84", why = "x" })),
            ("merge", () => reporter.PostAsJsonAsync("/api/v1/review/rows/1/1/merge", new { clinicId = mine, why = "x" })),
            ("split", () => reporter.PostAsJsonAsync("/api/v1/review/rows/1/1/split", new { why = "x" })),
            ("reject", () => reporter.PostAsJsonAsync("/api/v1/review/rows/1/1/reject", new { why = "x" })),
            ("close a clinic", () => reporter.PostAsJsonAsync($"/api/v1/review/closures/1/{mine}/close", new { why = "x" })),
            ("the jurisdiction's status reports", () => reporter.GetAsync("/api/v1/status/reports")),
            ("register a subscriber", () => reporter.PostAsJsonAsync("/api/v1/subscribers", new { name = "x", url = "https://x.example/", scope = "", events = new[] { "clinic.status" } })),
            ("revoke a subscriber", () => reporter.DeleteAsync("/api/v1/subscribers/1")),
            ("a subscriber's deliveries", () => reporter.GetAsync("/api/v1/subscribers/1/deliveries")),
        };
        foreach (var (name, send) in refused)
        {
            using var response = await send();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(audits + 1, await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM clinic_status_reports WHERE clinic_id::text = $1", other.ToString()));
    }

    [Fact]
    public async Task AnOperatorReportsWithinItsJurisdictionOnly()
    {
        var (guangdong, _, _) = await ClinicAsync("44", skip: 2);
        var (beijing, _, _) = await ClinicAsync("11");
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateAsync("广东省数据员", ApiRole.Operator, "44", "tests");
        using var client = Client(token);

        using (var ok = await client.PutAsJsonAsync($"/api/v1/clinics/{guangdong}/status", new { state = "full", bedsAvailable = 0, bedsTotal = 40 }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var refused = await client.PutAsJsonAsync($"/api/v1/clinics/{beijing}/status", new { state = "full" }))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var unknown = await client.PutAsJsonAsync($"/api/v1/clinics/{Guid.NewGuid()}/status", new { state = "open" }))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AReportIsServedSoonAfterItsCommitThenGoesStaleThenUnknown()
    {
        var clinic = await ClinicAsync("42");
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateReporterAsync("武汉市某医院", [clinic.Id], "tests");
        using var reporter = Client(token);
        Assert.Equal("unknown", (await StatusOfAsync(clinic.Id)).GetProperty("state").GetString());

        var started = Stopwatch.GetTimestamp();
        using (var ok = await reporter.PutAsJsonAsync($"/api/v1/clinics/{clinic.Id}/status",
            new { state = "open", waitMinutes = 12, bedsAvailable = 3, bedsTotal = 10, note = "请从东门进入", validUntil = api.Clock.GetUtcNow().AddHours(2) }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        while ((await NearestStatusAsync(clinic))?.GetProperty("state").GetString() != "open")
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30), "the report was not served within 30 s");
            await Task.Delay(10);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"report to served in nearest: {elapsed.TotalMilliseconds:0} ms");
        // The fallback poll is 60 s: seeing it within seconds means the notification carried it.
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"{elapsed.TotalMilliseconds:0} ms");

        var status = await StatusOfAsync(clinic.Id);
        Assert.Equal(12, status.GetProperty("waitMinutes").GetInt32());
        Assert.Equal(3, status.GetProperty("bedsAvailable").GetInt32());
        Assert.Equal("请从东门进入", status.GetProperty("note").GetString());
        Assert.True(status.GetProperty("fresh").GetBoolean());
        try
        {
            api.Clock.Shift = TimeSpan.FromMinutes(61);
            status = await StatusOfAsync(clinic.Id);
            Assert.Equal("open", status.GetProperty("state").GetString());
            Assert.False(status.GetProperty("fresh").GetBoolean());
            api.Clock.Shift = TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1);
            status = await StatusOfAsync(clinic.Id);
            Assert.Equal("unknown", status.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Null, status.GetProperty("waitMinutes").ValueKind);
            Assert.Equal("unknown", (await NearestStatusAsync(clinic))!.Value.GetProperty("state").GetString());
        }
        finally
        {
            api.Clock.Shift = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task ARevalidatingClientIsNeverToldItsOldStatusStillHolds()
    {
        var clinic = await ClinicAsync("32");
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateReporterAsync("南京市某医院", [clinic.Id], "tests");
        using var reporter = Client(token);
        using var client = api.CreateClient();
        using var before = await client.GetAsync($"/api/v1/clinics/{clinic.Id}");
        var tag = before.Headers.ETag!;

        using (var ok = await reporter.PutAsJsonAsync($"/api/v1/clinics/{clinic.Id}/status", new { state = "open", validUntil = api.Clock.GetUtcNow().AddMinutes(90) }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await WaitAsync(async () => (await StatusOfAsync(clinic.Id)).GetProperty("state").GetString() == "open", "the report to be served");

        // The old tag no longer matches: the new status is sent, not a 304.
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/clinics/{clinic.Id}");
        revalidate.Headers.IfNoneMatch.Add(tag);
        using var changed = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var current = changed.Headers.ETag!;
        Assert.NotEqual(tag.Tag, current.Tag);
        // A cache may keep it no longer than until the report goes stale (60 minutes) — at most the usual 30 s.
        Assert.True(changed.Headers.CacheControl!.MaxAge <= TimeSpan.FromSeconds(30));
        try
        {
            // Past its validity the same tag is stale too: the answer says unknown, never the last value.
            api.Clock.Shift = TimeSpan.FromMinutes(91);
            using var later = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/clinics/{clinic.Id}");
            later.Headers.IfNoneMatch.Add(current);
            using var expired = await client.SendAsync(later);
            Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
            using var body = JsonDocument.Parse(await expired.Content.ReadAsStringAsync());
            Assert.Equal("unknown", body.RootElement.GetProperty("status").GetProperty("state").GetString());
        }
        finally
        {
            api.Clock.Shift = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task ODataCarriesTheStatusAndFiltersOnIt()
    {
        var clinic = await ClinicAsync("37");
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateReporterAsync("济南市某医院", [clinic.Id], "tests");
        using var reporter = Client(token);
        using (var ok = await reporter.PutAsJsonAsync($"/api/v1/clinics/{clinic.Id}/status", new { state = "full", bedsAvailable = 0, bedsTotal = 35 }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await WaitAsync(async () => (await StatusOfAsync(clinic.Id)).GetProperty("state").GetString() == "full", "the report to be served");
        using var client = api.CreateClient();

        var full = await client.GetFromJsonAsync<JsonElement>($"/odata/Clinics?$filter=StatusState eq 'full' and startswith(AdminCode,'37')&$select=Id,Name,StatusState,StatusBedsTotal");
        var row = full.GetProperty("value").EnumerateArray().Single(r => r.GetProperty("Id").GetGuid() == clinic.Id);
        Assert.Equal(35, row.GetProperty("StatusBedsTotal").GetInt32());
        var one = await client.GetFromJsonAsync<JsonElement>($"/odata/Clinics({clinic.Id})");
        Assert.Equal("full", one.GetProperty("StatusState").GetString());
        Assert.True(one.GetProperty("StatusFresh").GetBoolean());
        var unknown = await client.GetFromJsonAsync<JsonElement>("/odata/Clinics/$count?$filter=StatusState eq 'unknown'");
        Assert.True(unknown.GetInt32() > 1000);

        // The GeoJSON export carries it when asked (and with properties=all).
        var geojson = await client.GetFromJsonAsync<JsonElement>("/api/v1/clinics.geojson?region=37&properties=name,status");
        var feature = geojson.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == clinic.Id);
        Assert.Equal("full", feature.GetProperty("properties").GetProperty("status").GetProperty("state").GetString());
        Assert.Contains(geojson.GetProperty("features").EnumerateArray(), f => f.GetProperty("properties").GetProperty("status").GetProperty("state").GetString() == "unknown");
    }

    [Fact]
    public async Task OperatorsSeeWhoReportedWhatInTheirJurisdictionOnly()
    {
        var (clinic, _, _) = await ClinicAsync("44", skip: 5);
        var keys = new ApiKeyStore(api.Database.DataSource);
        var (_, reporterToken) = await keys.CreateReporterAsync("深圳市<b>某</b>医院", [clinic], "tests");
        using var reporter = Client(reporterToken);
        using (var ok = await reporter.PutAsJsonAsync($"/api/v1/clinics/{clinic}/status", new { state = "closed-today", note = "明早八点恢复" }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var guangdong = Client((await keys.CreateAsync("广东省数据员", ApiRole.Operator, "44", "tests")).Token);
        var reports = await guangdong.GetFromJsonAsync<JsonElement>("/api/v1/status/reports");
        var mine = reports.EnumerateArray().First(r => r.GetProperty("report").GetProperty("clinicId").GetGuid() == clinic);
        Assert.Contains("深圳市<b>某</b>医院", mine.GetProperty("reportedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal("明早八点恢复", mine.GetProperty("report").GetProperty("note").GetString());
        Assert.All(reports.EnumerateArray(), r => Assert.StartsWith("44", r.GetProperty("adminCode").GetString(), StringComparison.Ordinal));

        using var beijing = Client((await keys.CreateAsync("北京市数据员", ApiRole.Operator, "11", "tests")).Token);
        var theirs = await beijing.GetFromJsonAsync<JsonElement>("/api/v1/status/reports");
        Assert.DoesNotContain(theirs.EnumerateArray(), r => r.GetProperty("report").GetProperty("clinicId").GetGuid() == clinic);
        using var refused = await reporter.GetAsync("/api/v1/status/reports");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task AStatusOutlivesAPublishBecauseItIsNotPartOfAVersion()
    {
        var clinic = await ClinicAsync("35");
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateReporterAsync("福州市某医院", [clinic.Id], "tests");
        using var reporter = Client(token);
        using (var ok = await reporter.PutAsJsonAsync($"/api/v1/clinics/{clinic.Id}/status", new { state = "full", bedsAvailable = 0, bedsTotal = 30 }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await WaitAsync(async () => (await StatusOfAsync(clinic.Id)).GetProperty("state").GetString() == "full", "the report to be served");

        // A new version: Wuhan's list published on top (Fujian's clinics stay as they were).
        var options = new ClinicMap.Import.Pipeline.ImportOptions("武汉市卫生健康委员会", "武汉市发热门诊", new DateOnly(2020, 2, 11), ClinicMap.Core.Clinics.ClinicKind.FeverClinic, "tests");
        var wuhan = await ClinicMap.Import.Pipeline.PipelineFactory.Create(new ClinicMap.Import.Pipeline.PipelineParts(ClinicMap.Geocoding.Gazetteer.DivisionGazetteer.Embedded)
            { Store = new ClinicMap.Data.Imports.ImportStore(api.Database.DataSource) })
            .RunAsync(Path.Combine(ClinicMap.TestSupport.RepositoryPaths.Samples, "wuhan-fever-clinics-gb18030.csv"), options, dryRun: false);
        var published = await new ClinicMap.Data.Datasets.DatasetStore(api.Database.DataSource).PublishAsync(Actor.Cli("tests"), [wuhan.Batch!.BatchId], null, "rows in review stay out");
        using var client = api.CreateClient();
        await WaitAsync(async () => (await client.GetStringAsync("/readyz")).Contains($"\"dataset\":{published.Version}", StringComparison.Ordinal), $"version {published.Version} to be served");

        var status = await StatusOfAsync(clinic.Id);
        Assert.Equal("full", status.GetProperty("state").GetString());
        Assert.Equal(30, status.GetProperty("bedsTotal").GetInt32());
    }

    [Fact]
    public async Task OpenTrueLeavesOutClinicsThatTakeNoOneNowAndKeepsUnknownOnes()
    {
        var suspended = await ClinicAsync("51");
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateReporterAsync("成都市某医院", [suspended.Id], "tests");
        using var reporter = Client(token);
        using (var ok = await reporter.PutAsJsonAsync($"/api/v1/clinics/{suspended.Id}/status", new { state = "suspended", note = "今晚暂停接诊" }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await WaitAsync(async () => (await NearestStatusAsync(suspended))?.GetProperty("state").GetString() == "suspended", "the suspension to be served");

        Assert.Null(await NearestStatusAsync(suspended, openOnly: true));
        using var client = api.CreateClient();
        using var open = JsonDocument.Parse(await client.GetStringAsync(FormattableString.Invariant($"/api/v1/clinics/nearest?lat={suspended.Lat}&lon={suspended.Lon}&limit=20&open=true")));
        var results = open.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(20, results.Count);
        Assert.All(results, r => Assert.DoesNotContain(r.GetProperty("status").GetProperty("state").GetString(), new[] { "suspended", "full", "closed-today" }));
        // The bbox list carries the status too, and open=true filters it the same way.
        var bbox = FormattableString.Invariant($"{suspended.Lon - 0.01},{suspended.Lat - 0.01},{suspended.Lon + 0.01},{suspended.Lat + 0.01}");
        using (var listed = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/clinics?bbox={bbox}&limit=1000")))
        {
            var mine = listed.RootElement.GetProperty("results").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == suspended.Id);
            Assert.Equal("今晚暂停接诊", mine.GetProperty("status").GetProperty("note").GetString());
        }
        using (var listedOpen = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/clinics?bbox={bbox}&limit=1000&open=true")))
            Assert.DoesNotContain(listedOpen.RootElement.GetProperty("results").EnumerateArray(), c => c.GetProperty("id").GetGuid() == suspended.Id);
        using var bad = await client.GetAsync(FormattableString.Invariant($"/api/v1/clinics/nearest?lat={suspended.Lat}&lon={suspended.Lon}&open=yes"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("open", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"state":"busy"}""", "state")]
    [InlineData("""{"state":"open","waitMinutes":-5}""", "waitMinutes")]
    [InlineData("""{"state":"full","bedsAvailable":-1}""", "bedsAvailable")]
    [InlineData("""{"state":"full","bedsTotal":-1}""", "bedsTotal")]
    [InlineData("""{"state":"full","bedsAvailable":50,"bedsTotal":40}""", "bedsAvailable")]
    [InlineData("""{"state":"open","validUntil":"2020-01-01T00:00:00Z"}""", "validUntil")]
    [InlineData("""{"state":"open","validUntil":"2099-01-01T00:00:00Z"}""", "validUntil")]
    [InlineData("""{"state":"open","note":"<script>alert(1)</script>\u0007"}""", "note")]
    public async Task AnInvalidReportIsRefusedNamingItsField(string body, string field)
    {
        var (clinic, _, _) = await ClinicAsync("44", skip: 3);
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateReporterAsync("某医院", [clinic], "tests");
        using var reporter = Client(token);
        var before = await api.Database.ScalarAsync<long>("SELECT count(*) FROM clinic_status_reports");

        using var response = await reporter.PutAsync($"/api/v1/clinics/{clinic}/status", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await api.Database.ScalarAsync<long>("SELECT count(*) FROM clinic_status_reports"));
    }

    [Fact]
    public async Task TheFeedCarriesEveryReportInOrderAfterItsCursor()
    {
        var (clinic, _, _) = await ClinicAsync("31");
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateReporterAsync("上海市某医院", [clinic], "tests");
        using var reporter = Client(token);
        using var client = api.CreateClient();
        using (var start = JsonDocument.Parse(await client.GetStringAsync("/api/v1/status/changes?since=0&limit=1000")))
        {
            var since = start.RootElement.GetProperty("next").GetInt64();
            foreach (var state in new[] { "open", "full", "closed-today" })
            {
                using var ok = await reporter.PutAsJsonAsync($"/api/v1/clinics/{clinic}/status", new { state });
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }
            using var feed = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/status/changes?since={since}"));
            var changes = feed.RootElement.GetProperty("changes").EnumerateArray().Where(c => c.GetProperty("clinicId").GetGuid() == clinic).ToList();
            Assert.Equal(new[] { "open", "full", "closed-today" }, changes.Select(c => c.GetProperty("state").GetString()));
            Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.GetProperty("seq").GetInt64() < p.Second.GetProperty("seq").GetInt64()));
            Assert.False(changes[0].TryGetProperty("reportedBy", out _));
            using var after = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/status/changes?since={feed.RootElement.GetProperty("next").GetInt64()}"));
            Assert.DoesNotContain(after.RootElement.GetProperty("changes").EnumerateArray(), c => c.GetProperty("clinicId").GetGuid() == clinic);
        }
        using var bad = await client.GetAsync("/api/v1/status/changes?since=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30), $"waited 30 s for {what}");
            await Task.Delay(20);
        }
    }
}
