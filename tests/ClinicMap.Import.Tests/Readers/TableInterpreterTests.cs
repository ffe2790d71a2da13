using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tests.Readers;

public class TableInterpreterTests
{
    private static readonly TableInterpreter Interpreter = new();

    private static SourceGrid Grid(params string?[][] rows) =>
        new("sheet", rows.Select((cells, r) => new GridRow(r + 1, cells.Select((text, c) => new GridCell(c + 1, text)).ToList())).ToList());

    [Fact]
    public void TheHeaderIsFoundBelowTitleLinesAndTheTitleKept()
    {
        var (rows, title, _) = Interpreter.Interpret([Grid(
            ["广州市发热门诊名单", null, null],
            [null, null, null],
            ["序号", "医疗机构名称", "详细地址"],
            ["1", "广州市第一人民医院", "盘福路1号"])]);

        var row = Assert.Single(rows);
        Assert.Equal("广州市发热门诊名单", title);
        Assert.Equal(4, row.RowNumber);
        Assert.Equal([null, Field.Name, Field.Address], row.Columns!);
        Assert.Equal("盘福路1号", row.Cells.Single(c => c.Key == "详细地址").Value);
    }

    [Fact]
    public void ATwoRowHeaderTakesTheLowerLabelsUnderAGroupLabel()
    {
        var grid = new SourceGrid("s", [
            new GridRow(1, [new(1, "序号"), new(2, "所在地区"), new(3, "所在地区", (1, 2)), new(4, "医院名称")]),
            new GridRow(2, [new(1, "序号", (1, 1)), new(2, "市"), new(3, "区县"), new(4, "医院名称", (1, 4))]),
            new GridRow(3, [new(1, "1"), new(2, "黄石市"), new(3, "黄石港区"), new(4, "黄石市中心医院")]),
        ]);

        var row = Assert.Single(Interpreter.Interpret([grid]).Rows);

        Assert.Equal([null, Field.City, Field.County, Field.Name], row.Columns!);
        Assert.Equal(["序号", "市", "区县", "医院名称"], row.Cells.Select(c => c.Key));
    }

    [Fact]
    public void SectionRowsCarryTheirDistrictAndNotesAndRepeatedHeadersAreKeptAsStructure()
    {
        var (rows, _, notices) = Interpreter.Interpret([Grid(
            ["序号", "医院名称", "电话"],
            ["一、越秀区（2家）", null, null],
            ["1", "广州市第一人民医院", "020-81048888"],
            ["2", "中山大学附属第二医院", "020-81332199"],
            [null, null, null],
            ["序号", "医院名称", "电话"],
            ["二、天河区（1家）", null, null],
            ["3", "暨南大学附属第一医院", "020-38688888"],
            ["注：名单动态调整", null, null])]);

        Assert.Equal(["row.section_heading", null, null, "row.repeated_header", "row.section_heading", null, "row.note"],
            rows.Select(r => r.Flags?.Single().Code));
        Assert.Equal([2, 3, 4, 6, 7, 8, 9], rows.Select(r => r.RowNumber));
        Assert.Equal("越秀区", rows[1].Carried![Field.County]);
        Assert.Equal("越秀区", rows[2].Carried![Field.County]);
        Assert.Equal("天河区", rows[5].Carried![Field.County]);
        Assert.Contains("sheet: 1 blank rows below the header were skipped", notices);
    }

    [Fact]
    public void ASheetWhoseColumnsAreShiftedIsFlaggedForReview()
    {
        var (rows, _, notices) = Interpreter.Interpret([Grid(
            ["区", "医院名称", "地址"],
            ["越秀区", "越秀区", "广州市第一人民医院"],
            ["天河区", "天河区", "暨南大学附属第一医院"],
            ["海珠区", "海珠区", "中山大学孙逸仙纪念医院"],
            ["荔湾区", "荔湾区", "广州市荔湾区人民医院"])]);

        Assert.All(rows, r => Assert.Equal("sheet.columns_shifted", Assert.Single(r.Flags!).Code));
        Assert.Contains(notices, n => n.Contains("look shifted", StringComparison.Ordinal));
    }

    [Fact]
    public void AGridWithoutAHeaderYieldsNoRowsAndSaysSo()
    {
        var (rows, _, notices) = Interpreter.Interpret([Grid(["甲", "乙"], ["丙", "丁"])]);

        Assert.Empty(rows);
        Assert.Contains(notices, n => n.Contains("no header row", StringComparison.Ordinal) && n.Contains("2 non-blank rows", StringComparison.Ordinal));
    }
}
