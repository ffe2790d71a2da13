using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Access;
using ClinicMap.Data.Imports;

namespace ClinicMap.Api.Tests.Apis;

/// <summary>
/// Keys, roles and jurisdictions on every write endpoint, against the real API and PostGIS. A staged batch holds
/// rows in review in Guangdong (44) and Beijing (11); a Guangdong key may act on the first and gets 403 on the
/// second, on every endpoint, and each action it may take leaves an audit row with before and after.
/// </summary>
public sealed class WriteAccessTests : IClassFixture<ClinicMapApiFixture>, IAsyncLifetime
{
    private readonly ClinicMapApiFixture _api;
    private long _batch;
    private string _guangdong = "", _guangdongOperator = "", _guangdongAdmin = "", _national = "";
    private Guid _beijingClinic, _guangdongClinic;

    public WriteAccessTests(ClinicMapApiFixture api) => _api = api;

    // Rows of the staged batch: 1 and 2 in Guangzhou, 3 and 4 in Beijing, all in review.
    private const int Guangzhou = 1, Guangzhou2 = 2, Beijing = 3, Beijing2 = 4;

    public async Task InitializeAsync()
    {
        var keys = new ApiKeyStore(_api.Database.DataSource);
        _guangdong = (await keys.CreateAsync("广东省卫生健康委员会", ApiRole.Publisher, "44", "tests")).Token;
        _guangdongOperator = (await keys.CreateAsync("广东省数据员", ApiRole.Operator, "44", "tests")).Token;
        _guangdongAdmin = (await keys.CreateAsync("广东省管理员", ApiRole.Admin, "44", "tests")).Token;
        _national = (await keys.CreateAsync("国家平台", ApiRole.Admin, "", "tests")).Token;
        _beijingClinic = Guid.Parse(await _api.Database.ScalarAsync<string>(
            "SELECT clinic_id::text FROM dataset_clinics WHERE version = 1 AND admin_code LIKE '11%' ORDER BY clinic_id LIMIT 1"));
        _guangdongClinic = Guid.Parse(await _api.Database.ScalarAsync<string>(
            "SELECT clinic_id::text FROM dataset_clinics WHERE version = 1 AND admin_code LIKE '44%' ORDER BY clinic_id LIMIT 1"));
        var batch = await new ImportStore(_api.Database.DataSource).StageAsync(
            new NewDocument(UniqueSha256(), "测试", "测试名单", null, "test.csv", 10), "fever-clinic", "tests",
            [Review(Guangzhou, "广州市测试医院", "440106", 23.13, 113.36), Review(Guangzhou2, "广州市第二测试医院", "440104", 23.12, 113.27),
             Review(Beijing, "北京市测试医院", "110101", 39.91, 116.41), Review(Beijing2, "北京市第二测试医院", "110102", 39.91, 116.36)],
            new BatchMatchInfo("", 1, [new ProposedClosure(_beijingClinic, "110101", "北京某医院"), new ProposedClosure(_guangdongClinic, "440106", "广州某医院")]));
        _batch = batch.BatchId;
    }

    private static string UniqueSha256() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray()));

    private static StagedRow Review(int number, string name, string adminCode, double lat, double lon) =>
        new(number, null, [new("医院名称", name)], RowOutcome.NeedsReview, [new RowReason("row.test", null, "waits for a person", ReasonSeverity.Review)],
            name, [ClinicKind.FeverClinic], "测试路1号", adminCode, adminCode.StartsWith("44", StringComparison.Ordinal) ? "广东省" : "北京市", null, null, [], null, null,
            new GeoPoint(lat, lon), CoordinateSystem.Wgs84, LocationPrecision.District, LocationMethod.GazetteerCounty);

    private HttpClient Client(string? token)
    {
        var client = _api.CreateClient();
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string Row(int number) => $"/api/v1/review/rows/{_batch}/{number}";

    /// <summary>Every write endpoint, aimed at Beijing (or at the whole country).</summary>
    private IEnumerable<(string Name, Func<HttpClient, Task<HttpResponseMessage>> Send)> OutsideGuangdong() =>
    [
        ("queue of region 11", c => c.GetAsync("/api/v1/review?region=11")),
        ("open a Beijing row", c => c.GetAsync(Row(Beijing))),
        ("accept", c => c.PostAsJsonAsync(Row(Beijing) + "/accept", new { why = "x" })),
        ("reject", c => c.PostAsJsonAsync(Row(Beijing) + "/reject", new { why = "x" })),
        ("edit", c => c.PostAsJsonAsync(Row(Beijing) + "/edit", new { name = "北京市改名医院", kinds = new[] { "fever-clinic" }, adminCode = "110101", why = "x" })),
        ("edit a Guangzhou row into Hubei", c => c.PostAsJsonAsync(Row(Guangzhou) + "/edit", new { name = "广州市测试医院", kinds = new[] { "fever-clinic" }, adminCode = "420102", why = "x" })),
        ("move", c => c.PostAsJsonAsync(Row(Beijing) + "/move", new { lat = 39.9, lon = 116.4, crs = "gcj02", why = "x" })),
        ("merge a Beijing row", c => c.PostAsJsonAsync(Row(Beijing) + "/merge", new { clinicId = _beijingClinic, why = "x" })),
        ("merge a Guangzhou row into a Beijing clinic", c => c.PostAsJsonAsync(Row(Guangzhou) + "/merge", new { clinicId = _beijingClinic, why = "x" })),
        ("split", c => c.PostAsJsonAsync(Row(Beijing) + "/split", new { why = "x" })),
        ("close a Beijing clinic", c => c.PostAsJsonAsync($"/api/v1/review/closures/{_batch}/{_beijingClinic}/close", new { why = "x" })),
        ("keep a Beijing clinic", c => c.PostAsJsonAsync($"/api/v1/review/closures/{_batch}/{_beijingClinic}/keep", new { why = "x" })),
        ("publish a national batch", c => c.PostAsJsonAsync("/api/v1/datasets", new { batches = new[] { _batch }, force = "x" })),
        ("upload a Hubei list", c => c.PostAsync("/api/v1/imports", Upload("420100"))),
    ];

    private static MultipartFormDataContent Upload(string adminCode) => new()
    {
        { new ByteArrayContent("医院名称,地址\n测试医院,测试路1号\n"u8.ToArray()), "file", "list.csv" },
        { new StringContent("测试卫健委"), "publisher" },
        { new StringContent(adminCode), "adminCode" },
    };

    [Fact]
    public async Task AGuangdongKeyIsRefusedOnEveryWriteEndpointOutsideGuangdongAndNothingChanges()
    {
        var before = await _api.Database.ScalarAsync<string>("SELECT md5(string_agg(r::text, '|' ORDER BY row_number)) FROM import_rows r WHERE batch_id = $1", _batch);
        var audits = await _api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log");
        using var client = Client(_guangdong);

        foreach (var (name, send) in OutsideGuangdong())
        {
            using var response = await send(client);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()), $"{name}: the 403 gives no reason");
        }

        Assert.Equal(before, await _api.Database.ScalarAsync<string>("SELECT md5(string_agg(r::text, '|' ORDER BY row_number)) FROM import_rows r WHERE batch_id = $1", _batch));
        Assert.Equal(audits, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
    }

    [Fact]
    public async Task AGuangdongAdminCannotRollBackChangesOutsideGuangdong()
    {
        using var national = Client(_national);
        var staged = await new ImportStore(_api.Database.DataSource).StageAsync(
            new NewDocument(UniqueSha256(), "测试", "北京补充", null, "beijing.csv", 10), "fever-clinic", "tests",
            [Review(1, "北京市新增医院", "110105", 39.92, 116.45) with { Outcome = RowOutcome.Accepted, Reasons = [] }], new BatchMatchInfo("11", 1, []));
        using (var published = await national.PostAsJsonAsync("/api/v1/datasets", new { batches = new[] { staged.BatchId } }))
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);

        using var response = await Client(_guangdongAdmin).PostAsJsonAsync("/api/v1/datasets/1/rollback", new { reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("北京市新增医院", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteEndpointsWantAKeyAndRolesAreChecked()
    {
        using var anonymous = Client(null);
        using var forged = Client("cmk_abcdefghij_not-the-secret");
        using var operatorKey = Client(_guangdongOperator);

        foreach (var (name, send) in OutsideGuangdong())
        {
            using var response = await send(anonymous);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name} without a key: {(int)response.StatusCode}");
        }
        using (var response = await forged.GetAsync("/api/v1/review"))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using (var response = await operatorKey.PostAsJsonAsync("/api/v1/datasets", new { force = "x" }))
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using (var response = await operatorKey.GetAsync("/api/v1/datasets"))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheGuangdongQueueShowsOnlyGuangdongAndEachActionIsAuditedWithBeforeAndAfter()
    {
        using var client = Client(_guangdongOperator);

        using var queue = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/review?batch={_batch}"));
        var codes = queue.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("adminCode").GetString()).ToList();
        Assert.Equal(["440106", "440104"], codes);
        Assert.Equal([_guangdongClinic], queue.RootElement.GetProperty("closures").EnumerateArray().Select(c => c.GetProperty("clinicId").GetGuid()));

        using (var edited = await client.PostAsJsonAsync(Row(Guangzhou) + "/edit",
                   new { name = "广州市测试医院（东院）", kinds = new[] { "fever-clinic" }, address = "天河路2号", adminCode = "440106", phones = new[] { "020-12345678" }, why = "the commission's correction" }))
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        using (var moved = await client.PostAsJsonAsync(Row(Guangzhou) + "/move", new { lat = 23.1360, lon = 113.3290, crs = "gcj02", why = "the door, from the map" }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            using var body = JsonDocument.Parse(await moved.Content.ReadAsStringAsync());
            Assert.Equal("gcj02", body.RootElement.GetProperty("location").GetProperty("crs").GetString());
            Assert.Equal(23.1360, body.RootElement.GetProperty("location").GetProperty("lat").GetDouble(), 6);
            Assert.Equal("exact", body.RootElement.GetProperty("locationPrecision").GetString());
        }
        using (var accepted = await client.PostAsJsonAsync(Row(Guangzhou) + "/accept", new { why = "checked by phone" }))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using (var rejected = await client.PostAsJsonAsync(Row(Guangzhou2) + "/reject", new { why = "not a fever clinic" }))
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        using (var kept = await client.PostAsJsonAsync($"/api/v1/review/closures/{_batch}/{_guangdongClinic}/keep", new { why = "still open" }))
            Assert.Equal(HttpStatusCode.NoContent, kept.StatusCode);

        var entity = $"{_batch}/{Guangzhou}";
        Assert.Equal("广州市测试医院", await _api.Database.ScalarAsync<string>(
            "SELECT before->'fields'->>'name' FROM audit_log WHERE action = 'review.edit' AND entity_id = $1", entity));
        // Stored in the normal form of every imported text (NFKC: full-width brackets become ASCII).
        Assert.Equal("广州市测试医院(东院)", await _api.Database.ScalarAsync<string>(
            "SELECT after->'fields'->>'name' FROM audit_log WHERE action = 'review.edit' AND entity_id = $1", entity));
        Assert.Equal("district|exact", await _api.Database.ScalarAsync<string>(
            "SELECT (before->>'locationPrecision') || '|' || (after->>'locationPrecision') FROM audit_log WHERE action = 'review.move' AND entity_id = $1", entity));
        Assert.Equal("needs_review|accepted", await _api.Database.ScalarAsync<string>(
            "SELECT (before->>'outcome') || '|' || (after->>'outcome') FROM audit_log WHERE action = 'review.accept' AND entity_id = $1", entity));
        Assert.Equal("not a fever clinic", await _api.Database.ScalarAsync<string>(
            "SELECT reason FROM audit_log WHERE action = 'review.reject' AND entity_id = $1", $"{_batch}/{Guangzhou2}"));
        Assert.Equal("proposed|kept", await _api.Database.ScalarAsync<string>(
            "SELECT (before->>'state') || '|' || (after->>'state') FROM audit_log WHERE action = 'review.keep' AND entity_id = $1", _guangdongClinic.ToString()));
        Assert.All(new[] { "review.edit", "review.move", "review.accept" }, action => Assert.Contains("广东省数据员", _api.Database.ScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE action = $1 AND entity_id = $2", action, entity).Result, StringComparison.Ordinal));
        // The pin became a known place for the next import of this clinic.
        Assert.Equal(1L, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM known_places WHERE admin_code = '440106' AND location_crs_in = 'gcj02'"));
        Assert.Equal("1|0|1", await _api.Database.ScalarAsync<string>(
            "SELECT accepted_count || '|' || needs_review_count - 2 || '|' || rejected_count FROM import_batches WHERE id = $1", _batch));
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
