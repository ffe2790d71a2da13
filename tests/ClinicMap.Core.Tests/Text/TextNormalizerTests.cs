using ClinicMap.Core.Text;

namespace ClinicMap.Core.Tests.Text;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("  北京市\u3000和平里医院 ", "北京市 和平里医院")]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("东城区\r\n崇外大街\t100号", "东城区 崇外大街 100号")]
    [InlineData("\u200B协和医院\uFEFF", "协和医院")]
    [InlineData("（开诊时间：24小时）", "(开诊时间:24小时)")]
    public void CleanAppliesNfkcAndCollapsesWhitespace(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Clean(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \u3000\t ")]
    public void CleanTurnsBlankIntoNull(string? input)
    {
        Assert.Null(TextNormalizer.Clean(input));
    }

    [Fact]
    public void MatchKeyIgnoresSpacingBracketsAndWidth()
    {
        Assert.Equal(
            TextNormalizer.MatchKey("北京市隆福医院(北京市东城区老年病医院)"),
            TextNormalizer.MatchKey("北京市 隆福医院（北京市东城区老年病医院）"));
        Assert.NotEqual(TextNormalizer.MatchKey("北京市普仁医院"), TextNormalizer.MatchKey("北京市昔仁医院"));
    }

    [Fact]
    public void EveryCharacterTheFastPathSkipsIsOneNfkcLeavesAlone()
    {
        var skipped = Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(c => !char.IsSurrogate(c) && TextNormalizer.IsNfkcStable(c.ToString())).ToList();

        Assert.Equal(95 + 0x9FFF - 0x4E00 + 1, skipped.Count);
        Assert.All(skipped, c => Assert.Equal(c.ToString(), c.ToString().Normalize(System.Text.NormalizationForm.FormKC)));
        // Neither block holds a combining mark, so no two of them compose either; a decomposed letter takes the slow path.
        Assert.False(TextNormalizer.IsNfkcStable("e\u0301"));
        Assert.False(TextNormalizer.IsNfkcStable("（一）"));
        Assert.Equal("武汉市第一医院(江岸)", TextNormalizer.Clean("武汉市第一医院（江岸）"));
    }
}
