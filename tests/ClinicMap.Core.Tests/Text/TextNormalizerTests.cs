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
}
