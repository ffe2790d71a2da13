using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicMap.Data.Access;

namespace ClinicMap.Api.Tests.Apis;

/// <summary>Registering partners' webhooks is an admin's act within its jurisdiction; the delivery log is theirs to read.</summary>
public sealed class SubscribersApiTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private Task<HttpClient> ClientAsync(ApiRole role, string jurisdiction) => api.KeyedClientAsync(role, jurisdiction);

    [Fact]
    public async Task AnAdminRegistersASubscriberInItsJurisdictionAndReadsItsDeliveries()
    {
        using var guangdong = await ClientAsync(ApiRole.Admin, "44");
        using var created = await guangdong.PostAsJsonAsync("/api/v1/subscribers", new { name = "广东健康码", url = "https://partner.example/hook", scope = "4401", events = new[] { "dataset.published", "clinic.status" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("subscriber").GetProperty("id").GetInt64();
        Assert.True(body.RootElement.GetProperty("secret").GetString()!.Length >= 32);
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'subscriber.create' AND entity_id = $1", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        using var log = await guangdong.GetAsync($"/api/v1/subscribers/{id}/deliveries");
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        using var beijing = await ClientAsync(ApiRole.Admin, "11");
        using (var refused = await beijing.GetAsync($"/api/v1/subscribers/{id}/deliveries"))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var missing = await guangdong.GetAsync("/api/v1/subscribers/999999/deliveries"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using (var outside = await beijing.DeleteAsync($"/api/v1/subscribers/{id}"))
            Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        using (var revoked = await guangdong.DeleteAsync($"/api/v1/subscribers/{id}?why=leaked"))
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using (var again = await guangdong.DeleteAsync($"/api/v1/subscribers/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.NotNull(await api.Database.ScalarAsync<DateTime?>("SELECT revoked_at FROM subscribers WHERE id = $1", id));
    }

    [Fact]
    public async Task OnlyAnAdminMayRegisterAndOnlyWithinItsJurisdictionAndWithValidFields()
    {
        var subscriber = new { name = "x", url = "https://partner.example/hook", scope = "44", events = new[] { "dataset.published" } };
        using (var publisher = await ClientAsync(ApiRole.Publisher, "44"))
        using (var refused = await publisher.PostAsJsonAsync("/api/v1/subscribers", subscriber))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var guangdong = await ClientAsync(ApiRole.Admin, "44");
        using (var outside = await guangdong.PostAsJsonAsync("/api/v1/subscribers", subscriber with { scope = "" }))
            Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        foreach (var (bad, field) in new (object Body, string Field)[]
                 {
                     (subscriber with { url = "ftp://partner.example/" }, "url"),
                     (subscriber with { url = "javascript:alert(1)" }, "url"),
                     (subscriber with { scope = "4" }, "scope"),
                     (subscriber with { events = new[] { "everything" } }, "events"),
                     (subscriber with { name = "" }, "name"),
                 })
        {
            using var response = await guangdong.PostAsJsonAsync("/api/v1/subscribers", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), field);
        }
    }
}
