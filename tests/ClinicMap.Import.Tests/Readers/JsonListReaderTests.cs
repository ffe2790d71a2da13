using System.Text;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Readers;

public class JsonListReaderTests
{
    private readonly JsonListReader _reader = new();

    [Fact]
    public void ReadsEveryRowOfTheNestedNationalListWithWhereItCameFrom()
    {
        var table = _reader.Read(File.ReadAllBytes(RepositoryPaths.NationalSample), "national.json", null);

        Assert.Equal(6753, table.Records.Count);
        Assert.Equal(Enumerable.Range(1, 6753), table.Records.Select(r => r.RowNumber));
        var first = table.Records[0];
        Assert.Equal("provinceList[0].cityList[0].hospitalList", first.Sheet);
        Assert.Equal("北京市昔仁医院", first.Cells.Single(c => c.Key == "name").Value);
        Assert.Equal("false", first.Cells.Single(c => c.Key == "isDesignated").Value);
    }

    [Fact]
    public void ReadsAFlatArrayOfClinics()
    {
        var table = Read("""[{"city":"武汉市","district":"江汉区","name":"协和医院","id":0}, {"name":"同济医院","remark":null}]""");

        Assert.Equal(2, table.Records.Count);
        Assert.Null(table.Records[0].Sheet);
        Assert.Equal("0", table.Records[0].Cells.Single(c => c.Key == "id").Value);
        Assert.Null(table.Records[1].Cells.Single(c => c.Key == "remark").Value);
    }

    [Fact]
    public void AByteOrderMarkIsTolerated()
    {
        var table = _reader.Read([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("""[{"name":"协和医院"}]""")], "bom.json", null);

        Assert.Equal("协和医院", Assert.Single(table.Records).Cells.Single().Value);
    }

    [Fact]
    public void ANonObjectItemIsKeptAsARowSoItCanBeAccountedFor()
    {
        var table = Read("""[{"name":"协和医院"}, "a stray note"]""");

        Assert.Equal("a stray note", table.Records[1].Cells.Single().Value);
    }

    [Theory]
    [InlineData("""[{"name": "x"},""", "not valid JSON at line")]
    [InlineData("""{"hospitals": []}""", "expected a JSON array")]
    [InlineData("""{"provinceList": {"a": 1}}""", "'provinceList' should be a list")]
    public void MalformedJsonIsRejectedWithAMessageNamingFileAndPlace(string json, string expected)
    {
        var error = Assert.Throws<InputRejectedException>(() => Read(json));

        Assert.StartsWith("list.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private ReadDocument Read(string json)
    {
        return _reader.Read(Encoding.UTF8.GetBytes(json), "list.json", null);
    }
}
