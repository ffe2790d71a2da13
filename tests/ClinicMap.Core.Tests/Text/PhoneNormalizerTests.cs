using ClinicMap.Core.Text;

namespace ClinicMap.Core.Tests.Text;

public class PhoneNormalizerTests
{
    // Cells as they appear in the national list of 2020.
    public static TheoryData<string, string[]> Cells => new()
    {
        { "0350—3095129", ["0350-3095129"] },
        { "0358——6022244", ["0358-6022244"] },
        { "(0715)8812526", ["0715-8812526"] },
        { "0471-3283999/18047193115", ["0471-3283999", "18047193115"] },
        { "3320999 ( 转608)或1 8683978686", ["3320999-608", "18683978686"] },
        { "0839-6060345或1 3684353799", ["0839-6060345", "13684353799"] },
        { "010-69543901、69543902", ["010-69543901", "010-69543902"] },
        { "+86 13812345678", ["13812345678"] },
        { "02088888888", ["020-88888888"] },
        { "120", ["120"] },
        { "0350-3095129,0350-3095129", ["0350-3095129"] },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void SplitsAndNormalisesEveryNumberInACell(string cell, string[] expected)
    {
        var parse = PhoneNormalizer.Parse(cell);

        Assert.Equal(expected, parse.Phones);
        Assert.Empty(parse.Unparsed);
    }

    [Theory]
    [InlineData("0580-690001", "690001")]
    [InlineData("9527013846/13519566011", "9527013846")]
    public void ReportsDigitsThatAreNotAPhoneNumber(string cell, string unparsed)
    {
        var parse = PhoneNormalizer.Parse(cell);

        Assert.Contains(unparsed, parse.Unparsed);
    }

    [Fact]
    public void ABlankCellHasNoNumbers()
    {
        var parse = PhoneNormalizer.Parse("  ");

        Assert.Empty(parse.Phones);
        Assert.Empty(parse.Unparsed);
    }
}
