using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Reading;

namespace ClinicMap.Import.Tests.Ocr.Reading;

public class ReadingVoteTests
{
    private static OcrReading Read(string text, int confidence) =>
        new(text, confidence, text.Select(c => new OcrSymbol(c.ToString(), confidence)).ToList());

    [Fact]
    public void TheMainReadingStandsAndTheSecondIsKeptWhenTheyDiffer()
    {
        var (text, confidence, alternatives) = ReadingVote.Decide([Read("郧阳区人民医院", 47), Read("另阳区人民医院", 87)]);

        Assert.Equal("郧阳区人民医院", text);
        Assert.Equal(47, confidence);
        Assert.Equal(["另阳区人民医院"], alternatives);
    }

    [Fact]
    public void ReadingsThatAgreeAfterTidyingStandWithTheSurestConfidence()
    {
        // Tesseract writes spaces between Chinese characters and a hyphen where the list has a dash; tidied, they agree.
        var (text, confidence, alternatives) = ReadingVote.Decide([Read("郧西县", 70), Read("郧 西 县", 96)]);

        Assert.Equal("郧西县", text);
        Assert.Equal(96, confidence);
        Assert.Null(alternatives);
    }

    [Theory]
    [InlineData("0719-5229621", "0719—5229621")]   // the list's dash, as each engine writes it
    [InlineData("(0471)3283999", "（0471）3283999")] // full-width brackets
    public void ReadingsThatDifferOnlyInTheFormOfADashOrBracketAgree(string main, string second)
    {
        var (text, confidence, alternatives) = ReadingVote.Decide([Read(main, 77), Read(second, 98)]);

        Assert.Equal((main, 98), (text, confidence));
        Assert.Null(alternatives);
    }

    [Fact]
    public void WhenTheMainReaderReadsNothingTheSecondReadingIsTaken()
    {
        var (text, confidence, alternatives) = ReadingVote.Decide([Read("", 0), Read("十堰市", 91)]);

        Assert.Equal(("十堰市", 91), (text, confidence));
        Assert.Empty(alternatives!);
    }

    [Fact]
    public void ASureMainReadingOverrulesAnUnsureSecondThatIsNoLonger()
    {
        // Tesseract on 12-px type: look-alikes at low confidence.
        var (text, confidence, alternatives) = ReadingVote.Decide([Read("太仆寺旗医院", 96), Read("太仆寺纺医院", 88)]);

        Assert.Equal(("太仆寺旗医院", 96), (text, confidence));
        Assert.Null(alternatives);
    }

    [Theory]
    [InlineData("阳区人民医院", 99, "郧阳区人民医院", 80)]   // the main reader dropped a character
    [InlineData("遵化市中医院", 99, "末化市中医院", 92)]     // the second is sure of what it read
    [InlineData("遵化市中医院", 90, "末化市中医院", 60)]     // the main is not sure enough
    public void OtherwiseADisagreementStaysDisputed(string main, int mainConfidence, string second, int secondConfidence)
    {
        var (text, _, alternatives) = ReadingVote.Decide([Read(main, mainConfidence), Read(second, secondConfidence)]);

        Assert.Equal(main, text);
        Assert.Equal([second], alternatives);
    }
}
