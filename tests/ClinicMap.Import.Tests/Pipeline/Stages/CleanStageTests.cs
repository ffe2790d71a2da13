using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Import.Pipeline.Stages;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tests.Pipeline.Stages;

public class CleanStageTests
{
    [Theory]
    [InlineData("广州市第一人民医院发热门诊", "广州市第一人民医院", ClinicKind.FeverClinic)]
    [InlineData("石牌街社区卫生服务中心发热诊室", "石牌街社区卫生服务中心", ClinicKind.FeverRoom)]
    public void ANameEndingInAKindIsSplit(string cell, string name, ClinicKind kind)
    {
        Assert.Equal((name, kind), CleanStage.SplitKindSuffix(cell));
    }

    [Theory]
    [InlineData("(开诊时间:24小时)", "24小时")]
    [InlineData("（接诊时间：8:00-17:00）", "8:00-17:00")]
    [InlineData("24小时", "24小时")]
    [InlineData(" ", null)]
    public void HoursLoseTheirBracketsAndLabel(string cell, string? expected)
    {
        Assert.Equal(expected, CleanStage.CleanHours(cell));
    }

    [Theory]
    [InlineData("※协和医院*", "协和医院")]
    [InlineData("①同济医院", "同济医院")]
    public void FootnoteMarksAreStripped(string cell, string expected)
    {
        Assert.Equal(expected, CleanStage.StripFootnoteMarks(cell));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("是", true)]
    [InlineData("定点医院", true)]
    [InlineData("false", false)]
    [InlineData("否", false)]
    [InlineData(null, false)]
    public void DesignatedMarkersAreRead(string? cell, bool designated)
    {
        Assert.Equal(designated, CleanStage.IsDesignatedMarker(cell));
    }

    [Fact]
    public void ARowWithoutANameIsRejectedAndOneWithABadPhoneGoesToReview()
    {
        var rows = new[]
        {
            MapColumnsStage.Map(new RawRow(1, null, [new("name", "  "), new("tel", "0350-3095129")])),
            MapColumnsStage.Map(new RawRow(2, null, [new("name", "某医院"), new("tel", "9527013846/13519566011")])),
        };

        var cleaned = CleanStage.Run(rows, ClinicKind.FeverClinic);

        Assert.Equal("row.name_missing", Assert.Single(cleaned[0].Reasons).Code);
        Assert.True(cleaned[0].IsRejected);
        var phone = Assert.Single(cleaned[1].Reasons);
        Assert.Equal(("phone.unparsed", "phone", ReasonSeverity.Review), (phone.Code, phone.Field, phone.Severity));
        Assert.Equal(["13519566011"], cleaned[1].Phones);
    }
}
