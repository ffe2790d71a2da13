using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Matching;

namespace ClinicMap.Core.Tests.Matching;

public class ClinicMatcherTests
{
    private static StagedRow Row(int number, string name, string adminCode, string? address = null, string? phone = null, RowOutcome outcome = RowOutcome.Accepted) =>
        new(number, null, [], outcome, [], name, [ClinicKind.FeverClinic], address, adminCode, "北京市", "北京市", null,
            phone is null ? [] : [phone], null, null, new GeoPoint(39.9, 116.4), CoordinateSystem.Wgs84, LocationPrecision.District, LocationMethod.GazetteerCounty);

    private static Clinic Published(string name, string adminCode, string? address = null, string? phone = null, ClinicKind kind = ClinicKind.FeverClinic) =>
        new(Guid.NewGuid(), name, [kind], address, adminCode, "北京市", "北京市", null, phone is null ? [] : [phone], null, null,
            new GeoPoint(39.9, 116.4), LocationPrecision.District, LocationMethod.GazetteerCounty, null);

    [Fact]
    public void TheTypoPairFromThe2020ListIsOneClinic()
    {
        // The volunteers' list says 北京市昔仁医院 at the address of 北京市普仁医院.
        var clinic = Published("北京市普仁医院", "110101", "东城区崇外大街100号");

        var match = ClinicMatcher.Match([Row(1, "北京市昔仁医院", "110101", "东城区崇外大街100号")], [clinic], "11");

        Assert.Equal(MatchKind.Same, match.Rows[1].Kind);
        Assert.Equal(clinic.Id, match.Rows[1].ClinicId);
        Assert.Empty(match.ProposedClosures);
    }

    [Fact]
    public void ATypoWithNothingElseAgreeingIsOnlyProbable()
    {
        var clinic = Published("北京市普仁医院", "110101", "东城区崇外大街100号");

        var match = ClinicMatcher.Match([Row(1, "北京市昔仁医院", "110101", "别的地址1号")], [clinic], "11");

        Assert.Equal(MatchKind.Probable, match.Rows[1].Kind);
        Assert.Equal(clinic.Id, Assert.Single(match.Rows[1].Candidates).ClinicId);
        Assert.Empty(match.ProposedClosures);
    }

    [Fact]
    public void NumeralsAndDirectionsAreNeverTypos()
    {
        var first = Published("北京市第一人民医院", "110101", "甲街1号", "010-12345678");
        var east = Published("北京市东方医院东院", "110101", "乙街2号");

        var match = ClinicMatcher.Match(
            [Row(1, "北京市第二人民医院", "110101", "甲街1号"), Row(2, "北京市东方医院西院", "110101", "丙街3号")], [first, east], "1101");

        Assert.Equal(MatchKind.Probable, match.Rows[1].Kind); // the same address, but another hospital's name: a person decides
        Assert.Equal(MatchKind.New, match.Rows[2].Kind);
    }

    [Fact]
    public void AnEqualNameUniqueInItsPrefectureFollowsTheClinicToAnotherCounty()
    {
        var clinic = Published("北京市和平里医院", "110101", "东城区和平里北街18号");

        var match = ClinicMatcher.Match([Row(1, "北京市和平里医院", "110105", "朝阳区新址1号")], [clinic], "11");

        Assert.Equal(MatchKind.Same, match.Rows[1].Kind);
        Assert.Equal(clinic.Id, match.Rows[1].ClinicId);
    }

    [Fact]
    public void ANameWithoutItsCityPrefixIsTheSameClinic()
    {
        var clinic = Published("北京市隆福医院", "110101");

        var match = ClinicMatcher.Match([Row(1, "隆福医院", "110101")], [clinic], "11");

        Assert.Equal(MatchKind.Same, match.Rows[1].Kind);
    }

    [Fact]
    public void CountyHospitalsOfOneCityAreNotAliasesOfEachOther()
    {
        // Removing the county's name would make every county's 中医院 equal; only province and city names go.
        var weixian = Published("威县中医院", "130533", "威县洺州大街1号", "0319-6155190") with { District = "威县" };
        var linxi = Published("临西县中医院", "130535", "临西县某路2号") with { District = "临西县" };

        var match = ClinicMatcher.Match([Row(1, "威县中医院", "130533", "威县洺州大街1号", "0319-6155190") with { District = "威县" }], [weixian, linxi], "13");

        Assert.Equal(MatchKind.Same, match.Rows[1].Kind);
        Assert.Equal(weixian.Id, match.Rows[1].ClinicId);
        Assert.Single(match.Rows[1].Candidates);
    }

    [Fact]
    public void TwoPublishedClinicsOfTheSameNameInOtherCountiesMakeTheRowProbable()
    {
        var a = Published("社区卫生服务中心", "110101");
        var b = Published("社区卫生服务中心", "110102");

        var match = ClinicMatcher.Match([Row(1, "社区卫生服务中心", "110105")], [a, b], "11");

        Assert.Equal(MatchKind.Probable, match.Rows[1].Kind);
        Assert.Equal(2, match.Rows[1].Candidates.Count);
    }

    [Fact]
    public void ASecondRowForTheSameClinicIsADuplicateAndAThirdClaimantToo()
    {
        var clinic = Published("北京市和平里医院", "110101", "和平里北街18号");

        var match = ClinicMatcher.Match(
            [Row(1, "北京市和平里医院", "110101"), Row(2, "北京市和平里医院", "110101"), Row(3, "和平里医院", "110101", "和平里北街18号")], [clinic], "11");

        Assert.Equal(MatchKind.Same, match.Rows[1].Kind);
        Assert.Equal((MatchKind.Duplicate, 1), (match.Rows[2].Kind, match.Rows[2].DuplicateOfRow));
        Assert.Equal((MatchKind.Duplicate, 1), (match.Rows[3].Kind, match.Rows[3].DuplicateOfRow));
    }

    [Fact]
    public void RowsNamingOneClinicInOnePrefectureAreDuplicatesUnlessTheCallerFoundOtherwise()
    {
        // 社区卫生服务中心 in 东城区 and in 西城区: one prefecture (北京市), one name.
        var rows = new[] { Row(1, "社区卫生服务中心", "110101"), Row(2, "社区卫生服务中心", "110102") };

        var found = ClinicMatcher.Match(rows, [], "11");
        var told = ClinicMatcher.Match(rows, [], "11", new Dictionary<int, int>());

        Assert.Equal((MatchKind.Duplicate, 1), (found.Rows[2].Kind, found.Rows[2].DuplicateOfRow));
        Assert.Equal(MatchKind.New, told.Rows[2].Kind);
        Assert.Equal(ClinicMatcher.BatchKey("110100", "社区卫生服务中心"), ClinicMatcher.BatchKey("110100", " 社区卫生服务中心 "));
        Assert.NotEqual(ClinicMatcher.BatchKey("110100", "社区卫生服务中心"), ClinicMatcher.BatchKey("120100", "社区卫生服务中心"));
    }

    [Fact]
    public void ClinicsOfTheScopeAndKindThatNoRowNamesAreProposedClosedAndOthersAreLeftAlone()
    {
        var named = Published("北京市和平里医院", "110101");
        var gone = Published("北京市旧医院", "110102");
        var elsewhere = Published("天津市某医院", "120101");
        var otherKind = Published("北京市定点医院", "110102", kind: ClinicKind.DesignatedHospital);

        var match = ClinicMatcher.Match([Row(1, "北京市和平里医院", "110101")], [named, gone, elsewhere, otherKind], "11");

        Assert.Equal([gone.Id], match.ProposedClosures);
    }

    [Fact]
    public void AListOfSomeCitiesOfAProvinceProposesClosuresOnlyInThoseCities()
    {
        var named = Published("十堰市人民医院", "420302");
        var goneInShiyan = Published("十堰市旧医院", "420303");
        var goneInYichang = Published("宜昌市旧医院", "420502");
        var inWuhan = Published("武汉市某医院", "420102");

        // One row placed only at province level (its city unread) must not bring Wuhan into the list's reach.
        var match = ClinicMatcher.Match(
            [Row(1, "十堰市人民医院", "420302"), Row(2, "宜昌市中心医院", "420502"), Row(3, "某医院", "420000")],
            [named, goneInShiyan, goneInYichang, inWuhan], "42");

        Assert.Equal([goneInShiyan.Id, goneInYichang.Id], match.ProposedClosures);
    }

    [Fact]
    public void RejectedRowsAndRowsWithoutACodeAreNotMatched()
    {
        var clinic = Published("北京市和平里医院", "110101");

        var match = ClinicMatcher.Match(
            [Row(1, "北京市和平里医院", "110101", outcome: RowOutcome.Rejected), Row(2, "北京市和平里医院", "11010")], [clinic], "11");

        Assert.Empty(match.Rows);
    }

    [Theory]
    [InlineData(new[] { "440106", "440104" }, "4401")]
    [InlineData(new[] { "440106", "441900" }, "44")]
    [InlineData(new[] { "440106", "110101" }, "")]
    [InlineData(new[] { "420100" }, "4201")]
    [InlineData(new[] { "420000", "420102" }, "42")]
    public void AListsScopeIsTheLongestDivisionPrefixAllItsCodesShare(string[] codes, string scope) =>
        Assert.Equal(scope, ClinicMatcher.ScopeOf(codes));
}
