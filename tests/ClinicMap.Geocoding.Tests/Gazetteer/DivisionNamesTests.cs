using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Geocoding.Tests.Gazetteer;

public class DivisionNamesTests
{
    [Theory]
    [InlineData("新疆维吾尔自治区", "新疆")]
    [InlineData("恩施土家族苗族自治州", "恩施")]
    [InlineData("巴音郭楞蒙古自治州", "巴音郭楞")]
    [InlineData("黔东南苗族侗族自治州", "黔东南")]
    [InlineData("东城区", "东城")]
    [InlineData("孟村回族自治县", "孟村")]
    [InlineData("锡林郭勒盟", "锡林郭勒")]
    [InlineData("大兴安岭地区", "大兴安岭")]
    public void StemRemovesSuffixesAndPeoples(string name, string stem)
    {
        Assert.Equal(stem, DivisionNames.Stem(name));
    }

    [Theory]
    [InlineData("城区")]
    [InlineData("矿区")]
    [InlineData("县")]
    public void StemNeverLeavesASingleCharacter(string name)
    {
        Assert.Null(DivisionNames.Stem(name));
    }

    [Fact]
    public void FormsIncludeThePrefectureAndRegionShorthands()
    {
        Assert.Contains("延边州", DivisionNames.Forms("延边朝鲜族自治州"));
        Assert.Contains("新疆自治区", DivisionNames.Forms("新疆维吾尔自治区"));
        Assert.Equal("北京市", DivisionNames.Forms("北京市")[0]);
    }

    [Theory]
    [InlineData("焉耆回族自治县", "焉耆县")]
    [InlineData("长阳土家族自治县", "长阳县")]
    [InlineData("鄂伦春自治旗", "鄂伦春旗")]
    public void AnAutonomousCountyIsAlsoPublishedAsAPlainCounty(string name, string form)
    {
        Assert.Contains(form, DivisionNames.Forms(name));
    }
}
