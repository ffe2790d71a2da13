using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Access;
using ClinicMap.Data.Imports;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicMap.Api.Tests.Security;

/// <summary>
/// The API on a real Kestrel port (its own header and body limits apply) over PostGIS, with keys of several kinds and
/// a staged batch holding rows in Guangzhou's 越秀区 (440104) and in Beijing, and a proposed closure of a Beijing clinic.
/// The write limit is high so that every refusal below is the one under test, not a 429.
/// </summary>
public sealed class AdversarialApiFixture : ClinicMapApiFixture
{
    public AdversarialApiFixture() => UseKestrel(0);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("WriteLimit:Burst", "10000"), new("WriteLimit:PerSecond", "10000")];

    public HttpClient Http { get; private set; } = null!;

    public string County { get; private set; } = "";

    public string Province { get; private set; } = "";

    public string Revoked { get; private set; } = "";

    public string National { get; private set; } = "";

    public long Batch { get; private set; }

    public long NationalJob { get; private set; }

    public Guid BeijingClinic { get; private set; }

    public const int YuexiuRow = 1, BeijingRow = 2;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        // Every request of the table must answer within this, or the test fails: 17 s for one OData GET was the bug.
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = AdversarialRequestTests.Budget };
        var keys = new ApiKeyStore(Database.DataSource);
        County = (await keys.CreateAsync("越秀区卫生健康局", ApiRole.Publisher, "440104", "tests")).Token;
        Province = (await keys.CreateAsync("广东省卫生健康委员会", ApiRole.Operator, "44", "tests")).Token;
        National = (await keys.CreateAsync("国家平台", ApiRole.Admin, "", "tests")).Token;
        var (revoked, revokedToken) = await keys.CreateAsync("已吊销", ApiRole.Admin, "", "tests");
        await keys.RevokeAsync(revoked.Id, "tests", "leaked");
        Revoked = revokedToken;
        BeijingClinic = Guid.Parse(await Database.ScalarAsync<string>(
            "SELECT clinic_id::text FROM dataset_clinics WHERE version = 1 AND admin_code LIKE '11%' ORDER BY clinic_id LIMIT 1"));
        var staged = await new ImportStore(Database.DataSource).StageAsync(
            new NewDocument(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray())), "测试", "测试名单", null, "test.csv", 10),
            "fever-clinic", "tests",
            [Row(YuexiuRow, "越秀区测试医院", "440104", 23.13, 113.27), Row(BeijingRow, "北京市测试医院", "110101", 39.91, 116.41)],
            new BatchMatchInfo("", 1, [new ProposedClosure(BeijingClinic, "110101", "北京某医院")]));
        Batch = staged.BatchId;
        NationalJob = (await new ImportJobStore(Database.DataSource).EnqueueAsync(new Actor("国家平台", ApiRole.Admin, ""), "national.csv",
            "医院名称\n测试医院\n"u8.ToArray(), """{"Publisher":"国家","Kind":"fever-clinic"}""")).Id;
    }

    private static StagedRow Row(int number, string name, string adminCode, double lat, double lon) =>
        new(number, null, [new("医院名称", name)], RowOutcome.NeedsReview, [new RowReason("row.test", null, "waits for a person", ReasonSeverity.Review)],
            name, [ClinicKind.FeverClinic], "测试路1号", adminCode, null, null, null, [], null, null,
            new GeoPoint(lat, lon), CoordinateSystem.Wgs84, LocationPrecision.District, LocationMethod.GazetteerCounty);
}

/// <summary>
/// An attacker's table: malformed numbers, NaN and infinities, huge and negative limits, bad boxes and tiles, unknown
/// properties, hostile OData, oversized headers and bodies, forged and revoked keys, and writes outside a county
/// key's jurisdiction on every write endpoint. Each must be refused with a 4xx that explains itself (problem+json, or
/// an OData error on /odata) within <see cref="Budget"/> — never a 5xx, never a hang.
/// </summary>
public sealed class AdversarialRequestTests(AdversarialApiFixture api) : IClassFixture<AdversarialApiFixture>
{
    /// <summary>The time each request must be answered in: generous for a loaded CI machine, far below the 17 s of the unbounded OData bug.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    public enum Key { None, Forged, Revoked, County, Province, National }

    public sealed record Case(string Name, HttpMethod Method, string Url, Key Key, int Status, Func<HttpContent>? Body = null, (string Name, string Value)? Header = null)
    {
        public override string ToString() => Name;
    }

    private static string Nested(int depth)
    {
        var body = "x eq '1'";
        for (var i = depth; i > 0; i--)
            body = $"Phones/any(a{i}:{(i == depth ? "a" + i + " eq '1'" : body)})";
        return body;
    }

    private static Func<HttpContent> Json(string json) => () => new StringContent(json, Encoding.UTF8, "application/json");

    private static Func<HttpContent> Upload(string adminCode, int bytes = 0, string fileName = "list.csv") => () =>
    {
        var content = bytes == 0 ? "医院名称,地址\n测试医院,测试路1号\n"u8.ToArray() : new byte[bytes];
        return new MultipartFormDataContent
        {
            { new ByteArrayContent(content), "file", fileName },
            { new StringContent("测试卫健委"), "publisher" },
            { new StringContent(adminCode), "adminCode" },
        };
    };

    public static TheoryData<Case> Cases()
    {
        var row = $"/api/v1/review/rows/{{batch}}/{AdversarialApiFixture.BeijingRow}";
        var cases = new List<Case>
        {
            // nearest
            new("nearest: lat is text", HttpMethod.Get, "/api/v1/clinics/nearest?lat=abc&lon=116.4", Key.None, 400),
            new("nearest: lat NaN", HttpMethod.Get, "/api/v1/clinics/nearest?lat=NaN&lon=116.4", Key.None, 400),
            new("nearest: lon Infinity", HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=Infinity", Key.None, 400),
            new("nearest: lat 1e309 overflows", HttpMethod.Get, "/api/v1/clinics/nearest?lat=1e309&lon=116.4", Key.None, 400),
            new("nearest: lat 91", HttpMethod.Get, "/api/v1/clinics/nearest?lat=91&lon=116.4", Key.None, 400),
            new("nearest: no position", HttpMethod.Get, "/api/v1/clinics/nearest", Key.None, 400),
            new("nearest: limit 0", HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=116.4&limit=0", Key.None, 400),
            new("nearest: limit -5", HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=116.4&limit=-5", Key.None, 400),
            new("nearest: limit 10^20", HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=116.4&limit=100000000000000000000", Key.None, 400),
            new("nearest: unknown crs", HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=116.4&crs=epsg:3857", Key.None, 400),
            new("nearest: unknown kind", HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=116.4&kind=<script>", Key.None, 400),
            new("nearest: negative distance", HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=116.4&maxDistanceKm=-1", Key.None, 400),
            new("nearest: open24h maybe", HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=116.4&open24h=maybe", Key.None, 400),
            new("nearest: level of 600 bytes", HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=116.4&level=" + new string('级', 200), Key.None, 400),
            // lists and one clinic
            new("list: three numbers", HttpMethod.Get, "/api/v1/clinics?bbox=1,2,3", Key.None, 400),
            new("list: text box", HttpMethod.Get, "/api/v1/clinics?bbox=a,b,c,d", Key.None, 400),
            new("list: NaN box", HttpMethod.Get, "/api/v1/clinics?bbox=NaN,0,1,1", Key.None, 400),
            new("list: inverted box", HttpMethod.Get, "/api/v1/clinics?bbox=120,40,110,30", Key.None, 400),
            new("list: forged cursor", HttpMethod.Get, "/api/v1/clinics?cursor=" + Uri.EscapeDataString("'; DROP TABLE clinics; --"), Key.None, 400),
            new("list: limit 10^9", HttpMethod.Get, "/api/v1/clinics?limit=1000000000", Key.None, 400),
            new("clinic: no such id", HttpMethod.Get, "/api/v1/clinics/00000000-0000-0000-0000-000000000000", Key.None, 404),
            new("clinic: not an id", HttpMethod.Get, "/api/v1/clinics/..%2F..%2Fetc%2Fpasswd", Key.None, 404),
            new("clinic: bad crs", HttpMethod.Get, "/api/v1/clinics/00000000-0000-0000-0000-000000000000?crs=x", Key.None, 400),
            // exports and tiles
            new("geojson: unknown property", HttpMethod.Get, "/api/v1/clinics.geojson?properties=name,__proto__", Key.None, 400),
            new("geojson: level of 6 KB", HttpMethod.Get, "/api/v1/clinics.geojson?level=" + new string('x', 6000), Key.None, 400),
            new("geojson: bad crs", HttpMethod.Get, "/api/v1/clinics.geojson?crs=wgs85", Key.None, 400),
            new("tile: z 21", HttpMethod.Get, "/tiles/clinics/21/0/0.mvt", Key.None, 400),
            new("tile: x past the edge", HttpMethod.Get, "/tiles/clinics/3/8/0.mvt", Key.None, 400),
            new("tile: negative y", HttpMethod.Get, "/tiles/clinics/3/0/-1.mvt", Key.None, 400),
            new("tile: z overflows an int", HttpMethod.Get, "/tiles/clinics/99999999999/0/0.mvt", Key.None, 404),
            new("tile: text", HttpMethod.Get, "/tiles/clinics/a/b/c.mvt", Key.None, 404),
            // OData
            new("odata: any/any nested 10 deep", HttpMethod.Get, "/odata/Clinics?$filter=" + Uri.EscapeDataString(Nested(10)), Key.None, 400),
            new("odata: any/any nested 3 deep", HttpMethod.Get, "/odata/Clinics?$filter=" + Uri.EscapeDataString(Nested(3)), Key.None, 400),
            new("odata: 300 terms", HttpMethod.Get, "/odata/Clinics?$filter=" + Uri.EscapeDataString(string.Join(" or ", Enumerable.Range(0, 150).Select(i => $"Name eq '{i}'"))), Key.None, 400),
            new("odata: 5 KB filter", HttpMethod.Get, "/odata/Clinics?$filter=" + Uri.EscapeDataString($"Name eq '{new string('a', 5000)}'"), Key.None, 400),
            new("odata: unfinished filter", HttpMethod.Get, "/odata/Clinics?$filter=Name%20eq", Key.None, 400),
            new("odata: unknown property", HttpMethod.Get, "/odata/Clinics?$filter=Secret%20eq%201", Key.None, 400),
            new("odata: orderby Location", HttpMethod.Get, "/odata/Clinics?$orderby=Location", Key.None, 400),
            new("odata: orderby Phones", HttpMethod.Get, "/odata/Clinics?$orderby=Phones", Key.None, 400),
            new("odata: select with nested options", HttpMethod.Get, "/odata/Clinics?$select=Name($top=1)", Key.None, 400),
            new("odata: expand", HttpMethod.Get, "/odata/Clinics?$expand=Source", Key.None, 400),
            new("odata: apply", HttpMethod.Get, "/odata/Clinics?$apply=aggregate($count%20as%20n)", Key.None, 400),
            new("odata: negative top", HttpMethod.Get, "/odata/Clinics?$top=-1", Key.None, 400),
            new("odata: distance in web mercator", HttpMethod.Get, "/odata/Clinics?$filter=" + Uri.EscapeDataString("geo.distance(Location, geography'SRID=3857;POINT(1 1)') lt 5"), Key.None, 400),
            new("odata: xml format", HttpMethod.Get, "/odata/Clinics?$format=xml", Key.None, 400),
            // the rest of the public face
            new("places: 900-byte name", HttpMethod.Get, "/api/v1/places?q=" + new string('广', 300), Key.None, 400),
            new("places: no name", HttpMethod.Get, "/api/v1/places", Key.None, 400),
            new("convert: NaN", HttpMethod.Get, "/api/v1/coordinates/convert?lat=NaN&lon=1&from=wgs84&to=gcj02", Key.None, 400),
            new("convert: unknown system", HttpMethod.Get, "/api/v1/coordinates/convert?lat=1&lon=1&from=wgs84&to=mars", Key.None, 400),
            new("diff: no such version", HttpMethod.Get, "/api/v1/datasets/99999/diff", Key.None, 404),
            new("diff: version 0", HttpMethod.Get, "/api/v1/datasets/0/diff", Key.None, 404),
            new("changes: negative since", HttpMethod.Get, "/api/v1/changes?since=-1", Key.None, 400),
            new("changes: since is text", HttpMethod.Get, "/api/v1/changes?since=abc", Key.None, 400),
            new("boundary: not a code", HttpMethod.Get, "/api/v1/divisions/<svg>/boundary", Key.None, 400),
            new("boundary: unknown code", HttpMethod.Get, "/api/v1/divisions/999999/boundary", Key.None, 404),
            // keys, headers and bodies
            new("review: no key", HttpMethod.Get, "/api/v1/review", Key.None, 401),
            new("review: forged key", HttpMethod.Get, "/api/v1/review", Key.Forged, 401),
            new("review: revoked key", HttpMethod.Get, "/api/v1/review", Key.Revoked, 401),
            new("review: 8 KB bearer", HttpMethod.Get, "/api/v1/review", Key.None, 401, Header: ("Authorization", "Bearer " + new string('k', 8000))),
            new("review: basic auth", HttpMethod.Get, "/api/v1/review", Key.None, 401, Header: ("Authorization", "Basic dXNlcjpwYXNz")),
            new("publish: forged key with a body", HttpMethod.Post, "/api/v1/datasets", Key.Forged, 401, Json("""{"force":"x"}""")),
            new("edit: 1 MB body", HttpMethod.Post, row.Replace("{batch}", "0", StringComparison.Ordinal) + "/edit", Key.National, 413, Json($$"""{"name":"{{new string('a', 1_000_000)}}"}""")),
            new("edit: not JSON", HttpMethod.Post, row + "/edit", Key.National, 400, Json("{name:")),
            new("edit: no kinds", HttpMethod.Post, $"/api/v1/review/rows/{{batch}}/{AdversarialApiFixture.YuexiuRow}/edit", Key.County, 400, Json("""{"name":"越秀区测试医院","kinds":[],"adminCode":"440104"}""")),
            new("edit: null name", HttpMethod.Post, $"/api/v1/review/rows/{{batch}}/{AdversarialApiFixture.YuexiuRow}/edit", Key.County, 400, Json("""{"name":null,"kinds":["fever-clinic"],"adminCode":"440104"}""")),
            new("edit: no admin code", HttpMethod.Post, $"/api/v1/review/rows/{{batch}}/{AdversarialApiFixture.YuexiuRow}/edit", Key.County, 400, Json("""{"name":"越秀区测试医院","kinds":["fever-clinic"]}""")),
            new("move: NaN", HttpMethod.Post, $"/api/v1/review/rows/{{batch}}/{AdversarialApiFixture.YuexiuRow}/move", Key.County, 400, Json("""{"lat":"NaN","lon":113.2,"crs":"wgs84"}""")),
            new("move: outside China", HttpMethod.Post, $"/api/v1/review/rows/{{batch}}/{AdversarialApiFixture.YuexiuRow}/move", Key.County, 409, Json("""{"lat":48.85,"lon":2.35,"crs":"wgs84","why":"Paris"}""")),
            new("upload: 51 MB", HttpMethod.Post, "/api/v1/imports", Key.County, 413, Upload("440104", 51 * 1024 * 1024)),
            new("upload: not multipart", HttpMethod.Post, "/api/v1/imports", Key.County, 400, Json("{}")),
            new("rollback: publisher key", HttpMethod.Post, "/api/v1/datasets/1/rollback", Key.County, 403, Json("""{"reason":"x"}""")),
            // a county key outside its county, on every write endpoint
            new("county: queue of region 11", HttpMethod.Get, "/api/v1/review?region=11", Key.County, 403),
            new("county: queue of its city", HttpMethod.Get, "/api/v1/review?region=4401", Key.County, 200),
            new("county: open a Beijing row", HttpMethod.Get, row, Key.County, 403),
            new("county: accept a Beijing row", HttpMethod.Post, row + "/accept", Key.County, 403, Json("""{"why":"x"}""")),
            new("county: reject a Beijing row", HttpMethod.Post, row + "/reject", Key.County, 403, Json("""{"why":"x"}""")),
            new("county: edit a Beijing row", HttpMethod.Post, row + "/edit", Key.County, 403, Json("""{"name":"改名","kinds":["fever-clinic"],"adminCode":"110101"}""")),
            new("county: edit its row into 越秀's neighbour", HttpMethod.Post, $"/api/v1/review/rows/{{batch}}/{AdversarialApiFixture.YuexiuRow}/edit", Key.County, 403,
                Json("""{"name":"越秀区测试医院","kinds":["fever-clinic"],"adminCode":"440103"}""")),
            new("county: move a Beijing row", HttpMethod.Post, row + "/move", Key.County, 403, Json("""{"lat":39.9,"lon":116.4,"crs":"wgs84"}""")),
            new("county: merge its row into a Beijing clinic", HttpMethod.Post, $"/api/v1/review/rows/{{batch}}/{AdversarialApiFixture.YuexiuRow}/merge", Key.County, 403,
                Json("""{"clinicId":"{beijingClinic}"}""")),
            new("county: split a Beijing row", HttpMethod.Post, row + "/split", Key.County, 403, Json("{}")),
            new("county: close a Beijing clinic", HttpMethod.Post, "/api/v1/review/closures/{batch}/{beijingClinic}/close", Key.County, 403, Json("""{"why":"x"}""")),
            new("county: keep a Beijing clinic", HttpMethod.Post, "/api/v1/review/closures/{batch}/{beijingClinic}/keep", Key.County, 403, Json("""{"why":"x"}""")),
            new("county: publish a national batch", HttpMethod.Post, "/api/v1/datasets", Key.County, 403, Json("""{"batches":[{batch}],"force":"x"}""")),
            new("county: upload for its neighbour", HttpMethod.Post, "/api/v1/imports", Key.County, 403, Upload("440103")),
            new("county: read a national upload", HttpMethod.Get, "/api/v1/imports/{job}", Key.County, 404),
            new("county: a page of a national batch", HttpMethod.Get, "/api/v1/review/batches/{batch}/pages/1", Key.County, 404),
            new("province: open a Beijing row", HttpMethod.Get, row, Key.Province, 403),
        };
        var data = new TheoryData<Case>();
        foreach (var c in cases)
            data.Add(c);
        return data;
    }

    [Fact]
    public void TheTableHoldsAtLeastSixtyAttacksAcrossEveryEndpoint() => Assert.True(Cases().Count >= 60, $"{Cases().Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task IsRefusedWithAnExplainedClientErrorInTime(Case attack)
    {
        var url = attack.Url.Replace("{batch}", api.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{job}", api.NationalJob.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{beijingClinic}", api.BeijingClinic.ToString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(attack.Method, url);
        if (attack.Body is not null)
        {
            var body = attack.Body();
            if (body is StringContent)
            {
                var text = await body.ReadAsStringAsync();
                body = new StringContent(text.Replace("{batch}", api.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{beijingClinic}", api.BeijingClinic.ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json");
            }
            request.Content = body;
            // The client waits for the server's verdict before sending a large body, as a well-behaved uploader does.
            request.Headers.ExpectContinue = true;
        }
        var token = attack.Key switch
        {
            Key.Forged => "cmk_abcdefghij_forged-secret",
            Key.Revoked => api.Revoked,
            Key.County => api.County,
            Key.Province => api.Province,
            Key.National => api.National,
            _ => null,
        };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (attack.Header is { } header)
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);

        using var response = await api.Http.SendAsync(request);
        var text2 = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == attack.Status, $"{attack.Name}: {(int)response.StatusCode} {text2[..Math.Min(400, text2.Length)]}");
        if (attack.Status < 400)
            return;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        using var document = JsonDocument.Parse(text2);
        if (url.StartsWith("/odata", StringComparison.Ordinal))
        {
            Assert.StartsWith("application/json", mediaType, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(document.RootElement.GetProperty("error").GetProperty("message").GetString()));
        }
        else
        {
            Assert.Equal("application/problem+json", mediaType);
            Assert.Equal((int)response.StatusCode, document.RootElement.GetProperty("status").GetInt32());
        }
        Assert.DoesNotContain("   at ", text2, StringComparison.Ordinal); // never a stack trace
    }

    [Fact]
    public async Task ARequestLinePastKestrelsLimitIsRefusedBeforeTheApplication()
    {
        using var response = await api.Http.GetAsync("/api/v1/clinics.geojson?level=" + new string('x', 9000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task AHeaderPastKestrelsLimitIsRefusedBeforeTheApplication()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clinics/nearest?lat=39.9&lon=116.4");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('p', 40_000));
        using var response = await api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }
}
