using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Ocr;

namespace ClinicMap.Import.Tests.Ocr;

public class OcrCorrectorTests
{
    private static readonly OcrCorrector Corrector = new(DivisionGazetteer.Embedded);

    [Fact]
    public void ADistrictOneCharacterFromOneCountyIsSnapped()
    {
        var correction = Corrector.District("茅剪区");
        var ambiguous = Corrector.District("池桥区");

        Assert.True(correction.Changed, string.Join(",", correction.Candidates));
        Assert.Equal("茅箭区", correction.Text);
        Assert.True(ambiguous.Ambiguous);
        Assert.Contains("灞桥区", ambiguous.Candidates);
    }

    [Fact]
    public void SeveralCandidatesAreAmbiguousUnlessTheTablesPrefectureDecides()
    {
        var anywhere = Corrector.District("狂溪县");
        var inShiyan = Corrector.District("狂溪县", "420300");

        Assert.True(anywhere.Ambiguous);
        Assert.False(anywhere.Changed);
        Assert.Equal(("竹溪县", true), (inShiyan.Text, inShiyan.Changed));
    }

    [Fact]
    public void AKnownCountyIsLeftAlone()
    {
        Assert.False(Corrector.District("竹溪县").Changed);
        Assert.Empty(Corrector.District("竹溪县").Candidates);
    }

    [Theory]
    [InlineData("竹山县人民医阮", "竹山县人民医院")]
    [InlineData("房县妇幼保建院", "房县妇幼保健院")]
    public void AnInstitutionEndingOneCharacterOffIsRepaired(string read, string expected)
    {
        var correction = OcrCorrector.InstitutionName(read);

        Assert.Equal((expected, true), (correction.Text, correction.Changed));
    }
}
