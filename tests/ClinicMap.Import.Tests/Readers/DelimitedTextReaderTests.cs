using System.Text;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tests.Readers;

public class DelimitedTextReaderTests
{
    private const string List = "序号,区,医院名称,联系电话\r\n1,江岸区,武汉市第一医院,027-85332999\r\n2,江汉区,\"协和医院,西院\",027-85726114\r\n";

    static DelimitedTextReaderTests() => TextDecoding.RegisterCodePages();

    public static TheoryData<string, byte[]> Encodings => new()
    {
        { "utf-8 with BOM", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(List)] },
        { "utf-8", Encoding.UTF8.GetBytes(List) },
        { "gb18030", Encoding.GetEncoding("GB18030").GetBytes(List) },
        { "utf-16 with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(List)] },
        { "utf-16 without BOM", Encoding.Unicode.GetBytes(List) },
        { "utf-16 big-endian with BOM", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(List)] },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void DetectsTheEncodingAndReadsEveryCell(string encoding, byte[] bytes)
    {
        var grid = Read(bytes, "list.csv", null);

        Assert.Equal(3, grid.Rows.Count);
        Assert.Equal("武汉市第一医院", grid.Rows[1][3]?.Text);
        Assert.Equal("协和医院,西院", grid.Rows[2][3]?.Text);
        Assert.True(grid.Rows[0][4]?.Text == "联系电话", encoding);
    }

    [Theory]
    [InlineData("list.tsv", '\t')]
    [InlineData("list.txt", ';')]
    [InlineData("list.csv", '|')]
    public void FindsTheDelimiter(string fileName, char delimiter)
    {
        var text = List.Replace("\"协和医院,西院\"", "协和医院西院", StringComparison.Ordinal).Replace(',', delimiter);

        var grid = Read(Encoding.UTF8.GetBytes(text), fileName, null);

        Assert.Equal("027-85726114", grid.Rows[2][4]?.Text);
    }

    [Fact]
    public void BinaryJunkNamedCsvIsRefused()
    {
        var junk = new byte[4096];
        new Random(7).NextBytes(junk);

        var error = Assert.Throws<InputRejectedException>(() => Read(junk, "junk.csv", null));

        Assert.Equal("junk.csv: this is not a text file (it holds binary data); a CSV/TSV/TXT list must be text", error.Message);
    }

    [Fact]
    public void AWrongEncodingOverrideNamesTheLineThatCannotBeRead()
    {
        var gbk = Encoding.GetEncoding("GB18030").GetBytes(List);

        var error = Assert.Throws<InputRejectedException>(() => Read(gbk, "list.csv", new UTF8Encoding(false)));

        Assert.StartsWith("list.csv: line 1 is not valid utf-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("--encoding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEncodingOverrideIsUsed()
    {
        var gbk = Encoding.GetEncoding("GB18030").GetBytes(List);

        var grid = Read(gbk, "list.csv", TextDecoding.ByName("gbk"));

        Assert.Equal("江岸区", grid.Rows[1][2]?.Text);
    }

    private static SourceGrid Read(byte[] bytes, string name, Encoding? encoding) =>
        Assert.Single(new DelimitedTextReader().Read(bytes, name, encoding).Grids);
}
