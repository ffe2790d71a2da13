using ClinicMap.Geocoding.Addresses;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Geocoding.Tests.Addresses;

/// <summary>
/// The parser on real addresses from the 2020 national list (samples/national-fever-clinics-2020.json, derived from
/// ../shared/data; see samples/NOTICE.md), with the row's own province/city columns as context.
/// </summary>
public sealed class AddressParserTests
{
    private static readonly DivisionGazetteer Gazetteer = DivisionGazetteer.Embedded;
    private static readonly AddressParser Parser = new();

    private static AddressContext Context(string? province, string? city) =>
        AddressContext.From(new DivisionResolver(Gazetteer).Resolve(new DivisionHint(province, city, null, null)));

    [Theory]
    // address | province column | city column | admin code | township code | county text | township text | road | number
    [InlineData("东城区崇外大街100号", "北京市", "北京市", "110101", null, "东城区", null, "崇外大街", "100号")]
    [InlineData("锡林郭勒盟苏尼特右旗赛汉塔拉镇吉呼郎巷", "内蒙古自治区", "锡林郭勒盟", "152524", "152524100", "苏尼特右旗", "赛汉塔拉镇", "吉呼郎巷", null)]
    [InlineData("固阳县金山镇卫生巷6号", "内蒙古自治区", "包头市", "150222", "150222102", "固阳县", "金山镇", "卫生巷", "6号")]
    [InlineData("深圳市宝安区松岗街道沙江路2号", "广东省", "深圳市", "440306", "440306024", "宝安区", "松岗街道", "沙江路", "2号")]
    [InlineData("赤峰市敖汉旗新惠镇新西街", "内蒙古自治区", "赤峰市", "150430", "150430100", "敖汉旗", "新惠镇", "新西街", null)]
    [InlineData("东台市五烈镇人民路20号", "江苏省", "盐城市", "320981", "320981106", "东台市", "五烈镇", "人民路", "20号")]
    public void RealAddressesSplitIntoTheirPartsAndCodes(string address, string province, string city, string code, string? townshipCode,
        string county, string? township, string? road, string? number)
    {
        var parsed = Parser.Parse(address, Context(province, city));
        Assert.Equal(code, parsed.AdminCode);
        Assert.Equal(townshipCode, parsed.Township?.Code);
        Assert.Equal(county, parsed.Parts.County);
        Assert.Equal(township, parsed.Parts.Township);
        Assert.Equal(road, parsed.Parts.Road);
        Assert.Equal(number, parsed.Parts.Number);
    }

    [Fact]
    public void AFullAddressNeedsNoContextAndKeepsBuildingAndPoi()
    {
        var parsed = Parser.Parse("湖北省武汉市江岸区大智街道办事处胜利街155号3号楼门诊部");
        Assert.Equal(("湖北省", "武汉市", "江岸区"), (parsed.Parts.Province, parsed.Parts.City, parsed.Parts.County));
        Assert.Equal("420102", parsed.AdminCode);
        Assert.Equal("大智街道", parsed.Township?.Name);
        Assert.Equal(("胜利街", "155号", "3号楼", "门诊部"), (parsed.Parts.Road, parsed.Parts.Number, parsed.Parts.Building, parsed.Parts.Poi));
    }

    [Fact]
    public void ShortNamesAreReadWhenACountyOfTheirsFollows()
    {
        var parsed = Parser.Parse("湖北武汉江岸区胜利街155号");
        Assert.Equal("420102", parsed.AdminCode);
        Assert.Equal("武汉", parsed.Parts.City);
    }

    [Fact]
    public void AnAmbiguousCountyIsDecidedByTheListsCityOrReportedWithItsCandidates()
    {
        var alone = Parser.Parse("朝阳区安贞路2号");
        Assert.True(alone.IsAmbiguous);
        Assert.Null(alone.AdminCode);
        Assert.Equal(["110105", "220104"], alone.CountyCandidates.Select(c => c.Code).Order());
        Assert.Contains(alone.Notes, n => n.Contains("nothing in the row decides", StringComparison.Ordinal));

        Assert.Equal("110105", Parser.Parse("朝阳区安贞路2号", Context("北京市", null)).AdminCode);
        Assert.Equal("220104", Parser.Parse("朝阳区安贞路2号", Context("吉林省", "长春市")).AdminCode);
    }

    [Fact]
    public void ATownshipAloneGivesItsCounty()
    {
        // 五烈镇 is a town of 东台市 only, within 盐城市.
        var parsed = Parser.Parse("五烈镇人民路20号", Context("江苏省", "盐城市"));
        Assert.Equal("320981", parsed.AdminCode);
        Assert.Contains(parsed.Notes, n => n.Contains("五烈镇", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAddressNamingAnotherCityThanTheRowSaysSo()
    {
        var parsed = Parser.Parse("江岸区胜利街155号", Context("湖北省", "宜昌市"));
        Assert.NotEqual("420102", parsed.AdminCode);
        var named = Parser.Parse("武汉市江岸区胜利街155号", Context("湖北省", "宜昌市"));
        Assert.Contains(named.Notes, n => n.Contains("武汉市", StringComparison.Ordinal) && n.Contains("宜昌市", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTownshipListIsComplete()
    {
        Assert.InRange(TownshipIndex.Embedded.Count, 40_000, 42_000);
        Assert.Contains(TownshipIndex.Embedded.InCounty("110101"), t => t.Name == "东华门街道" && t.Code == "110101001");
    }
}
