using System.Net;
using System.Text.Json;

namespace ClinicMap.Api.Tests.OData;

/// <summary>
/// Malformed, unsupported and hostile OData queries: each answers 4xx with an OData error body that names the
/// option at fault and carries no stack trace — never a 5xx, never a hang (the client gives up after the API's own
/// request budget, so a query that ran on would fail the test).
/// </summary>
public class HostileQueryTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private readonly HttpClient _client = CreateClient(api);

    private static HttpClient CreateClient(ClinicMapApiFixture api)
    {
        var client = api.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(Extensions.ServiceExtensions.RequestSeconds + 5);
        return client;
    }

    private static readonly string Point = "geography'SRID=4326;POINT(116.4 39.9)'";

    /// <summary>(query after <c>/odata/Clinics?</c>, the option the error must name).</summary>
    public static TheoryData<string, string> Refused()
    {
        var cases = new TheoryData<string, string>();
        // Options this service does not answer, known to OData or not.
        foreach (var (option, value) in new[]
                 {
                     ("$expand", "Source"), ("$expand", "*"), ("$apply", "groupby((Province))"), ("$apply", "aggregate(Latitude with sum as S)"),
                     ("$apply", "filter(Name eq 'x')"), ("$search", "医院"), ("$search", "NOT x"), ("$compute", "Latitude add 1 as L"),
                     ("$levels", "2"), ("$skiptoken", "abc"), ("$deltatoken", "1"), ("$id", "Clinics(1)"), ("$schemaversion", "1"),
                     ("$index", "1"), ("$foo", "bar"), ("$FILTER", "Name eq 'x'"), ("$", "x"), ("$$filter", "x"),
                 })
            cases.Add($"{option}={Uri.EscapeDataString(value)}", option);
        // Every supported option with values it cannot take.
        foreach (var value in new[] { "-1", "1.5", "99999999999999999999", "", "abc", "0x10", "1e3", "+-1", "null" })
            cases.Add("$top=" + Uri.EscapeDataString(value), "$top");
        foreach (var value in new[] { "-1", "2.5", "99999999999999999999", "", "x", "true", "1;2" })
            cases.Add("$skip=" + Uri.EscapeDataString(value), "$skip");
        foreach (var value in new[] { "maybe", "1", "", "TRUE1", "yes" })
            cases.Add("$count=" + Uri.EscapeDataString(value), "$count");
        foreach (var value in new[] { "Nope", "Name/Foo", "Name($top=1)", "Phones($filter=$this eq '1')", "*,Nope", "Location/Latitude", ",Name", "Name Phones", "Source/Publisher" })
            cases.Add("$select=" + Uri.EscapeDataString(value), "$select");
        foreach (var value in new[] { "Location", "Kinds", "Phones", "Name asc desc", "Nope", "Name,", "Name sideways", string.Join(',', Enumerable.Repeat("Name", 12)), "geo.distance(Location, geography'SRID=3857;POINT(1 1)')" })
            cases.Add("$orderby=" + Uri.EscapeDataString(value), "$orderby");
        foreach (var value in new[] { "xml", "atom", "text/csv", "application/xml" })
            cases.Add("$format=" + Uri.EscapeDataString(value), "$format");
        // Filters that do not parse, name what is not there, use functions this service does not offer, or cannot be evaluated.
        foreach (var filter in new[]
                 {
                     "Name eq", "eq 'x'", "Name eq 'x", "(Name eq 'x'", "Name eq 'x')", "Name eq 'x' and", "and", "Nmae eq 'x'", "Kinds eq 'fever-clinic'",
                     "foo(Name) eq 1", "Name eq 'x' xor Open24h", "Name has 'x'", "Latitude eq 'x'", "Open24h eq 'yes'", "Id eq 'not-a-guid'",
                     "Id eq 1", "Kinds/any(k: k eq 1)", "Kinds/any(k: k/Name eq 'x')", "Open24h add 1 eq 2", "length(Name) div 0 eq 1",
                     "length(Name) mod 0 eq 1", "indexof(Name) eq 1", "concat(Name) eq 'x'", "substring() eq 'x'",
                     "Name in ('a', 1)", "year(SourcePublishedOn) eq 2020", "month(SourcePublishedOn) eq 2", "now() gt SourcePublishedOn",
                     "cast(Name, Edm.Int32) eq 1", "isof(Name, Edm.String)", "matchesPattern(Name, '.*')", "fractionalseconds(SourcePublishedOn) eq 0",
                     "geo.intersects(Location, geography'SRID=4326;POLYGON((116 39,117 39,117 40,116 39))')", "geo.length(Location) gt 1",
                     "geo.distance(Location) lt 1", "geo.distance(Location, Location) lt 1", "geo.distance(Location, geography'SRID=3857;POINT(1 1)') lt 5",
                     "geo.distance(Location, geography'SRID=4326;POINT(200 100)') lt 1", "geo.distance(Location, geometry'SRID=4326;POINT(1 1)') lt 1",
                     $"geo.distance(Location, {Point})", "$it/Nope eq 1", "Name eq 'x' eq true eq 1",
                     "Phones/any(a:Phones/any(b:Phones/any(c:c eq '1')))", "Kinds/all(k:Phones/any(a:Phones/all(b:b eq a)))",
                     string.Join(" or ", Enumerable.Range(0, 120).Select(i => $"Name eq '{i}'")),
                     new string('(', 300) + "Open24h" + new string(')', 300),
                     string.Concat(Enumerable.Repeat("not ", 400)) + "Open24h",
                     "Name eq '" + new string('x', 5000) + "'",
                     "Name eq '\u0000'" + " and Name eq '\uFFFF" , "Name eq 'x' and \u0007", "Name eq 'x';DROP TABLE clinics",
                     "Name eq 'x' or 1 eq 1 --", "<script>alert(1)</script>", "Name eq '<script>' and foo()", "Name eq 'x' and Open24h eq",
                     "geo.distance(Location, geography'SRID=4326;POINT(NaN 1)') lt 1", "geo.distance(Location, geography'SRID=4326;LINESTRING(1 1, 2 2)') lt 1",
                     "trim(Name, 'x') eq 'y'", "round(Name) eq 1", "Phones/any(p: p/Nope eq 1)", "Open24h eq true and", "not", "Name eq null null",
                 })
            cases.Add("$filter=" + Uri.EscapeDataString(filter), "$filter");
        // Two of one option, and a $filter given as raw bytes that are not UTF-8.
        cases.Add("$top=1&$top=2", "$top");
        cases.Add("$filter=Open24h&$filter=Open24h", "$filter");
        return cases;
    }

    [Fact]
    public void TheTableHoldsAtLeastAHundredQueries() => Assert.True(Refused().Count >= 100, $"{Refused().Count} cases");

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task EachIsA4xxODataErrorNamingTheOptionWithoutAStackTrace(string query, string target)
    {
        using var response = await _client.GetAsync("/odata/Clinics?" + query);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} for {query}: {text[..Math.Min(text.Length, 300)]}");
        using var body = JsonDocument.Parse(text);
        var error = body.RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(target, error.GetProperty("target").GetString());
        Assert.False(error.TryGetProperty("innererror", out _), text);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    /// <summary>Legal but costly or odd (OData allows them): answered (200) or refused (400), never a 5xx and never past the client's patience.</summary>
    [Theory]
    [InlineData("$filter=Phones/any(a:Phones/any(b:a ne b and contains(a, '1')))&$count=true")]
    [InlineData("$orderby=geo.distance(Location, geography'SRID=4326;POINT(116.4 39.9)') desc,Name,District desc,Address&$top=1000")]
    [InlineData("$filter=substring(Name, 999999) eq 'x'")]
    [InlineData("$filter=substring(Name, -5) eq 'x'")]
    [InlineData("$filter=contains(Address, '路') and endswith(Name, '院') and length(Name) mul 2147483647 gt 0")]
    [InlineData("$skip=2147483647")]
    [InlineData("$top=2147483647&$skip=6000")]
    [InlineData("$select=*&$orderby=Name desc&$count=true")]
    [InlineData("$filter=Name in ()")]
    [InlineData("$filter=@p eq 1")]
    [InlineData("$filter=Latitude gt 1e999")]
    [InlineData("$select=Name,")]
    [InlineData("$top= 5")]
    [InlineData("$orderby=Kinds/any() desc")]
    public async Task CostlyOrOddLegalQueriesNeverFailTheServer(string query)
    {
        using var response = await _client.GetAsync("/odata/Clinics?" + string.Join('&', query.Split('&').Select(o => o[..(o.IndexOf('=', StringComparison.Ordinal) + 1)] + Uri.EscapeDataString(o[(o.IndexOf('=', StringComparison.Ordinal) + 1)..]))));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {query}");
    }
}
