using System.Net;
using System.Text.Json;
using ClinicMap.Data.Access;
using ClinicMap.Data.Sources;

namespace ClinicMap.Api.Tests.Apis;

/// <summary>
/// What the watchers did, as operators read it: <c>GET /api/v1/sources</c> and <c>/sources/events?since=</c> show only
/// the sources of the key's jurisdiction, page by id, refuse a bad cursor by name, and need an operator's key.
/// </summary>
public sealed class SourcesApiTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private Task<HttpClient> ClientAsync(ApiRole role, string jurisdiction) => api.KeyedClientAsync(role, jurisdiction);

    [Fact]
    public async Task OperatorsReadTheEventsAndSourcesOfTheirJurisdictionOnly()
    {
        var store = new WatchStore(api.Database.DataSource);
        await store.EnsureSourceAsync("hubei-wjw", "42");
        await store.EnsureSourceAsync("guangdong-wjw", "44");
        await store.PolledAsync("hubei-wjw", changed: false, "http://hubei.example/index.html: answered 404 Not Found");
        var first = await store.AddEventAsync(new NewSourceEvent("hubei-wjw", NewSourceEvent.Error, "http://hubei.example/n1.html", "http://hubei.example/a.xlsx", "attachment of '发热门诊名单': answered 404 Not Found"));
        await store.AddEventAsync(new NewSourceEvent("guangdong-wjw", NewSourceEvent.Error, null, "http://gd.example/", "index page: no answer within 30 s"));
        var second = await store.AddEventAsync(new NewSourceEvent("hubei-wjw", NewSourceEvent.Duplicate, "http://hubei.example/n2.html", "http://hubei.example/b.xlsx", "<script>alert(1)</script> already imported"));

        using var hubei = await ClientAsync(ApiRole.Operator, "42");
        using (var page = JsonDocument.Parse(await hubei.GetStringAsync($"/api/v1/sources/events?since={first - 1}&limit=1")))
        {
            var only = Assert.Single(page.RootElement.GetProperty("events").EnumerateArray());
            Assert.Equal((first, "error", "hubei-wjw"), (only.GetProperty("id").GetInt64(), only.GetProperty("kind").GetString(), only.GetProperty("source").GetString()));
            Assert.True(page.RootElement.GetProperty("more").GetBoolean());
            Assert.Equal(first, page.RootElement.GetProperty("next").GetInt64());
        }
        using (var page = JsonDocument.Parse(await hubei.GetStringAsync($"/api/v1/sources/events?since={first}")))
        {
            var only = Assert.Single(page.RootElement.GetProperty("events").EnumerateArray());
            Assert.Equal(second, only.GetProperty("id").GetInt64());
            Assert.Equal("<script>alert(1)</script> already imported", only.GetProperty("message").GetString());
        }
        using (var sources = JsonDocument.Parse(await hubei.GetStringAsync("/api/v1/sources")))
        {
            var source = Assert.Single(sources.RootElement.EnumerateArray());
            Assert.Equal(("hubei-wjw", 1), (source.GetProperty("name").GetString(), source.GetProperty("polls").GetInt32()));
            Assert.Contains("404", source.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        }

        using (var bad = await hubei.GetAsync("/api/v1/sources/events?since=-3"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("since", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var reporter = api.CreateClient();
        using (var anonymous = await reporter.GetAsync("/api/v1/sources/events"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
