using System.Text;
using ClinicMap.Core.Clinics;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tests.Pipeline;

/// <summary>The pipeline runs every stage of <see cref="Stage"/> once, in order, and stops a stage that breaks the hand-off.</summary>
public class PipelineShapeTests
{
    private static readonly ImportOptions Options = new("武汉市卫健委", null, null, ClinicKind.FeverClinic, "tests") { AdminScope = "4201" };
    private static readonly PipelineParts Offline = new(DivisionGazetteer.Embedded);

    private static IReadOnlyList<RawRow> Rows() =>
    [
        new RawRow(1, null, [new("医院名称", "武汉市第一医院"), new("区", "硚口区"), new("地址", "中山大道215号")]),
        new RawRow(2, null, [new("甲", "以上名单动态更新")]),
        new RawRow(3, null, [new("医院名称", "武汉市第一医院"), new("区", "硚口区"), new("地址", "中山大道215号")]),
    ];

    [Fact]
    public async Task AFileRunsThroughEveryStageOnceInOrderAndEachIsTimed()
    {
        var csv = Encoding.UTF8.GetBytes("医院名称,区,地址\n武汉市第一医院,硚口区,中山大道215号\n武汉市中心医院,江岸区,胜利街26号\n");

        var result = await PipelineFactory.Create(Offline).RunAsync(csv, "wuhan.csv", Options, dryRun: true);

        Assert.Equal(Enum.GetValues<Stage>().Select(StageNames.Of), result.StageTimes.Select(t => t.Key));
        Assert.All(result.StageTimes, t => Assert.True(t.Value >= 0));
        Assert.Equal(2, result.Rows.Count);
    }

    [Fact]
    public void APipelineWithAStageMissingTwiceOrOutOfOrderIsRefused()
    {
        var stages = PipelineFactory.Stages(Offline);
        IImportStage[] swapped = [stages[0], stages[2], stages[1], .. stages[3..]];
        IImportStage[] missing = [.. stages[..^1]];
        IImportStage[] twice = [.. stages, stages[^1]];

        Assert.Throws<ArgumentException>(() => new ImportPipeline(swapped, null));
        Assert.Throws<ArgumentException>(() => new ImportPipeline(missing, null));
        Assert.Throws<ArgumentException>(() => new ImportPipeline(twice, null));
        Assert.NotNull(new ImportPipeline(stages, null));
    }

    public enum Fault { LosesARow, Reorders, DropsAReason }

    [Theory]
    [InlineData(Fault.LosesARow, "returned 2 rows for 3")]
    [InlineData(Fault.Reorders, "reordered or replaced row 1")]
    [InlineData(Fault.DropsAReason, "dropped a reason of row 2")]
    public async Task AStageThatBreaksTheHandOffIsStoppedByName(Fault fault, string expected)
    {
        var stages = PipelineFactory.Stages(Offline);
        var clean = Array.FindIndex(stages, s => s.Stage == Stage.Clean);
        stages[clean] = new Faulty(fault);
        var pipeline = new ImportPipeline(stages, null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.DecideAsync(Rows(), Options));

        Assert.Contains("stage 'clean'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRowsStagesKeepEveryRowAndItsReasonsAndARepeatIsADuplicate()
    {
        var rows = await PipelineFactory.Create(Offline).DecideAsync(Rows(), Options);

        Assert.Equal([1, 2, 3], rows.Select(r => r.RowNumber));
        Assert.Contains(rows[1].Reasons, r => r.Code == "row.no_known_columns");
        Assert.Contains(rows[2].Reasons, r => r.Code == "row.duplicate" && r.Message.Contains("row 1", StringComparison.Ordinal));
    }

    /// <summary>A clean stage that breaks the contract in one way.</summary>
    private sealed class Faulty(Fault fault) : IImportStage
    {
        public Stage Stage => Stage.Clean;

        public Task RunAsync(ImportWork work, CancellationToken cancellationToken)
        {
            work.Drafts = fault switch
            {
                Fault.LosesARow => work.Drafts.Take(work.Drafts.Count - 1).ToList(),
                Fault.Reorders => work.Drafts.Reverse().ToList(),
                _ => work.Drafts.Select(d => d with { Reasons = [] }).ToList(),
            };
            return Task.CompletedTask;
        }
    }
}
