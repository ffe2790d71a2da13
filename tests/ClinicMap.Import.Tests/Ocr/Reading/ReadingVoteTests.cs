using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Reading;

namespace ClinicMap.Import.Tests.Ocr.Reading;

public class ReadingVoteTests
{
    /// <summary>A reading of <paramref name="text"/> whose characters all have <paramref name="confidence"/>, except those given.</summary>
    private static OcrReading Read(string text, float confidence = 95, params (int At, float Confidence)[] except)
    {
        var symbols = text.Select((c, i) => new OcrSymbol(c.ToString(), except.FirstOrDefault(e => e.At == i) is { Confidence: > 0 } e ? e.Confidence : confidence)).ToList();
        return new OcrReading(string.Join(' ', text.Select(c => c.ToString())), (int)symbols.Min(s => s.Confidence), symbols);
    }

    [Fact]
    public void EachPlaceTakesTheCharacterMostReadingsGive()
    {
        // The first model is sure of 埠 and unsure of nothing else; two models read 巷.
        var voted = ReadingVote.Vote([Read("常青园埠6号", 99), Read("常青园巷6号", 90, (3, 82)), Read("常青园巷6号", 93)]);

        Assert.NotNull(voted);
        Assert.Equal("常青园巷6号", OcrText.Tidy(voted.Text));
        // Each character counts with the surest of the models that gave it: 巷 at 93, the rest at 99.
        Assert.Equal(93, voted.Confidence);
    }

    [Fact]
    public void WhereEveryReadingDiffersTheSurestCharacterWins()
    {
        var voted = ReadingVote.Vote([Read("秦和县", 95, (0, 85)), Read("泰和县", 95, (0, 99)), Read("奈和县", 95, (0, 93))]);

        Assert.Equal("泰和县", OcrText.Tidy(voted!.Text));
    }

    [Fact]
    public void OnlyReadingsOfTheSameLengthAreLinedUp()
    {
        // The third lost the bracket: the other two are voted on.
        var voted = ReadingVote.Vote([Read("乌什县(维)", 90), Read("乌什县(维)", 91), Read("鸟什县维)", 98)]);
        var none = ReadingVote.Vote([Read("乌什县", 90), Read("乌什县人", 91)]);

        Assert.Equal("乌什县(维)", OcrText.Tidy(voted!.Text));
        Assert.Null(none);
    }
}
