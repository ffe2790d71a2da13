using System.Net;
using System.Net.Http.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Matching;
using ClinicMap.Data.Access;
using ClinicMap.Data.Imports;

namespace ClinicMap.Api.Tests.Apis;

/// <summary>
/// The ways round a jurisdiction that a list, a second operator or a stale action opened, each tried through the API
/// over PostGIS: a county's list naming its neighbour's clinic, a row rejected as another jurisdiction's adopted by
/// that jurisdiction's operator, an action on a row in the wrong state, and another jurisdiction's page images.
/// </summary>
public sealed class JurisdictionHoleTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private Task<HttpClient> ClientAsync(string name, ApiRole role, string jurisdiction) => api.KeyedClientAsync(role, jurisdiction, name);

    private static NewDocument Document(string jurisdiction = "") =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray())), "测试", "测试名单", null, "list.csv", 10)
        {
            Jurisdiction = jurisdiction,
            PageImages = [Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==")],
        };

    private static StagedRow Row(int number, string name, string adminCode, RowOutcome outcome, params RowReason[] reasons) =>
        new(number, null, [new("医院名称", name)], outcome, reasons, name, [ClinicKind.FeverClinic], "测试路1号", adminCode, "广东省", "广州市", null, [], null, null,
            new GeoPoint(23.12, 113.26), CoordinateSystem.Wgs84, LocationPrecision.District, LocationMethod.GazetteerCounty);

    /// <summary>A county with a published clinic, and a published clinic of another county of the same city: its neighbour's.</summary>
    private async Task<(string County, Guid Neighbour, string Name)> CountyAndNeighbourAsync()
    {
        const string pair = """
            SELECT a.admin_code || '|' || b.clinic_id::text || '|' || b.name
            FROM dataset_clinics a JOIN dataset_clinics b
              ON b.version = a.version AND left(b.admin_code, 4) = left(a.admin_code, 4) AND b.admin_code <> a.admin_code
            WHERE a.version = (SELECT version FROM dataset_current) AND a.admin_code NOT LIKE '%00'
            ORDER BY a.admin_code, b.clinic_id LIMIT 1
            """;
        var parts = (await api.Database.ScalarAsync<string>(pair)).Split('|', 3);
        return (parts[0], Guid.Parse(parts[1]), parts[2]);
    }

    [Fact]
    public async Task ACountysListThatNamesItsNeighboursClinicCannotPublishAChangeToIt()
    {
        var (code, neighbour, name) = await CountyAndNeighbourAsync();
        // The matcher took the county's row for its neighbour's clinic (same name): publishing would move that clinic into the county.
        var batch = await new ImportStore(api.Database.DataSource).StageAsync(Document(code), "fever-clinic", "县卫生健康局",
            [Row(1, name, code, RowOutcome.Accepted) with { Match = new RowMatch(MatchKind.Same, neighbour, null, [], "name equal") }],
            new BatchMatchInfo(code, 1, []));
        var version = await api.Database.ScalarAsync<int>("SELECT version FROM dataset_current");
        using var county = await ClientAsync("县卫生健康局", ApiRole.Publisher, code);

        using var response = await county.PostAsJsonAsync("/api/v1/datasets", new { batches = new[] { batch.BatchId } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(name, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(version, await api.Database.ScalarAsync<int>("SELECT version FROM dataset_current"));
    }

    [Fact]
    public async Task ARowRejectedAsAnotherJurisdictionsCannotBeAdoptedByThatJurisdictionsOperatorNorPublishedByItsUploader()
    {
        var outside = new RowReason("access.outside_jurisdiction", "district", "北京市东城区 (110101) is outside the uploader's jurisdiction", ReasonSeverity.Reject);
        var batch = await new ImportStore(api.Database.DataSource).StageAsync(Document("44"), "fever-clinic", "广东省卫生健康委员会",
            [Row(1, "广州市测试医院", "440106", RowOutcome.Accepted), Row(2, "北京市测试医院", "110101", RowOutcome.Rejected, outside)],
            new BatchMatchInfo("44", 1, []));
        using var beijing = await ClientAsync("北京市数据员", ApiRole.Operator, "11");
        var row = $"/api/v1/review/rows/{batch.BatchId}/2";

        using var moved = await beijing.PostAsJsonAsync(row + "/move", new { lat = 39.9, lon = 116.4, crs = "wgs84", why = "adopt" });
        using var edited = await beijing.PostAsJsonAsync(row + "/edit", new { name = "北京市测试医院", kinds = new[] { "fever-clinic" }, adminCode = "110101", why = "adopt" });
        using var page = await beijing.GetAsync($"/api/v1/review/batches/{batch.BatchId}/pages/1");

        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Contains("outside its uploader's jurisdiction", await moved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, edited.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("rejected", await api.Database.ScalarAsync<string>("SELECT outcome FROM import_rows WHERE batch_id = $1 AND row_number = 2", batch.BatchId));
    }

    [Fact]
    public async Task AnAcceptedRowOutsideThePublishersJurisdictionStopsThePublish()
    {
        // However it came to be accepted (an operator of 11 before this fix), a 44 publisher must not publish a Beijing row.
        var batch = await new ImportStore(api.Database.DataSource).StageAsync(Document("44"), "fever-clinic", "广东省卫生健康委员会",
            [Row(1, "广州市测试二院", "440106", RowOutcome.Accepted), Row(2, "北京市测试二院", "110101", RowOutcome.Accepted)],
            new BatchMatchInfo("44", 1, []));
        using var guangdong = await ClientAsync("广东省卫生健康委员会", ApiRole.Publisher, "44");

        using var response = await guangdong.PostAsJsonAsync("/api/v1/datasets", new { batches = new[] { batch.BatchId } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("110101", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("staged", await api.Database.ScalarAsync<string>("SELECT status FROM import_batches WHERE id = $1", batch.BatchId));
    }

    [Fact]
    public async Task AReviewActionChecksTheRowsCurrentOutcome()
    {
        var batch = await new ImportStore(api.Database.DataSource).StageAsync(Document("44"), "fever-clinic", "广东省卫生健康委员会",
            [Row(1, "广州市测试三院", "440106", RowOutcome.Accepted),
             Row(2, "注：以上为发热门诊", "440106", RowOutcome.Rejected, new RowReason("row.note", null, "a note, not a clinic", ReasonSeverity.Reject))],
            new BatchMatchInfo("44", 1, []));
        using var guangdong = await ClientAsync("广东省数据员", ApiRole.Operator, "44");

        using var acceptAccepted = await guangdong.PostAsJsonAsync($"/api/v1/review/rows/{batch.BatchId}/1/accept", new { why = "again" });
        using var acceptRejected = await guangdong.PostAsJsonAsync($"/api/v1/review/rows/{batch.BatchId}/2/accept", new { why = "a note is a clinic?" });
        using var moveRejected = await guangdong.PostAsJsonAsync($"/api/v1/review/rows/{batch.BatchId}/2/move", new { lat = 23.1, lon = 113.3, crs = "wgs84" });

        Assert.Equal(HttpStatusCode.Conflict, acceptAccepted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, acceptRejected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, moveRejected.StatusCode);
        Assert.Equal("rejected", await api.Database.ScalarAsync<string>("SELECT outcome FROM import_rows WHERE batch_id = $1 AND row_number = 2", batch.BatchId));
    }
}
