using System.IO.Compression;
using System.Text;
using ClinicMap.Core.Clinics;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests;

/// <summary>Files that must be refused whole: a clear message naming the file (and place), no crash, nothing staged.</summary>
public sealed class BadInputTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>, IDisposable
{
    private static readonly ImportOptions Options = new("测试", null, null, ClinicKind.FeverClinic, "tests");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("clinicmap-bad-input-");

    static BadInputTests() => TextDecoding.RegisterCodePages();

    public static TheoryData<string, string> Cases => new()
    {
        { "truncated.xlsx", "truncated.xlsx: the file is truncated or corrupt" },
        { "corrupt.xls", "corrupt.xls: not a readable Excel workbook" },
        { "bomb.xlsx", "bomb.xlsx: entry 'xl/worksheets/sheet1.xml' inflates" },
        { "bomb.docx", "bomb.docx: entry 'word/document.xml' inflates" },
        { "not-a-workbook.xlsx", "not-a-workbook.xlsx: not an Excel workbook" },
        { "junk.csv", "junk.csv: this is not a text file" },
        { "empty.csv", "empty.csv: the file is empty (0 bytes)" },
        { "huge.csv", "huge.csv: 209,715,200 bytes is over the 52,428,800-byte limit" },
        { "wrong-encoding.csv", "wrong-encoding.csv: line 1 is not valid utf-8" },
        { "no-header.csv", "no-header.csv: no table with a recognisable header" },
        { "no-header.xlsx", "no-header.xlsx: no table with a recognisable header" },
        { "scanned.pdf", "scanned.pdf: no table found on scanned page 1" },
        { "photo.png", "photo.png: the image cannot be decoded" },
        { "fake.png", "fake.png: named like an image, but its bytes are not" },
        { "broken.pdf", "broken.pdf: not a PDF" },
        { "list.doc", "list.doc: legacy Word .doc is not read" },
        { "list.rtf", "list.rtf: unsupported format" },
        { "sparse.xlsx", "sparse.xlsx: sheet '" },
        { "spans.html", "spans.html: table 1 expands to more than 250,000 cells" },
        { "commas.csv", "commas.csv: the table expands to more than 250,000 cells" },
        { "many-pages.pdf", "many-pages.pdf: more than 500 pages" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task IsRefusedWithAMessageNamingTheFileAndNothingIsStaged(string name, string expected)
    {
        var path = Make(name);
        var before = await database.ScalarAsync<long>("SELECT count(*) FROM import_rows");
        var options = name == "wrong-encoding.csv" ? Options with { Encoding = new UTF8Encoding(false) } : Options;

        var error = await Assert.ThrowsAnyAsync<InputRejectedException>(() =>
            PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(database.DataSource) }).RunAsync(path, options, dryRun: false));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await database.ScalarAsync<long>("SELECT count(*) FROM import_rows"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM source_documents WHERE file_name = $1", name));
    }

    private string Make(string name)
    {
        var path = Path.Combine(_folder.FullName, name);
        var sample = File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "hubei-fever-clinics.xlsx"));
        switch (name)
        {
            case "truncated.xlsx":
                File.WriteAllBytes(path, sample[..(sample.Length / 3)]);
                break;
            case "corrupt.xls":
                var xls = File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "xiaogan-fever-clinics.xls"));
                new Random(11).NextBytes(xls.AsSpan(512));
                File.WriteAllBytes(path, xls);
                break;
            case "bomb.xlsx":
                File.WriteAllBytes(path, Bomb("xl/workbook.xml", "xl/worksheets/sheet1.xml"));
                break;
            case "bomb.docx":
                File.WriteAllBytes(path, Bomb("[Content_Types].xml", "word/document.xml"));
                break;
            case "not-a-workbook.xlsx":
                File.WriteAllText(path, "序号,医院名称\n1,某医院\n");
                break;
            case "junk.csv":
                var junk = new byte[10_000];
                new Random(5).NextBytes(junk);
                File.WriteAllBytes(path, junk);
                break;
            case "empty.csv":
                File.WriteAllBytes(path, []);
                break;
            case "huge.csv":
                using (var huge = File.Create(path))
                    huge.SetLength(200L * 1024 * 1024);
                break;
            case "wrong-encoding.csv":
                File.WriteAllBytes(path, File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "wuhan-fever-clinics-gb18030.csv")));
                break;
            case "no-header.csv":
                File.WriteAllText(path, "甲,乙,丙\n1,2,3\n4,5,6\n");
                break;
            case "no-header.xlsx":
                File.WriteAllBytes(path, File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "hubei-fever-clinics.xlsx")));
                return RenameHeaders(path);
            case "scanned.pdf":
                File.WriteAllBytes(path, Readers.ScannedPdf.Bytes());
                break;
            case "photo.png":
                File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]);
                break;
            case "fake.png":
                File.WriteAllText(path, "this is not an image");
                break;
            case "broken.pdf":
                File.WriteAllText(path, "<html>not a pdf</html>");
                break;
            case "sparse.xlsx":
                // 1.5 KB more, one cell at the sheet's last row and column: 16,384 columns by a million rows.
                File.WriteAllBytes(path, RewriteSheet(sample, xml => xml.Replace("</sheetData>",
                    "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>", StringComparison.Ordinal)));
                break;
            case "spans.html":
                File.WriteAllText(path, "<html><body><table><tr><th>医院名称</th><th>地址</th></tr><tr>"
                    + string.Concat(Enumerable.Repeat("<td rowspan=\"1000\" colspan=\"100\">某医院</td>", 20)) + "</tr></table></body></html>");
                break;
            case "commas.csv":
                File.WriteAllText(path, "医院名称,地址\n" + new string(',', 300_000) + "\n");
                break;
            case "many-pages.pdf":
                File.WriteAllBytes(path, BlankPdf(600));
                break;
            default:
                File.WriteAllText(path, "{\\rtf1 序号 医院名称}");
                break;
        }
        return path;
    }

    /// <summary>A copy of the workbook whose header words are replaced, so no sheet has a recognisable header.</summary>
    private static string RenameHeaders(string path)
    {
        var bytes = File.ReadAllBytes(path);
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var text = reader.ReadToEnd();
                foreach (var word in new[] { "医院名称", "联系电话", "开诊时间", "区县", "序号", "所在地区" })
                    text = text.Replace(word, "栏目", StringComparison.Ordinal);
                using var writer = new StreamWriter(target.CreateEntry(entry.FullName).Open());
                writer.Write(text);
            }
        }
        File.WriteAllBytes(path, output.ToArray());
        return path;
    }

    /// <summary>The workbook with its first sheet's XML rewritten.</summary>
    internal static byte[] RewriteSheet(byte[] workbook, Func<string, string> rewrite)
    {
        using var output = new MemoryStream();
        output.Write(workbook);
        using (var archive = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            var sheet = archive.Entries.First(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(sheet.Open()))
                xml = reader.ReadToEnd();
            var name = sheet.FullName;
            sheet.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(name).Open());
            writer.Write(rewrite(xml));
        }
        return output.ToArray();
    }

    /// <summary>A valid PDF of <paramref name="pages"/> blank pages, written object by object with its cross-reference table.</summary>
    private static byte[] BlankPdf(int pages)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        void Add(string body)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(FormattableString.Invariant($"{offsets.Count} 0 obj\n{body}\nendobj\n"));
        }
        Add("<< /Type /Catalog /Pages 2 0 R >>");
        Add(FormattableString.Invariant($"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(3, pages).Select(i => FormattableString.Invariant($"{i} 0 R")))}] /Count {pages} >>"));
        for (var i = 0; i < pages; i++)
            Add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>");
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(FormattableString.Invariant($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
            pdf.Append(FormattableString.Invariant($"{offset:D10} 00000 n \n"));
        pdf.Append(FormattableString.Invariant($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    [Fact]
    public void EightyThousandFootnoteMarksAreTrimmedInOnePass()
    {
        var name = new string('*', 80_000) + "某医院" + new string('※', 80_000);
        var asked = 0;

        var trimmed = ClinicMap.Import.Pipeline.Stages.CleanStage.StripFootnoteMarks(name);
        var counted = ClinicMap.Import.Pipeline.Stages.CleanStage.TrimMarks(name, c => { asked++; return c is '*' or '※'; });

        // One question per character at most (a backtracking pattern asks about the run again from every position).
        Assert.Equal("某医院", trimmed);
        Assert.Equal("某医院", counted);
        Assert.InRange(asked, 1, name.Length);
    }

    private static byte[] Bomb(string marker, string payload)
    {
        var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry(marker).Open().Dispose();
            using var entry = zip.CreateEntry(payload, CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++)
                entry.Write(zeros);
        }
        return bomb.ToArray();
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
