using System.IO.Compression;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Readers;

public class ExcelReaderTests
{
    private static ReadDocument ReadSample(string name)
    {
        return new ExcelReader().Read(File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, name)), name, null);
    }

    [Fact]
    public void EverySheetIsReadWithMergedCellsExpanded()
    {
        var document = ReadSample("hubei-fever-clinics.xlsx");

        Assert.Equal(["黄石市", "十堰市", "宜昌市"], document.Grids.Select(g => g.Name));
        var huangshi = document.Grids[0];
        Assert.Equal("序号", huangshi.Rows[1][1]?.Text);
        Assert.Equal("所在地区", huangshi.Rows[1][3]?.Text);          // B2:C2 merged across
        Assert.Equal((2, 2), huangshi.Rows[1][3]?.MergedFrom);
        Assert.Equal("区县", huangshi.Rows[2][3]?.Text);
        Assert.Equal("黄石市", huangshi.Rows[10][2]?.Text);            // B4:B… merged down
        Assert.Equal((4, 2), huangshi.Rows[10][2]?.MergedFrom);
    }

    [Fact]
    public void HiddenRowsAreMarkedAndReported()
    {
        var document = ReadSample("hubei-fever-clinics.xlsx");

        var shiyan = document.Grids[1];
        var hidden = Assert.Single(shiyan.Rows, r => r.Hidden);
        Assert.Equal(36, hidden.Number);
        Assert.Contains("sheet '十堰市': hidden rows 36 were not imported", document.Notices!);
    }

    [Fact]
    public void LegacyXlsIsRead()
    {
        var document = ReadSample("xiaogan-fever-clinics.xls");

        var grid = Assert.Single(document.Grids);
        Assert.Equal("孝感市", grid.Name);
        Assert.Equal("医疗机构名称", grid.Rows[1][2]?.Text);
        Assert.StartsWith("一、", grid.Rows[2][1]?.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedWorkbookIsRefusedNamingTheFile()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "hubei-fever-clinics.xlsx"));

        var error = Assert.Throws<InputRejectedException>(() => new ExcelReader().Read(bytes[..(bytes.Length / 2)], "cut.xlsx", null));

        Assert.StartsWith("cut.xlsx: the file is truncated or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACorruptWorkbookIsRefusedNamingTheFile()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "xiaogan-fever-clinics.xls"));
        new Random(3).NextBytes(bytes.AsSpan(512, bytes.Length - 512));

        var error = Assert.Throws<InputRejectedException>(() => new ExcelReader().Read(bytes, "broken.xls", null));

        Assert.StartsWith("broken.xls: not a readable Excel workbook", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AZipBombIsRefusedBeforeAnythingInflatesIt()
    {
        var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("xl/workbook.xml").Open().Dispose();
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++)
                entry.Write(zeros);
        }

        var error = Assert.Throws<InputRejectedException>(() => new ExcelReader().Read(bomb.ToArray(), "bomb.xlsx", null));

        Assert.Contains("bomb.xlsx: entry 'xl/worksheets/sheet1.xml' inflates", error.Message, StringComparison.Ordinal);
        Assert.Contains("zip bomb", error.Message, StringComparison.Ordinal);
    }
}
