using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tests.Pipeline.Stages;

/// <summary>The OCR stage on rows whose cells the second model read differently.</summary>
public class OcrStageTests
{
    private static readonly ImportOptions Options = new("测试", null, null, ClinicKind.FeverClinic, "tests");
    private static readonly CellBox Box = new(1, 10, 20, 200, 30);

    private static async Task<StagedRow> Decide(string name, string? nameAlternative, string phone = "0719-8801332", string? phoneAlternative = null, int nameConfidence = 97)
    {
        var raw = new RawRow(2, "page 1", [new("区县", "茅箭区"), new("医院名称", name), new("联系电话", phone)],
            Columns: [Field.County, Field.Name, Field.Phone],
            Evidence: [new OcrEvidence(99, Box), new OcrEvidence(nameConfidence, Box, nameAlternative is null ? null : [nameAlternative]), new OcrEvidence(98, Box, phoneAlternative is null ? null : [phoneAlternative])]);
        var rows = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded)).DecideAsync([raw], Options, "十堰市发热门诊名单");
        return Assert.Single(rows);
    }

    [Fact]
    public async Task ACellTheTwoModelsReadDifferentlySendsItsRowToReviewWithBothReadings()
    {
        var row = await Decide("十堰市太和医院", "十堰市大和医院");

        Assert.Equal(RowOutcome.NeedsReview, row.Outcome);
        var reason = Assert.Single(row.Reasons, r => r.Code == "ocr.models_disagree");
        Assert.Equal("name", reason.Field);
        Assert.Contains("'十堰市太和医院'", reason.Message, StringComparison.Ordinal);
        Assert.Contains("'十堰市大和医院'", reason.Message, StringComparison.Ordinal);
        Assert.Contains("page 1 x=10 y=20", reason.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("十堰市茅箭区人民医院", "十堰市茅剑区人民医院", false, false)] // the corrections make them one reading: no dispute at all
    [InlineData("十堰市茅箭区人民医院", "十堰市茅剑区区人民医院", true, false)] // it reads more characters, which the main reader may have dropped
    [InlineData("十堰市茅箭区人民医院", "十堰市茅箭区太民医院", true, false)]   // the difference is no place name: it stands
    [InlineData("十堰市茅箭区人民医院", "人十堰市茅箭区人民医院", false, true)] // a cell's left rule read as 人 before a place name
    [InlineData("县人民医院", "陈县人民医院", true, false)]                     // … but not before a text that starts with no place (隰 dropped)
    public async Task AReadingWhosePlacesAreKnownIsNotDisputedByOneThatMisreadsThem(string name, string alternative, bool disputed, bool settled)
    {
        var row = await Decide(name, alternative);

        Assert.Equal(name, row.Name);
        Assert.Equal(disputed, row.Reasons.Any(r => r.Code == "ocr.models_disagree" && r.Field == "name"));
        Assert.Equal(settled, row.Reasons.Any(r => r.Code == "ocr.reading_settled" && r.Field == "name" && r.Severity == ReasonSeverity.Info));
    }

    [Fact]
    public async Task NonsenseFromTheOtherModelIsNeverTakenForNamingNoPlace()
    {
        // 阳县 is no place (弋 dropped); RMARGIR names none either, but is no reading of the same cell.
        var row = await Decide("阳县人民医院", "RMARGIR");

        Assert.DoesNotContain(row.Reasons, r => r.Code == "ocr.reading_chosen");
        Assert.NotEqual("RMARGIR", row.Name);
        Assert.Equal(RowOutcome.NeedsReview, row.Outcome);
    }

    [Theory]
    [InlineData("0473-6907021/13191356373", "0473-6907021713191356373", false)] // a slash read as 7: no phone numbers
    [InlineData("0719-8801332", "9719-8801332", false)]                         // no area code starts with 9
    [InlineData("0719-8801332", "0719-8801382", true)]                          // both are phone numbers: it stands
    public async Task PhonesThatAllParseAreNotDisputedByAReadingThatDoesNot(string phone, string alternative, bool disputed)
    {
        var row = await Decide("十堰市太和医院", null, phone, alternative);

        Assert.Equal(disputed, row.Reasons.Any(r => r.Code == "ocr.models_disagree" && r.Field == "phone"));
        Assert.Equal(!disputed, row.Reasons.Any(r => r.Code == "ocr.reading_settled" && r.Field == "phone"));
    }

    [Fact]
    public async Task ReadingsThatTheSameCorrectionMakesEqualAreNotADisagreement()
    {
        // 十卉市 is no place and one character from 十堰市; 医阮 one from the ending 医院.
        var row = await Decide("十堰市人民医院", "十卉市人民医阮");

        Assert.DoesNotContain(row.Reasons, r => r.Code == "ocr.models_disagree");
        Assert.Equal(RowOutcome.Accepted, row.Outcome);
        Assert.Equal("十堰市人民医院", row.Name);
    }

    [Fact]
    public async Task ACorrectionOfWhatBothModelsReadAlikeIsCheckedByAPersonAndOtherCorrectionsAreNot()
    {
        // Both models read 医阮 (no alternative kept): the list itself may say so. A low-confidence cell the second
        // model read differently is an ordinary misreading, corrected without review.
        var confirmed = await Decide("十堰市人民医阮", null);
        var misread = await Decide("十堰市人民医阮", "十堰市人民医院", nameConfidence: 90);

        var reason = Assert.Single(confirmed.Reasons, r => r.Code == "ocr.corrected" && r.Field == "name");
        Assert.Equal((ReasonSeverity.Review, "十堰市人民医院"), (reason.Severity, confirmed.Name));
        Assert.Contains("every model read it so", reason.Message, StringComparison.Ordinal);
        Assert.Equal((ReasonSeverity.Info, "十堰市人民医院"), (Assert.Single(misread.Reasons, r => r.Code == "ocr.corrected" && r.Field == "name").Severity, misread.Name));
        Assert.Equal(RowOutcome.Accepted, misread.Outcome);
    }

    [Fact]
    public async Task PhonesThatParseToTheSameNumbersAreNotADisagreement()
    {
        var same = await Decide("十堰市人民医院", null, "0719-8801332", "0719—8801332");
        var different = await Decide("十堰市人民医院", null, "0719-8801332", "0719-8807332");

        Assert.DoesNotContain(same.Reasons, r => r.Code == "ocr.models_disagree");
        Assert.Contains(different.Reasons, r => r.Code == "ocr.models_disagree" && r.Field == "phone");
    }

    [Fact]
    public async Task AReadingWhosePlaceIsKnownIsTakenOverOneThatCannotBeSettledAndTheRowStillGoesToReview()
    {
        // Many districts end in 城区 one character from 游城区; the other model read the real 潞城区.
        var raw = new RawRow(2, "page 1", [new("区县", "游城区"), new("医院名称", "潞城区人民医院"), new("地址", "游城区南华西街223号")],
            Columns: [Field.County, Field.Name, Field.Address],
            Evidence: [new OcrEvidence(92, Box, ["证城区", "潞城区"]), new OcrEvidence(99, Box), new OcrEvidence(94, Box, ["汕城区南华西街223号"])]);
        var row = Assert.Single(await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded)).DecideAsync([raw], Options, "长治市发热门诊名单"));

        Assert.Contains(row.Reasons, r => r.Code == "ocr.reading_chosen" && r.Field == "county");
        Assert.Equal("潞城区南华西街223号", row.Address);
        Assert.Contains(row.Reasons, r => r.Code == "ocr.models_disagree" && r.Field == "county" && r.Message.Contains("游城区", StringComparison.Ordinal));
        Assert.Equal(RowOutcome.NeedsReview, row.Outcome);
    }

    [Fact]
    public async Task APlaceTakenByInferenceIsCorrectedAndTheRowGoesToReviewSayingSo()
    {
        // Every model read the same wrong county; of 临汾市's four X县 only 隰县 is one they cannot write.
        var raw = new RawRow(2, "page 1", [new("医院名称", "隰县人民医院"), new("地址", "临汾市隐县南大街25号")],
            Columns: [Field.Name, Field.Address],
            Evidence: [new OcrEvidence(99, Box), new OcrEvidence(99, Box)]);
        var row = Assert.Single(await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded)).DecideAsync([raw], Options, "山西省发热门诊名单"));

        Assert.Equal("临汾市隰县南大街25号", row.Address);
        var reason = Assert.Single(row.Reasons, r => r.Code == "ocr.ambiguous_correction" && r.Field == "address");
        Assert.Contains("none writes 隰", reason.Message, StringComparison.Ordinal);
        Assert.Equal(RowOutcome.NeedsReview, row.Outcome);
    }
}
