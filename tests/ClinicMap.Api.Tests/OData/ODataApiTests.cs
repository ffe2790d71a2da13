using System.Net;
using System.Text.Json;
using System.Xml;
using ClinicMap.Api.Apis;
using ClinicMap.Api.OData;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Text;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;

namespace ClinicMap.Api.Tests.OData;

/// <summary>
/// The OData service over the published national sample. Every expected answer is computed here, in C#, from the
/// version's clinics as the database lists them, never from the service's own evaluation.
/// </summary>
public class ODataApiTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private readonly HttpClient _client = api.CreateClient();

    private static readonly GeoPoint Tiananmen = new(39.9, 116.4);

    /// <summary>Orders clinics as PostgreSQL orders their uuids: by the lower-case hex text.</summary>
    private static IEnumerable<Clinic> ById(IEnumerable<Clinic> clinics) => clinics.OrderBy(c => c.Id.ToString("D"), StringComparer.Ordinal);

    public static TheoryData<string, string, Func<IReadOnlyList<Clinic>, IEnumerable<Clinic>>> Queries => new()
    {
        { "province eq", "$filter=Province eq '北京市'", all => ById(all.Where(c => c.Province == "北京市")) },
        { "province ne (pages)", "$filter=Province ne '北京市'", all => ById(all.Where(c => c.Province != "北京市")) },
        { "startswith", "$filter=startswith(Name,'武汉')", all => ById(all.Where(c => c.Name.StartsWith("武汉", StringComparison.Ordinal))) },
        { "contains", "$filter=contains(Name,'中医')", all => ById(all.Where(c => c.Name.Contains("中医", StringComparison.Ordinal))) },
        { "endswith", "$filter=endswith(Name,'卫生院')", all => ById(all.Where(c => c.Name.EndsWith("卫生院", StringComparison.Ordinal))) },
        { "open 24 h", "$filter=Open24h eq true", all => ById(all.Where(c => OpeningHours.IsRoundTheClock(c.Hours))) },
        { "boolean and", "$filter=Open24h and Province eq '浙江省'", all => ById(all.Where(c => OpeningHours.IsRoundTheClock(c.Hours) && c.Province == "浙江省")) },
        { "not", "$filter=not Open24h and Province eq '上海市'", all => ById(all.Where(c => !OpeningHours.IsRoundTheClock(c.Hours) && c.Province == "上海市")) },
        { "in", "$filter=Province in ('北京市','上海市')", all => ById(all.Where(c => c.Province is "北京市" or "上海市")) },
        { "any kind", "$filter=Kinds/any(k: k eq 'designated-hospital')", all => ById(all.Where(c => c.Kinds.Contains(ClinicKind.DesignatedHospital))) },
        { "any phone", "$filter=Phones/any() and Province eq '湖北省'", all => ById(all.Where(c => c.Phones.Count > 0 && c.Province == "湖北省")) },
        { "all phones", "$filter=Phones/all(p: startswith(p,'0')) and Province eq '湖北省'", all => ById(all.Where(c => c.Phones.All(p => p.StartsWith('0')) && c.Province == "湖北省")) },
        { "null", "$filter=Address eq null and Province eq '浙江省'", all => ById(all.Where(c => c.Address is null && c.Province == "浙江省")) },
        { "not null", "$filter=Address ne null and Province eq '江苏省'", all => ById(all.Where(c => c.Address is not null && c.Province == "江苏省")) },
        { "numbers", "$filter=Latitude gt 40 and Longitude lt 100", all => ById(all.Where(c => c.Location.Latitude > 40 && c.Location.Longitude < 100)) },
        { "geo.distance", "$filter=geo.distance(Location, geography'SRID=4326;POINT(116.4 39.9)') lt 5000", all => ById(all.Where(c => Geodesic.DistanceMeters(Tiananmen, c.Location) < 5000)) },
        { "length", "$filter=length(Name) gt 15", all => ById(all.Where(c => c.Name.Length > 15)) },
        { "string range", "$filter=AdminCode ge '440000' and AdminCode lt '450000'", all => ById(all.Where(c => string.CompareOrdinal(c.AdminCode, "440000") >= 0 && string.CompareOrdinal(c.AdminCode, "450000") < 0)) },
        { "tolower", "$filter=tolower(LocationPrecision) eq 'district' and Province eq '北京市'", all => ById(all.Where(c => c.LocationPrecision == LocationPrecision.District && c.Province == "北京市")) },
        { "or", "$filter=startswith(AdminCode,'4201') or startswith(AdminCode,'1101')", all => ById(all.Where(c => c.AdminCode.StartsWith("4201", StringComparison.Ordinal) || c.AdminCode.StartsWith("1101", StringComparison.Ordinal))) },
        { "substring", "$filter=substring(AdminCode,0,2) eq '12'", all => ById(all.Where(c => c.AdminCode[..2] == "12")) },
        { "indexof", "$filter=indexof(Name,'人民医院') ge 0 and Province eq '河北省'", all => ById(all.Where(c => c.Name.Contains("人民医院", StringComparison.Ordinal) && c.Province == "河北省")) },
        { "arithmetic", "$filter=Latitude add 1 gt 50", all => ById(all.Where(c => c.Location.Latitude + 1 > 50)) },
        { "orderby distance", "$orderby=geo.distance(Location, geography'SRID=4326;POINT(116.4 39.9)')&$top=7",
            all => ById(all).OrderBy(c => Geodesic.DistanceMeters(Tiananmen, c.Location)).Take(7) },
        { "orderby name desc", "$filter=Province eq '天津市'&$orderby=Name desc",
            all => ById(all.Where(c => c.Province == "天津市")).OrderByDescending(c => c.Name, StringComparer.Ordinal) },
        { "orderby then by", "$filter=Province eq '北京市'&$orderby=District,Name desc",
            all => ById(all.Where(c => c.Province == "北京市")).OrderBy(c => c.District, StringComparer.Ordinal).ThenByDescending(c => c.Name, StringComparer.Ordinal) },
        { "skip and top", "$filter=Province eq '北京市'&$skip=10&$top=5", all => ById(all.Where(c => c.Province == "北京市")).Skip(10).Take(5) },
        { "top over a page", "$top=1500", all => ById(all).Take(1500) },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task EachQueryAnswersWhatTheTestComputesFromTheVersionsClinics(string label, string query, Func<IReadOnlyList<Clinic>, IEnumerable<Clinic>> expected)
    {
        var all = await AllClinicsAsync();
        var want = expected(all).Select(c => c.Id).ToList();

        var (ids, count, pages) = await FollowAsync($"/odata/Clinics?{query}&$count=true");

        Assert.True(want.Count > 0, $"{label}: the sample has no clinic for this query, so it tests nothing");
        Assert.Equal(want, ids);
        Assert.True(count >= ids.Count, $"{label}: @odata.count {count} < {ids.Count}");
        Assert.Equal((want.Count + ODataApi.PageSize - 1) / ODataApi.PageSize, pages);
    }

    [Fact]
    public async Task CountIsTheTotalBeforeSkipAndTopAndSelectLimitsTheProperties()
    {
        var all = await AllClinicsAsync();
        using var body = JsonDocument.Parse(await _client.GetStringAsync("/odata/Clinics?$filter=Province eq '北京市'&$count=true&$top=3&$select=Name,Phones"));

        Assert.Equal(all.Count(c => c.Province == "北京市"), body.RootElement.GetProperty("@odata.count").GetInt32());
        Assert.EndsWith("/odata/$metadata#Clinics(Name,Phones)", body.RootElement.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        var rows = body.RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(["Name", "Phones"], r.EnumerateObject().Select(p => p.Name).ToArray()));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "$filter=Name eq", "$filter" },
        { "$filter=Nmae eq 'x'", "$filter" },
        { "$filter=Kinds eq 'fever-clinic'", "$filter" },
        { "$filter=geo.intersects(Location, geography'SRID=4326;POLYGON((116 39,117 39,117 40,116 39))')", "$filter" },
        { "$filter=geo.distance(Location, geography'SRID=3857;POINT(1 1)') lt 5", "$filter" },
        { "$filter=Name eq 'x' and", "$filter" },
        { "$orderby=Nope", "$orderby" },
        { "$select=Nope", "$select" },
        { "$top=-1", "$top" },
        { "$top=many", "$top" },
        { "$skip=x", "$skip" },
        { "$count=maybe", "$count" },
        { "$expand=Source", "$expand" },
        { "$apply=groupby((Province))", "$apply" },
        { "$search=医院", "$search" },
        { "$format=xml", "$format" },
        { "$compute=Latitude add 1 as L", "$compute" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedOrUnsupportedQueriesAre400WithAnODataErrorNamingTheOption(string query, string target)
    {
        using var response = await _client.GetAsync($"/odata/Clinics?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(target, error.GetProperty("target").GetString());
    }

    [Fact]
    public async Task AClinicIsOpenedByItsKeyAndAnUnknownKeyIsAnOData404()
    {
        var clinic = ById(await AllClinicsAsync()).Skip(17).First();

        using var body = JsonDocument.Parse(await _client.GetStringAsync($"/odata/Clinics({clinic.Id})"));
        using var missing = await _client.GetAsync($"/odata/Clinics({Guid.Empty})");

        Assert.Equal(clinic.Id, body.RootElement.GetProperty("Id").GetGuid());
        Assert.Equal(clinic.Name, body.RootElement.GetProperty("Name").GetString());
        Assert.EndsWith("/odata/$metadata#Clinics/$entity", body.RootElement.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Equal("NotFound", error.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task CountAloneIsTheNumberOfClinicsTheFilterKeeps()
    {
        var all = await AllClinicsAsync();

        var total = await _client.GetStringAsync("/odata/Clinics/$count");
        var hubei = await _client.GetStringAsync("/odata/Clinics/$count?$filter=Province eq '湖北省'");

        Assert.Equal(all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), total);
        Assert.Equal(all.Count(c => c.Province == "湖北省").ToString(System.Globalization.CultureInfo.InvariantCulture), hubei);
    }

    [Theory]
    [InlineData("$orderby=Location")]
    [InlineData("$select=Name($select=Id)")]
    [InlineData("$select=Phones($top=1)")]
    public async Task WhatUsedToAnswer500IsNowAnOData400(string query)
    {
        using var response = await _client.GetAsync($"/odata/Clinics?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(query[..query.IndexOf('=', StringComparison.Ordinal)], body.RootElement.GetProperty("error").GetProperty("target").GetString());
    }

    [Fact]
    public async Task MetadataParsesWithCsdlReaderAsTheModelTheServiceUses()
    {
        await using var stream = await _client.GetStreamAsync("/odata/$metadata");
        using var xml = XmlReader.Create(stream);

        Assert.True(CsdlReader.TryParse(xml, out var model, out var errors), string.Join("; ", errors?.Select(e => e.ErrorMessage) ?? []));
        var clinic = Assert.IsAssignableFrom<IEdmEntityType>(model.FindDeclaredType("ClinicMap.Clinic"));
        Assert.Equal("Id", Assert.Single(clinic.Key()).Name);
        Assert.Equal(EdmPrimitiveTypeKind.GeographyPoint, clinic.FindProperty("Location").Type.PrimitiveKind());
        Assert.NotNull(model.EntityContainer.FindEntitySet("Clinics"));
    }

    [Fact]
    public async Task TheServiceDocumentNamesTheClinicsEntitySet()
    {
        using var body = JsonDocument.Parse(await _client.GetStringAsync("/odata"));
        var set = Assert.Single(body.RootElement.GetProperty("value").EnumerateArray());
        Assert.Equal("Clinics", set.GetProperty("url").GetString());
    }

    [Fact]
    public async Task AResponseReadsBackWithODataMessageReader()
    {
        var all = await AllClinicsAsync();
        var wuhan = ById(all.Where(c => c.City == "武汉市")).ToList();
        using var response = await _client.GetAsync("/odata/Clinics?$filter=City eq '武汉市'&$count=true&$top=20");
        var message = new ReceivedMessage(await response.Content.ReadAsStreamAsync(), response.Content.Headers.ContentType!.ToString());

        var resources = new List<ODataResource>();
        ODataResourceSet? set = null;
        using (var reader = new ODataMessageReader(message, new ODataMessageReaderSettings(), ClinicEdmModel.Model))
        {
            var sets = reader.CreateODataResourceSetReader(ClinicEdmModel.Clinics, ClinicEdmModel.ClinicType);
            while (sets.Read())
            {
                if (sets.State == ODataReaderState.ResourceEnd)
                    resources.Add((ODataResource)sets.Item);
                else if (sets.State == ODataReaderState.ResourceSetEnd)
                    set = (ODataResourceSet)sets.Item;
            }
        }

        Assert.Equal(wuhan.Count, set!.Count);
        Assert.Equal(wuhan.Take(20).Select(c => c.Id), resources.Select(r => (Guid)r.Properties.OfType<ODataProperty>().Single(p => p.Name == "Id").Value));
        var first = resources[0].Properties.OfType<ODataProperty>().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(wuhan[0].Name, first["Name"]);
        var location = Assert.IsAssignableFrom<Microsoft.Spatial.GeographyPoint>(first["Location"]);
        Assert.Equal(wuhan[0].Location.Latitude, location.Latitude, 1e-6);
        Assert.Equal(wuhan[0].Location.Longitude, location.Longitude, 1e-6);
        Assert.Equal(wuhan[0].Kinds.Select(k => k.ToWire()), ((ODataCollectionValue)first["Kinds"]).Items.Cast<string>());
    }

    private Task<IReadOnlyList<Clinic>> AllClinicsAsync() => api.PublishedClinicsAsync();

    /// <summary>Reads every page, following @odata.nextLink; returns the ids in order, the first page's count and the number of pages.</summary>
    private async Task<(List<Guid> Ids, int Count, int Pages)> FollowAsync(string url)
    {
        var ids = new List<Guid>();
        int? count = null;
        var pages = 0;
        for (string? next = url; next is not null; pages++)
        {
            using var response = await _client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            count ??= body.RootElement.TryGetProperty("@odata.count", out var c) ? c.GetInt32() : -1;
            ids.AddRange(body.RootElement.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("Id").GetGuid()));
            next = body.RootElement.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            Assert.True(pages < 20, "more pages than the data can fill");
        }
        return (ids, count ?? -1, pages);
    }

    /// <summary>An HTTP answer as an OData response message, for ODataMessageReader.</summary>
    private sealed class ReceivedMessage(Stream body, string contentType) : IODataResponseMessage
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType };
        public IEnumerable<KeyValuePair<string, string>> Headers => _headers;
        public int StatusCode { get; set; } = 200;
        public string? GetHeader(string headerName) => _headers.GetValueOrDefault(headerName);
        public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;
        public Stream GetStream() => body;
    }
}
