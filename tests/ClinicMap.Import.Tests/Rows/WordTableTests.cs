using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tests.Rows;

public class WordTableTests
{
    private static PlacedWord Word(string text, double x, double top) => new(text, x, top, x + 18 * text.Length, top + 18);

    /// <summary>A header and rows 36 px apart (18 px text, cell padding between rows: within twice the text height); the first column names the district.</summary>
    private static List<GridRow> Build(params (double Top, string? District, string Name)[] rows)
    {
        var lines = new List<WordTable.Line> { new(1, [Word("区县", 10, 0), Word("医院名称", 100, 0)]) };
        lines.AddRange(rows.Select(r => new WordTable.Line(1, r.District is null ? [Word(r.Name, 100, r.Top)] : [Word(r.District, 10, r.Top), Word(r.Name, 100, r.Top)])));
        var table = WordTable.Build(lines, (column, words) => new GridCell(column, words.Count == 0 ? null : string.Concat(words.Select(w => w.Text))), ColumnSynonyms.FieldOf);
        Assert.NotNull(table);
        return table.Value.Rows.Skip(1).ToList();
    }

    [Fact]
    public void ALineAtTheFullRowPitchWithoutItsFirstCellIsARowOfItsOwn()
    {
        var rows = Build((40, "甲区", "甲医院"), (76, "乙区", "乙医院"), (112, null, "丙医院"), (148, "丁区", "丁医院"), (184, "戊区", "戊医院"), (220, "己区", "己医院"));

        Assert.Equal(["甲医院", "乙医院", "丙医院", "丁医院", "戊医院", "己医院"], rows.Select(r => r.Cells[1].Text));
    }

    [Fact]
    public void ALineCloserThanTheRowPitchIsItsRowsWrappedContinuation()
    {
        var rows = Build((40, "甲区", "甲医院"), (76, "乙区", "乙市第一"), (96, null, "人民医院"), (132, "丙区", "丙医院"), (168, "丁区", "丁医院"), (204, "戊区", "戊医院"));

        Assert.Equal(["甲医院", "乙市第一人民医院", "丙医院", "丁医院", "戊医院"], rows.Select(r => r.Cells[1].Text));
    }

    private static List<GridRow> Table(IEnumerable<PlacedWord> words)
    {
        var table = WordTable.Build(WordTable.GroupLines(words, 1), (column, cell) => new GridCell(column, cell.Count == 0 ? null : WordTable.CellText(cell)), ColumnSynonyms.FieldOf);
        Assert.NotNull(table);
        return table.Value.Rows;
    }

    [Fact]
    public void AHeaderWhoseCellsWrapOntoASecondLineIsReadAsOneLineUnderItsTitle()
    {
        // 序/号 and 县（/区） wrap in narrow columns; 医院名称 and 地址 stand on the first line.
        var rows = Table([
            Word("发热门诊名单", 100, 0),
            Word("序", 10, 40), Word("县（", 50, 40), Word("医院名称", 120, 40), Word("地址", 260, 40),
            Word("号", 10, 58), Word("区）", 50, 58),
            Word("1", 10, 100), Word("甲区", 50, 100), Word("甲医院", 120, 100), Word("甲路1号", 260, 100),
            Word("2", 10, 136), Word("乙区", 50, 136), Word("乙医院", 120, 136), Word("乙路2号", 260, 136),
        ]);

        Assert.Equal(["序号", "县（区）", "医院名称", "地址"], rows[0].Cells.Select(c => c.Text));
        Assert.Equal(["1", "甲区", "甲医院", "甲路1号"], rows[1].Cells.Select(c => c.Text));
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public void CellsCentredOnAWrappedCellAndADistrictPrintedOnceForItsGroupStayInTheirRows()
    {
        // 18-px lines 18 px apart inside a cell, 10 px of padding between rows. Row 1's address wraps over three
        // lines and its name stands level with the second; the district 甲区, printed once for rows 1 and 2, is
        // centred on their common boundary; row 3's name wraps over two lines, top-aligned with its other cells.
        var rows = Table([
            Word("区县", 10, 0), Word("医院名称", 100, 0), Word("地址", 260, 0),
            Word("甲路", 260, 30), Word("第一医院", 100, 48), Word("1号", 260, 48), Word("门诊楼", 260, 66),
            Word("甲区", 10, 80),
            Word("第二医院", 100, 94), Word("乙路2号", 260, 94),
            Word("第三人民", 100, 122), Word("丙路3号", 260, 122), Word("医院", 100, 140),
            Word("丁区", 10, 168), Word("第四医院", 100, 168), Word("丁路4号", 260, 168),
        ]);

        Assert.Equal(["第一医院", "第二医院", "第三人民医院", "第四医院"], rows.Skip(1).Select(r => r.Cells[1].Text));
        Assert.Equal(["甲路1号门诊楼", "乙路2号", "丙路3号", "丁路4号"], rows.Skip(1).Select(r => r.Cells[2].Text));
        Assert.Equal(["甲区", null, null, "丁区"], rows.Skip(1).Select(r => r.Cells[0].Text));
    }

    [Fact]
    public void ColumnsOfAPageInPerspectiveAreFoundAlongTheirLean()
    {
        // Each row 40 px lower stands 1.8 px further right (a lean of 0.045): the district column's longest cells at
        // the bottom reach past where the name column starts at the top, so no upright boundary parts the two.
        var words = new List<PlacedWord> { Word("区县", 10, 0), Word("医院名称", 110, 0) };
        for (var i = 1; i <= 20; i++)
            words.AddRange([Word(i % 2 == 0 ? "某某新区" : "某区", 10 + 1.8 * i, 40 * i), Word($"第{i}医院", 110 + 1.8 * i, 40 * i)]);

        var rows = Table(words);

        Assert.All(rows.Skip(1), r => Assert.StartsWith("某", r.Cells[0].Text, StringComparison.Ordinal));
        Assert.All(rows.Skip(1), r => Assert.StartsWith("第", r.Cells[1].Text, StringComparison.Ordinal));
    }

    [Fact]
    public void AHeaderWhoseOneLineCellsAreCentredOnWrappedOnesIsReadWhole()
    {
        // 序/号 and 市/（州） wrap over two lines; 医院名称 and 地址 stand centred between them, so each line overlaps
        // the next: the header is all three, though its middle line alone would name two columns.
        var rows = Table([
            Word("序", 10, 40), Word("市", 50, 40),
            Word("医院名称", 120, 49), Word("地址", 260, 49),
            Word("号", 10, 58), Word("（州）", 50, 58),
            Word("1", 10, 100), Word("甲市", 50, 100), Word("甲医院", 120, 100), Word("甲路1号", 260, 100),
            Word("2", 10, 136), Word("乙市", 50, 136), Word("乙医院", 120, 136), Word("乙路2号", 260, 136),
        ]);

        Assert.Equal(["序号", "市（州）", "医院名称", "地址"], rows[0].Cells.Select(c => c.Text));
        Assert.Equal(["1", "甲市", "甲医院", "甲路1号"], rows[1].Cells.Select(c => c.Text));
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public void ADenseTableKeepsEachWrappedLineInItsCellAndEveryNumberedRowApart()
    {
        // A screenshot's detected lines: boxes grown around 18-px type, rows 21 px apart; row 2's address wraps onto
        // lines 12 px apart (closer than the boxes are tall) with its other cells centred between them; row 4 stands
        // as close under row 3 as a wrapped line would; a speck in the header between 县市区 and 医院名称.
        var rows = Table([
            Word("序号", 28, 57), Word("县市区", 72, 57), new PlacedWord("?", 120, 60, 138, 71, 9), Word("医院名称", 131, 57), Word("地址", 399, 57),
            Word("1", 28, 78), Word("甲医院", 131, 78), Word("甲路1号", 399, 78),
            Word("乙市乙区乙路", 399, 100), Word("2", 28, 107), Word("乙医院", 131, 107), Word("2号", 399, 112),
            Word("3", 28, 135), Word("丙区", 72, 135), Word("丙医院", 131, 135), Word("丙路3号", 399, 135),
            Word("4", 28, 150), Word("丁医院", 131, 150), Word("丁路4号", 399, 150),
            Word("5", 28, 177), Word("戊医院", 131, 177), Word("戊路5号", 399, 177),
            Word("6", 28, 198), Word("己医院", 131, 198), Word("己路6号", 399, 198),
        ]);

        Assert.Equal([null, Field.County, Field.Name, Field.Address], rows[0].Cells.Select(c => ColumnSynonyms.FieldOf(c.Text ?? "")));
        Assert.Equal(["甲医院", "乙医院", "丙医院", "丁医院", "戊医院", "己医院"], rows.Skip(1).Select(r => r.Cells[2].Text));
        Assert.Equal(["甲路1号", "乙市乙区乙路2号", "丙路3号", "丁路4号", "戊路5号", "己路6号"], rows.Skip(1).Select(r => r.Cells[3].Text));
        Assert.Equal([null, null, "丙区", null, null, null], rows.Skip(1).Select(r => r.Cells[1].Text));
    }
}
