using System.IO.Compression;
using System.Text;

namespace ClinicMap.Import.Watch;

/// <summary>What a downloaded file's bytes are, whatever its name or Content-Type says.</summary>
public enum SniffedType
{
    Unknown,
    Xlsx,
    Docx,
    /// <summary>An OLE2 compound file: a legacy .xls or .doc.</summary>
    Ole,
    Pdf,
    Png,
    Jpeg,
    Html,
    /// <summary>Text that is not HTML: CSV, TSV, TXT.</summary>
    Text,
}

/// <summary>
/// Tells a download's type from its first bytes, and whether that agrees with its name. Commission sites serve
/// login pages under <c>.xlsx</c> names, workbooks as <c>application/octet-stream</c>, and attachments through
/// <c>download.jsp?id=…</c> with no extension at all; the readers choose by extension, so a file must be named for
/// what it is before the pipeline sees it. Magic numbers are facts of the formats, so no library is needed.
/// </summary>
public static class ContentSniffer
{
    public static SniffedType Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
            return SniffedType.Pdf;
        if (bytes.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
            return SniffedType.Png;
        if (bytes.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
            return SniffedType.Jpeg;
        if (bytes.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
            return SniffedType.Ole;
        if (bytes.StartsWith("PK\u0003\u0004"u8))
            return OfficeZip(bytes.ToArray());
        var head = bytes[..Math.Min(bytes.Length, 4096)];
        if (head.Contains((byte)0))
            return SniffedType.Unknown;
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('<') && (text.Contains("<html", StringComparison.OrdinalIgnoreCase) || text.Contains("<table", StringComparison.OrdinalIgnoreCase)
                                     || text.Contains("<!doctype", StringComparison.OrdinalIgnoreCase) || text.Contains("<body", StringComparison.OrdinalIgnoreCase)))
            return SniffedType.Html;
        return text.Length > 0 ? SniffedType.Text : SniffedType.Unknown;
    }

    /// <summary>What a file's extension promises, or <see cref="SniffedType.Unknown"/> for none the pipeline reads.</summary>
    public static SniffedType Promised(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".xlsx" or ".xlsm" => SniffedType.Xlsx,
        ".docx" => SniffedType.Docx,
        ".xls" or ".doc" or ".et" or ".wps" => SniffedType.Ole,
        ".pdf" => SniffedType.Pdf,
        ".png" => SniffedType.Png,
        ".jpg" or ".jpeg" => SniffedType.Jpeg,
        ".html" or ".htm" or ".shtml" => SniffedType.Html,
        ".csv" or ".tsv" or ".txt" => SniffedType.Text,
        _ => SniffedType.Unknown,
    };

    /// <summary>The extension a file of this type is read under.</summary>
    public static string Extension(SniffedType type) => type switch
    {
        SniffedType.Xlsx => ".xlsx",
        SniffedType.Docx => ".docx",
        SniffedType.Ole => ".xls",
        SniffedType.Pdf => ".pdf",
        SniffedType.Png => ".png",
        SniffedType.Jpeg => ".jpg",
        SniffedType.Html => ".html",
        SniffedType.Text => ".csv",
        _ => "",
    };

    /// <summary>A name for people: "a workbook (.xlsx)", "an HTML page".</summary>
    public static string Describe(SniffedType type) => type switch
    {
        SniffedType.Xlsx => "an Excel workbook (.xlsx)",
        SniffedType.Docx => "a Word document (.docx)",
        SniffedType.Ole => "a legacy Office file (.xls/.doc)",
        SniffedType.Pdf => "a PDF",
        SniffedType.Png => "a PNG image",
        SniffedType.Jpeg => "a JPEG image",
        SniffedType.Html => "an HTML page",
        SniffedType.Text => "plain text",
        _ => "of no type ClinicMap reads",
    };

    /// <summary>An Office Open XML package by its parts: <c>xl/</c> is a workbook, <c>word/</c> a document.</summary>
    private static SniffedType OfficeZip(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries.Take(200))
            {
                if (entry.FullName.StartsWith("xl/", StringComparison.Ordinal))
                    return SniffedType.Xlsx;
                if (entry.FullName.StartsWith("word/", StringComparison.Ordinal))
                    return SniffedType.Docx;
            }
        }
        catch (InvalidDataException)
        {
        }
        return SniffedType.Unknown;
    }
}
