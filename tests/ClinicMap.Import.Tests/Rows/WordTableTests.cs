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
}
