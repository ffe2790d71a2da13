using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Access;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Review;
using ClinicMap.TestSupport;

namespace ClinicMap.Data.Tests.Review;

/// <summary>
/// Review actions against the real PostGIS, as a table: each action on a row in each state is taken (one audit row,
/// before and after) or refused (nothing changes), and a row outside the actor's jurisdiction is refused whatever it is.
/// </summary>
public class ReviewStoreTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    private readonly ReviewStore _store = new(database.DataSource);
    private static readonly Actor Guangdong = new("广东省数据员", ApiRole.Operator, "44");

    private delegate Task<ReviewRow?> Action(ReviewStore store, Actor actor, long batch, int row);

    private static readonly Dictionary<string, Action> Actions = new()
    {
        ["accept"] = (s, a, b, r) => s.AcceptAsync(a, b, r, "checked"),
        ["reject"] = (s, a, b, r) => s.RejectAsync(a, b, r, "not a clinic"),
        ["move"] = (s, a, b, r) => s.MoveAsync(a, b, r, new GeoPoint(23.12, 113.31), "the door"),
        ["split"] = (s, a, b, r) => s.SplitAsync(a, b, r, "a clinic of its own"),
    };

    public static TheoryData<string, string, bool> Cases => new()
    {
        { "accept", "needs_review", true },
        { "accept", "accepted", false },
        { "accept", "rejected", false },
        { "reject", "needs_review", true },
        { "reject", "accepted", true },
        { "reject", "rejected", false },
        { "move", "needs_review", true },
        { "move", "accepted", true },
        { "move", "rejected", false },
        { "split", "needs_review", true },
        { "split", "rejected", false },
    };

    private async Task<long> StageAsync(string outcome, string adminCode = "440106")
    {
        var row = outcome switch
        {
            "accepted" => StagedRows.Accepted(1, "广州市测试医院", 23.13, 113.32, adminCode),
            "needs_review" => StagedRows.Accepted(1, "广州市测试医院", 23.13, 113.32, adminCode) with
            {
                Outcome = RowOutcome.NeedsReview,
                Reasons = [new RowReason("row.test", null, "waits for a person", ReasonSeverity.Review)],
            },
            _ => StagedRows.Accepted(1, "广州市测试医院", 23.13, 113.32, adminCode) with
            {
                Outcome = RowOutcome.Rejected,
                Reasons = [new RowReason("row.test", null, "refused", ReasonSeverity.Reject)],
            },
        };
        return (await new ImportStore(database.DataSource).StageAsync(StagedRows.Document(), "fever-clinic", "tests", [row])).BatchId;
    }

    private Task<long> AuditsAsync(long batch) =>
        database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity = 'import_row' AND entity_id = $1", $"{batch}/1");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnActionIsTakenOnlyOnARowInAStateItAppliesTo(string action, string outcome, bool taken)
    {
        var batch = await StageAsync(outcome);
        var before = await database.ScalarAsync<string>("SELECT md5(r::text) FROM import_rows r WHERE batch_id = $1", batch);

        if (taken)
        {
            var row = await Actions[action](_store, Guangdong, batch, 1);
            Assert.NotNull(row);
            Assert.Equal(1L, await AuditsAsync(batch));
            Assert.Equal(1L, await database.ScalarAsync<long>(
                "SELECT count(*) FROM audit_log WHERE entity_id = $1 AND action = $2 AND before IS NOT NULL AND after IS NOT NULL AND actor = $3", $"{batch}/1", "review." + action, Guangdong.Name));
        }
        else
        {
            await Assert.ThrowsAsync<ReviewRefusedException>(() => Actions[action](_store, Guangdong, batch, 1));
            Assert.Equal(0L, await AuditsAsync(batch));
            Assert.Equal(before, await database.ScalarAsync<string>("SELECT md5(r::text) FROM import_rows r WHERE batch_id = $1", batch));
        }
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("reject")]
    [InlineData("move")]
    [InlineData("split")]
    public async Task ARowOutsideTheActorsJurisdictionIsRefusedAndLeftAsItWas(string action)
    {
        var batch = await StageAsync("needs_review", adminCode: "110101");

        await Assert.ThrowsAsync<AccessDeniedException>(() => Actions[action](_store, Guangdong, batch, 1));

        Assert.Equal(0L, await AuditsAsync(batch));
        Assert.Equal("needs_review", await database.ScalarAsync<string>("SELECT outcome FROM import_rows WHERE batch_id = $1", batch));
    }

    [Fact]
    public async Task ARowThatDoesNotExistIsNull() => Assert.Null(await _store.AcceptAsync(Guangdong, 987654321, 1, "x"));
}
