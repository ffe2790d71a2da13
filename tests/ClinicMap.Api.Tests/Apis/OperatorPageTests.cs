using System.Net;

namespace ClinicMap.Api.Tests.Apis;

public class OperatorPageTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    [Fact]
    public async Task TheOperatorPageIsServedWithItsScriptAndSetsNoCookie()
    {
        using var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var bare = await client.GetAsync("/operator");
        using var page = await client.GetAsync("/operator/");
        using var script = await client.GetAsync("/operator/operator.js");

        Assert.EndsWith("/operator/", bare.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/api/v1/review", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("operator.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.False(script.Headers.Contains("Set-Cookie"));
    }
}
