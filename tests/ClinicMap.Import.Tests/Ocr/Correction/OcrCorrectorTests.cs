using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Ocr.Correction;
using ClinicMap.Import.Ocr.Engine;

namespace ClinicMap.Import.Tests.Ocr.Correction;

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
    [InlineData("邢台市")]
    [InlineData("兴安盟")]
    [InlineData("昌吉州")]
    [InlineData("高新区")]
    public void ADistrictCellNamingAPrefectureItsShortFormOrAZoneIsLeftAlone(string text)
    {
        var correction = Corrector.District(text);

        Assert.Equal((text, false), (correction.Text, correction.Changed));
        Assert.Empty(correction.Candidates);
    }

    [Fact]
    public void APrefectureNamedElsewhereInTheRowDecidesAMisreadCounty()
    {
        // Any one-character county is one character from 天县; the address's 阳泉市 has only 盂县 among them.
        var row = Corrector.PrefecturesNamedIn(["天县", "孟县人民医院", "阳泉市备县秀水西街"]);
        var district = Corrector.District("天县", rowPrefectures: row);
        var name = Corrector.PlaceNames("孟县人民医院", [], row);
        var elsewhere = Corrector.District("天县");

        Assert.Equal(["阳泉市"], row);
        Assert.Equal(("盂县", true), (district.Text, district.Changed));
        Assert.Equal("盂县人民医院", name.Text);
        Assert.True(elsewhere.Ambiguous);
    }

    [Fact]
    public void APrefectureInTheDistrictCellDecidesBetweenTwoBanners()
    {
        var correction = Corrector.PlaceNames("扎责特旗人民医院", [], Corrector.PrefecturesNamedIn(["兴安盟"]));

        Assert.Equal("扎赉特旗人民医院", correction.Text);
        Assert.Empty(correction.Ambiguous);
    }

    [Theory]
    [InlineData("竹山县人民医阮", "竹山县人民医院")]
    [InlineData("房县妇幼保建院", "房县妇幼保健院")]
    public void AnInstitutionEndingOneCharacterOffIsRepaired(string read, string expected)
    {
        var correction = OcrCorrector.InstitutionName(read);

        Assert.Equal((expected, true), (correction.Text, correction.Changed));
    }

    [Theory]
    [InlineData("普陀医院六横第二分院")]
    [InlineData("新疆医科大学第一附属医院门诊部")]
    public void ABranchOrClinicEndingIsNotTakenForAMisreadHospital(string read)
    {
        Assert.False(OcrCorrector.InstitutionName(read).Changed);
    }

    [Theory]
    [InlineData("鸟苏市新市区街道温州路183号", new string[0], "乌苏市新市区街道温州路183号")]
    [InlineData("扬州市邢江区四望亭路446号", new string[0], "扬州市邗江区四望亭路446号")]
    [InlineData("临汾市隅县南大街25号", new[] { "隰县" }, "临汾市隰县南大街25号")]
    public void MisreadPlaceNamesInsideATextAreSnapped(string read, string[] context, string expected)
    {
        var correction = Corrector.PlaceNames(read, context);

        Assert.Equal(expected, correction.Text);
        Assert.NotEmpty(correction.Changes);
    }

    [Fact]
    public void APlaceNameOneCharacterFromTwoIsReportedNotGuessed()
    {
        var correction = Corrector.PlaceNames("扎责特旗人民医院", []);

        Assert.Equal("扎责特旗人民医院", correction.Text);
        Assert.Contains(correction.Ambiguous, a => a.Contains("扎赉特旗", StringComparison.Ordinal) && a.Contains("扎鲁特旗", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("经开区横林镇顺通路68号")]
    [InlineData("科右中旗巴彦呼舒镇阿吉泰小区东南120米")]
    [InlineData("达茂旗百灵庙镇河东新区滨河北路")]
    [InlineData("大同市御东新区文兴路2669号")]
    public void WordsThatOnlyEndLikeAPlaceAreLeftAlone(string text)
    {
        var correction = Corrector.PlaceNames(text, []);

        Assert.Equal(text, correction.Text);
        Assert.Empty(correction.Changes);
    }

    [Theory]
    [InlineData("10359 2355990", "0359-2355990")]
    [InlineData("10353-5151800", "0353-5151800")]
    [InlineData("0991 2556389", "0991-2556389")]
    [InlineData("10359一2355990", "0359-2355990")]
    [InlineData("0358一6726175", "0358-6726175")]
    [InlineData("|0513 84119617、0513-84119618", "0513-84119617、0513-84119618")]
    public void ALandlineBrokenAtTheRuleIsRepaired(string read, string expected)
    {
        var correction = OcrCorrector.Phone(read);
        var phones = ClinicMap.Core.Text.PhoneNormalizer.Parse(correction.Text);

        // The corrector removes only the rule glued to the area code; the separators are the normaliser's to read.
        Assert.Equal("1lI|".Contains(read[0], StringComparison.Ordinal), correction.Changed);
        Assert.Equal(expected.Split('、'), phones.Phones);
        Assert.Empty(phones.Unparsed);
    }

    [Theory]
    [InlineData("0359-2355990")]
    [InlineData("13803591234")]
    [InlineData("01012345678")]
    [InlineData("0359-2355990、13803591234")]
    public void APhoneReadWellIsLeftAlone(string read)
    {
        var correction = OcrCorrector.Phone(read);

        Assert.Equal((read, false), (correction.Text, correction.Changed));
    }

    [Theory]
    [InlineData("隅县人民医院", "隅县")]
    [InlineData("阳泉市海淀区秀水西街", "海淀区")]
    public void AOneCharacterCountyThatDoesNotExistOrBelongsElsewhereIsReported(string text, string window)
    {
        var correction = Corrector.PlaceNames(text, []);

        Assert.Equal(text, correction.Text);
        Assert.Contains(correction.Ambiguous, a => a.StartsWith(window, StringComparison.Ordinal));
    }

    [Fact]
    public void ACountyOfAnotherPrefectureRightAfterAPrefectureIsSnappedToItsOwnCounty()
    {
        var correction = Corrector.PlaceNames("阳泉市理县秀水西街", []);

        Assert.Equal("阳泉市盂县秀水西街", correction.Text);
        Assert.Contains("理县 → 盂县", correction.Changes);
    }

    [Fact]
    public void ARowsDistrictCellOfAnotherPrefectureIsNoCandidateAfterThePrefecturesName()
    {
        // Read from a rendered page: the district cell 盂县 came out as 理县 (Sichuan), the address's 盂县 as 备县.
        var correction = Corrector.PlaceNames("阳泉市备县秀水西街", ["理县"]);

        Assert.Equal("阳泉市盂县秀水西街", correction.Text);
    }

    [Fact]
    public void ADistrictCellMisreadTheSameWayDoesNotVouchForTheName()
    {
        var correction = Corrector.PlaceNames("隅县人民医院", ["隅县"]);

        Assert.NotEmpty(correction.Ambiguous);
    }

    [Theory]
    [InlineData("山西省朔州市应县金城镇新建西路74号", "南通市")]
    [InlineData("海门市海门镇公园巷12号", "南通市")]
    [InlineData("任县任城镇人民街398号", "邢台市")]
    public void ARealNameAFormerNameOrAShorterRealNameIsNotRepairedIntoANeighbour(string text, string prefecture)
    {
        // 市应县 is one character from 宝应县, 海门市 from 海安市 (南通市), 任县 from 威县 (邢台市).
        var correction = Corrector.PlaceNames(text, [], Corrector.PrefecturesNamedIn([prefecture]));

        Assert.Equal(text, correction.Text);
        Assert.Empty(correction.Changes);
        Assert.Empty(correction.Ambiguous);
    }

    [Fact]
    public void ACorrectionIntoAnotherProvinceThanTheRowNamesIsReportedNotMade()
    {
        // 伊宁市 is in Xinjiang; 六合区, one character from 边合区, is in Nanjing.
        var correction = Corrector.PlaceNames("伊宁市边合区287号门诊楼一楼", []);

        Assert.Equal("伊宁市边合区287号门诊楼一楼", correction.Text);
        Assert.Contains(correction.Ambiguous, a => a.Contains("六合区", StringComparison.Ordinal) && a.Contains("another province", StringComparison.Ordinal));
    }

    [Fact]
    public void ARunThatReadsLikeAZoneIsCorrectedOnlyToTheRowsOwnDistrict()
    {
        var own = Corrector.PlaceNames("游城区南华西街223号", ["潞城区"]);
        var none = Corrector.PlaceNames("游城区南华西街223号", []);

        Assert.Equal("潞城区南华西街223号", own.Text);
        Assert.Equal("游城区南华西街223号", none.Text);
    }

    [Theory]
    [InlineData("上栗县上粥镇", new string[0], "上栗县上栗镇")]
    [InlineData("鄂托克前旗敞勒召其镇沙日塔拉东街", new string[0], "鄂托克前旗敖勒召其镇沙日塔拉东街")]
    [InlineData("定海区马岐街道市场路85号", new string[0], "定海区马岙街道市场路85号")]
    [InlineData("张王畸乡曹辛庄村西路南", new[] { "巨鹿县" }, "张王疃乡曹辛庄村西路南")]
    [InlineData("淮安市洪泽高良润街道太湖路281号", new string[0], "淮安市洪泽高良涧街道太湖路281号")]
    [InlineData("泰州市姜堰区汪潼人民医院", new string[0], "泰州市姜堰区溱潼人民医院")]
    public void AMisreadTownshipOfTheCountyBeforeItOrOfTheRowsDistrictIsSnapped(string read, string[] context, string expected)
    {
        var correction = Corrector.PlaceNames(read, context);

        Assert.Equal(expected, correction.Text);
        Assert.NotEmpty(correction.Changes);
    }

    [Theory]
    // A long autonomous county's name, and its plain county form followed by its township.
    [InlineData("烽耆回族自治县人民医院", "焉耆回族自治县人民医院")]
    [InlineData("十耆县焉者镇新华路20号", "焉耆县焉耆镇新华路20号")]
    public void AutonomousCountiesAreCorrectedUnderTheirFullAndTheirPlainName(string read, string expected)
    {
        Assert.Equal(expected, Corrector.PlaceNames(read, ["巴州"]).Text);
    }

    [Fact]
    public void OfSeveralCountiesTheOneNoModelCanReadIsTakenAndReportedAsInferred()
    {
        // 临汾市 has 古县, 吉县, 隰县 and 蒲县; the models write 古, 吉 and 蒲 but not 隰, so a reading that is none of them is 隰县.
        var inferring = new OcrCorrector(DivisionGazetteer.Embedded, writable: OcrEnginePool.Shared.Writable);

        var inferred = inferring.PlaceNames("临汾市隐县南大街25号", []);
        var plain = Corrector.PlaceNames("临汾市隐县南大街25号", []);

        Assert.Equal("临汾市隰县南大街25号", inferred.Text);
        Assert.Single(inferred.Inferred);
        Assert.Empty(inferred.Changes);
        Assert.Equal("临汾市隐县南大街25号", plain.Text);
        Assert.Single(plain.Ambiguous);
    }

    [Fact]
    public void TheOtherModelsReadingsNarrowATownshipSeveralQualifyFor()
    {
        // 马岛街道 is a character from both 定海区's 马岙街道 and its 千岛街道; the other models' 马知 and 马香 only from 马岙.
        var alone = Corrector.PlaceNames("定海区马岛街道市场路85号", []);
        var narrowed = Corrector.PlaceNames("定海区马岛街道市场路85号", [], null, ["定海区马知街道市场路85号", "定海区马香街道市场路85号", "定海区马岛街道"]);

        Assert.Equal("定海区马岛街道市场路85号", alone.Text);
        Assert.Equal("定海区马岙街道市场路85号", narrowed.Text);
        Assert.Equal(["马岛街道 → 马岙街道"], narrowed.Changes);
    }

    [Theory]
    [InlineData("临汾市乡宁县昌宁镇迎旭东大街210号")]
    [InlineData("上高县敖阳镇和平路28号")]
    [InlineData("海门市海门镇公园巷12号")]
    public void AKnownTownshipOrOneKnownUnderANewerFormIsLeftAlone(string text)
    {
        // 宁县 (Gansu) also ends at 乡宁县; 敖阳镇 is now 敖阳街道; 海门镇 is the county seat of 海门市.
        var correction = Corrector.PlaceNames(text, []);

        Assert.Equal(text, correction.Text);
        Assert.Empty(correction.Changes);
    }

    [Theory]
    [InlineData("岚县人民医院", "岚县")]
    [InlineData("德安县人民医院", "德安县")]
    [InlineData("如东县中医院", "如东县")]
    [InlineData("扎兰屯市中蒙医院", "扎兰屯市")]
    public void AClinicNamedAfterItsCountyIsNotTakenForOneNamedAfterATown(string text, string district)
    {
        // 岚城镇, 爱民…, 城中…, 中和… are townships of these counties, one character from what follows the county.
        var correction = Corrector.PlaceNames(text, [district]);

        Assert.Equal(text, correction.Text);
        Assert.Empty(correction.Changes);
    }

    [Fact]
    public void ACitysShortFormOpeningAClinicsNameTellsWhichCountyAMisreadIs()
    {
        // Every X南县 is one character from 滕南县; of 唐山市's counties only 滦南县 is.
        var row = Corrector.PrefecturesNamedIn(["唐山华佗医院", "滕南县中大街36号"]);
        var correction = Corrector.PlaceNames("滕南县中大街36号", [], row);

        Assert.Contains("唐山市", row);
        Assert.Equal("滦南县中大街36号", correction.Text);
        Assert.True(Corrector.PlaceNames("滕南县中大街36号", []).Ambiguous.Count > 0);
    }
}
