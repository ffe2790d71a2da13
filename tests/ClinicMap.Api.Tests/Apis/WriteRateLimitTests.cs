using System.Net;
using System.Net.Http.Headers;
using ClinicMap.Data.Access;

namespace ClinicMap.Api.Tests.Apis;

/// <summary>The API with a write limit of 3 requests at once and 1 per second per key.</summary>
public sealed class RateLimitedApiFixture : ClinicMapApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("WriteLimit:Burst", "3"), new("WriteLimit:PerSecond", "1")];
}

public class WriteRateLimitTests(RateLimitedApiFixture api) : IClassFixture<RateLimitedApiFixture>
{
    private async Task<HttpClient> ClientWithNewKeyAsync(string name)
    {
        var (_, token) = await new ApiKeyStore(api.Database.DataSource).CreateAsync(name, ApiRole.Operator, "44", "tests");
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task AKeyOverItsWriteLimitGets429WithRetryAfterWhileAnotherKeyIsServed()
    {
        using var busy = await ClientWithNewKeyAsync("busy");
        using var other = await ClientWithNewKeyAsync("other");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        // 20 requests: only a run slower than 17 s could stay under 3 at once plus 1 per second.
        for (var i = 0; i < 20; i++)
        {
            var response = await busy.GetAsync("/api/v1/review");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                limited ??= response;
            else
                response.Dispose();
        }
        using var fresh = await other.GetAsync("/api/v1/review");
        using var publicRead = await api.CreateClient().GetAsync("/api/v1/datasets");

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.NotNull(limited!.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publicRead.StatusCode);
        limited.Dispose();
    }

    [Fact]
    public async Task ForgedRequestsCarryingARealKeysIdDoNotUseUpThatKeysLimit()
    {
        var (key, token) = await new ApiKeyStore(api.Database.DataSource).CreateAsync("victim", ApiRole.Operator, "44", "tests");
        using var attacker = api.CreateClient();
        attacker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"cmk_{key.Id}_guessed-secret");
        var forged = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await attacker.GetAsync("/api/v1/review");
            forged.Add(response.StatusCode);
        }
        using var victim = api.CreateClient();
        victim.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var served = await victim.GetAsync("/api/v1/review");

        Assert.DoesNotContain(HttpStatusCode.OK, forged);
        Assert.Contains(HttpStatusCode.TooManyRequests, forged); // the forger's address ran out, not the key
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task RotatingForgedKeyIdsFromOneAddressIsStillLimited()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var client = api.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"cmk_{i:D10}_secret");
            using var response = await client.GetAsync("/api/v1/review");
            statuses.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
