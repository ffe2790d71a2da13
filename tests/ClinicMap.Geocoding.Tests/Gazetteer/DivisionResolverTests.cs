using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Geocoding.Tests.Gazetteer;

public class DivisionResolverTests
{
    private static readonly DivisionResolver Resolver = new(DivisionGazetteer.Embedded);

    // Rows from the national list of 2020 (province, city, county, address) and the code they must resolve to.
    public static TheoryData<string, string, string?, string?, string> RealRows => new()
    {
        { "北京市", "北京市", "东城", "东城区崇外大街100号", "110101" },
        { "新疆自治区", "乌鲁木齐市", "天山区", null, "650102" },
        { "湖北省", "仙桃市", null, null, "429004" },
        { "吉林省", "延边州", "延吉市", null, "222401" },
        { "西藏自治区", "拉萨市", "拉萨市城关区", null, "540102" },
        { "湖北省", "襄阳市", "襄城", null, "420602" },
        { "重庆市", "重庆市", "梁平县", null, "500155" },
        { "河南省", "巩义市", null, null, "410181" },
        { "北京市", "北京市", null, "北京市东城区东单大华路1号", "110101" },
        { "江苏省", "盐城市", "市区", null, "320900" },
        { "四川省", "成都市", "高新区", null, "510100" },
    };

    [Theory]
    [MemberData(nameof(RealRows))]
    public void ResolvesRealRowsToTheirAdminCode(string province, string city, string? county, string? address, string expectedCode)
    {
        var resolution = Resolver.Resolve(new DivisionHint(province, city, county, address));

        Assert.False(resolution.IsBlocked, string.Join("; ", resolution.Reasons.Select(r => r.Message)));
        Assert.Equal(expectedCode, resolution.MostSpecific?.Code);
    }

    [Fact]
    public void TheListsCityDecidesBetweenCountiesOfTheSameName()
    {
        var beijing = Resolver.Resolve(new DivisionHint("北京市", "北京市", "朝阳区", null));
        var changchun = Resolver.Resolve(new DivisionHint("吉林省", "长春市", "朝阳区", null));

        Assert.Equal("110105", beijing.County?.Code);
        Assert.Equal("220104", changchun.County?.Code);
    }

    [Theory]
    [InlineData("火星省", "北京市", "东城", "division.province_unknown", "province")]
    [InlineData("河北省", "北京市", null, "division.city_unknown", "city")]
    [InlineData("江苏省", "南京市", "秦准区", "division.county_unknown", "county")]
    // 朝阳区 is in Beijing and in Changchun (and 朝阳 a city of Liaoning): with no province, nothing decides.
    [InlineData(null, "朝阳区", null, "division.province_missing", "province")]
    public void AnUnresolvableDivisionStopsWithAReasonNamingTheFieldAndValue(string? province, string city, string? county, string code, string field)
    {
        var resolution = Resolver.Resolve(new DivisionHint(province, city, county, null));

        Assert.True(resolution.IsBlocked);
        var reason = Assert.Single(resolution.Reasons, r => r.Severity == ReasonSeverity.Review);
        Assert.Equal(code, reason.Code);
        Assert.Equal(field, reason.Field);
        var value = field switch { "province" => province, "city" => city, _ => county };
        if (value is not null)
            Assert.Contains(value, reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACountyTakenFromTheAddressIsSaidSo()
    {
        var resolution = Resolver.Resolve(new DivisionHint("北京市", "北京市", null, "北京市东城区东单大华路1号"));

        Assert.Contains(resolution.Reasons, r => r.Code == "division.county_from_address" && r.Severity == ReasonSeverity.Info);
    }

    [Fact]
    public void ACountyIsPlacedAtItsCentreAndACityOnlyRowAtTheCityCentreAsApproximate()
    {
        var county = GazetteerLocator.Locate(Resolver.Resolve(new DivisionHint("广东省", "广州市", "天河区", null)))!;
        var city = GazetteerLocator.Locate(Resolver.Resolve(new DivisionHint("广东省", "广州市", null, null)))!;

        Assert.Equal(LocationPrecision.District, county.Precision);
        Assert.Equal(DivisionGazetteer.Embedded.Find("440106")!.Centre, county.Location);
        Assert.Equal(LocationPrecision.City, city.Precision);
        Assert.Equal(LocationMethod.GazetteerCity, city.Method);
        Assert.Contains(city.Reasons, r => r.Code == "location.city_only");
    }

    [Fact]
    public void ABlockedResolutionIsNeverPlaced()
    {
        Assert.Null(GazetteerLocator.Locate(Resolver.Resolve(new DivisionHint("江苏省", "南京市", "秦准区", null))));
    }

    [Theory]
    [InlineData(null, "南京市", null, null, "320100", "division.province_inferred")]
    [InlineData(null, null, "寿光市", null, "370783", "division.province_inferred")]
    [InlineData("广东省", null, "越秀区", null, "440104", "division.city_inferred")]
    [InlineData("广东省", null, null, "广州市越秀区中山二路58号", "440104", "division.city_inferred")]
    [InlineData("天津市", "和平区", null, null, "120101", "division.county_in_city_column")]
    public void AMissingOrMisplacedLevelIsReadFromTheOthersAndTheRowSaysSo(string? province, string? city, string? county, string? address, string code, string reason)
    {
        var resolution = Resolver.Resolve(new DivisionHint(province, city, county, address));

        Assert.Equal(code, resolution.MostSpecific?.Code);
        Assert.Contains(resolution.Reasons, r => r.Code == reason && r.Severity == ReasonSeverity.Info);
        Assert.DoesNotContain(resolution.Reasons, r => r.Severity != ReasonSeverity.Info);
    }

    [Fact]
    public void AnAddressOrNameNamingATownshipOfTheRowsCountyPlacesItAtTheTownshipsCentre()
    {
        var gushi = Resolver.Resolve(new DivisionHint("内蒙古自治区", "包头市", "固阳县", null));
        var jinshan = TownshipIndex.Embedded.InCounty("150222").Single(t => t.Name == "金山镇");
        var elsewhere = TownshipIndex.Embedded.InCounty("110101").First(t => t.Centre is not null);

        var atTownship = GazetteerLocator.Locate(gushi, jinshan)!;
        var notHere = GazetteerLocator.Locate(gushi, elsewhere)!;
        var (_, byName) = Resolver.ResolveWithAddress(new DivisionHint("内蒙古自治区", "包头市", "固阳县", "卫生巷6号", "金山镇中心卫生院"));

        Assert.NotNull(jinshan.Centre);
        Assert.Equal((LocationPrecision.Township, jinshan.Centre, LocationMethod.GazetteerTownship), (atTownship.Precision, (GeoPoint?)atTownship.Location, atTownship.Method));
        Assert.Equal(LocationPrecision.District, notHere.Precision);
        Assert.Equal(jinshan, byName!.Township);
        Assert.Contains(byName.Notes, n => n.Contains("name", StringComparison.Ordinal));
    }
}
