using ClinicMap.Api.OData;
using ClinicMap.Core.Text;

namespace ClinicMap.Api.Tests.OData;

/// <summary>What one OData query may cost: its shape is bounded before evaluation, its evaluation by time and by the client.</summary>
public class QueryBudgetTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    private static ClinicODataQuery Parse(string filter) => ClinicODataQuery.Parse(new Dictionary<string, string> { ["$filter"] = filter });

    private const string TwoDeep = "Phones/any(a:Phones/any(b:a ne b and contains(a, '1')))";

    [Theory]
    [InlineData("Phones/any(a:Phones/any(b:Phones/any(c:c eq '1')))", "nests any/all 3 deep")]
    [InlineData("Kinds/all(k:Phones/any(a:Phones/all(b:b eq a)))", "nests any/all 3 deep")]
    public void ANestingDeeperThanTwoIsRefusedBeforeAnythingIsEvaluated(string filter, string message)
    {
        var refused = Assert.Throws<ODataUnsupportedException>(() => Parse(filter));
        Assert.Equal("$filter", refused.Target);
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueryPastItsTimeIsStoppedWithAnOData400()
    {
        var clinics = await api.PublishedClinicsAsync();
        var query = Parse(TwoDeep);

        var refused = Assert.Throws<ODataUnsupportedException>(() =>
            query.Run(clinics, c => OpeningHours.IsRoundTheClock(c.Hours), new QueryBudget(TimeSpan.FromTicks(1), CancellationToken.None)));

        Assert.Contains("narrow it", refused.Message, StringComparison.Ordinal);
        // The same query within a real budget answers: the refusal was the budget's, not the query's.
        var (matching, _) = query.Run(clinics, c => OpeningHours.IsRoundTheClock(c.Hours), new QueryBudget(TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.NotEmpty(matching);
    }

    [Fact]
    public async Task AClientThatLeftStopsTheWork()
    {
        var clinics = await api.PublishedClinicsAsync();
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        Assert.Throws<OperationCanceledException>(() =>
            Parse(TwoDeep).Run(clinics, c => OpeningHours.IsRoundTheClock(c.Hours), new QueryBudget(TimeSpan.FromMinutes(1), gone.Token)));
    }
}
