using System.Net;
using System.Text.Json;
using ClinicMap.Api.OData;

namespace ClinicMap.Api.Tests.OData;

/// <summary>What one OData query may cost: its shape is bounded before evaluation, its evaluation by time and by the client.</summary>
public class QueryBudgetTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("Phones/any(a:Phones/any(b:Phones/any(c:c eq '1')))")]
    [InlineData("Kinds/all(k:Phones/any(a:Phones/all(b:b eq a)))")]
    public async Task ANestingDeeperThanTwoIsRefusedBeforeAnythingIsEvaluated(string filter)
    {
        using var response = await _client.GetAsync($"/odata/Clinics?$filter={Uri.EscapeDataString(filter)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("$filter", body.RootElement.GetProperty("error").GetProperty("target").GetString());
    }

    [Fact]
    public async Task TwoDeepIsAnsweredWithinTheBudget()
    {
        using var response = await _client.GetAsync("/odata/Clinics?$filter=" + Uri.EscapeDataString("Phones/any(a:Phones/any(b:a ne b and contains(a, '1')))") + "&$count=true&$top=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void ARunPastItsTimeIsStoppedWithARefusalNamingTheOption()
    {
        var rows = Enumerable.Range(0, 100_000).Select(_ => new ODataClinic());

        var refused = Assert.Throws<ODataUnsupportedException>(() =>
            ClinicQuery.Budgeted(rows, "$filter", new QueryBudget(TimeSpan.FromTicks(1), CancellationToken.None)).Count());

        Assert.Equal("$filter", refused.Target);
        Assert.Contains("narrow it", refused.Message, StringComparison.Ordinal);
        // Within a real budget the same rows are all read: the refusal was the budget's.
        Assert.Equal(100_000, ClinicQuery.Budgeted(rows, "$filter", new QueryBudget(TimeSpan.FromMinutes(1), CancellationToken.None)).Count());
    }

    [Fact]
    public async Task AClientThatLeftStopsTheWork()
    {
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        Assert.Throws<OperationCanceledException>(() =>
            ClinicQuery.Budgeted(Enumerable.Range(0, 100_000).Select(_ => new ODataClinic()), "$orderby", new QueryBudget(TimeSpan.FromMinutes(1), gone.Token)).Count());
    }
}
