using ClinicMap.Import.Ocr.Reading;

namespace ClinicMap.Import.Tests.Ocr.Reading;

public class CellReaderTests
{
    [Theory]
    [InlineData("0793-2553812", true)]
    [InlineData("0474-3911485/15904845418", true)]
    [InlineData("13383096301, 18031992603", true)]
    [InlineData("(0991)8561282", true)]
    // The English model splits a number it reads with a gap: the Chinese one reads the cell instead.
    [InlineData("0474-4897 162/15849423862", false)]
    // Chinese it cannot read comes out as Latin letters.
    [InlineData("0991-8561282 zhuan 8001", false)]
    [InlineData("0351—6853819", true)]
    [InlineData("120", false)]
    [InlineData("", false)]
    public void TheEnglishReadingOfAPhoneCellIsKeptOnlyWhenItHoldsNothingButPhoneNumbers(string text, bool kept) =>
        Assert.Equal(kept, CellReader.OnlyPhoneNumbers(text));
}
