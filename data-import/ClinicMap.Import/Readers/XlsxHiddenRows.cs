using System.IO.Compression;
using System.Xml.Linq;

namespace ClinicMap.Import.Readers;

/// <summary>
/// The hidden rows of each sheet of an XLSX package, read from the worksheet XML itself: ExcelDataReader
/// recognises Excel's <c>hidden="1"</c> but not the <c>hidden="true"</c> that LibreOffice writes, and a hidden
/// row must never slip into an import unannounced. O(rows).
/// </summary>
internal static class XlsxHiddenRows
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>Sheet name → 1-based numbers of its hidden rows (only sheets that have some).</summary>
    public static Dictionary<string, HashSet<int>> Read(byte[] package)
    {
        var result = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
        var workbook = Load(zip, "xl/workbook.xml");
        var rels = Load(zip, "xl/_rels/workbook.xml.rels");
        if (workbook is null || rels is null)
            return result;
        var targets = rels.Root!.Elements(PackageRelationships + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!, StringComparer.Ordinal);
        foreach (var sheet in workbook.Descendants(Main + "sheet"))
        {
            var id = (string?)sheet.Attribute(Relationships + "id");
            if (id is null || !targets.TryGetValue(id, out var target))
                continue;
            var path = target.StartsWith('/') ? target[1..] : "xl/" + target;
            var xml = Load(zip, path);
            var hidden = xml?.Descendants(Main + "row")
                .Where(r => (string?)r.Attribute("hidden") is "1" or "true")
                .Select(r => (int?)r.Attribute("r") ?? 0).Where(n => n > 0).ToHashSet();
            if (hidden is { Count: > 0 })
                result[(string)sheet.Attribute("name")!] = hidden;
        }
        return result;
    }

    private static XDocument? Load(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        if (entry is null)
            return null;
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }
}
