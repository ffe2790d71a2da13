using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using ClinicMap.Core.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// PDFs with a text layer, through poppler's <c>pdftotext -bbox</c> (every word with its box); the table is laid out
/// by the rules the pages draw (<see cref="PdfRuledTable"/>, when a page reader is given to find them) or else
/// rebuilt from the words by <see cref="WordTable"/>, across pages, and the first line above the header is the title. A
/// file whose pages have no words at all is scanned: each page is rasterised at 300 dpi and read by OCR
/// (<see cref="IPageReader"/>) when one is given, else refused whole.
/// </summary>
public sealed class PdfTextReader(IPageReader? ocr = null) : ITableReader
{
    private const string Pdftotext = "pdftotext";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    public bool CanRead(string fileName, ReadOnlySpan<byte> head) =>
        fileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || head.StartsWith("%PDF-"u8);

    public ReadDocument Read(byte[] content, string fileName, Encoding? encoding)
    {
        if (!content.AsSpan().StartsWith("%PDF-"u8))
            throw new InputRejectedException($"{fileName}: not a PDF (it does not start with %PDF-)");
        var bytes = content;
        var pages = ExtractWords(bytes, fileName);
        var empty = pages.Select((words, i) => (words, page: i + 1)).Where(p => p.words.Count == 0).Select(p => p.page).ToList();
        if (empty.Count > 0 && ocr is null)
            throw new OcrRequiredException($"{fileName}: page{(empty.Count > 1 ? "s" : "")} {string.Join(", ", empty)} of {pages.Count} ha{(empty.Count > 1 ? "ve" : "s")} no text layer (scanned); it needs OCR");
        if (empty.Count > 0)
        {
            if (empty.Count < pages.Count)
                throw new OcrRequiredException($"{fileName}: pages {string.Join(", ", empty)} are scanned and the others are text; split the file so each part is read one way");
            return ReadScanned(bytes, fileName, pages.Count, ocr!);
        }

        if (ocr is not null && pages.Count <= MaxRuledPages && PdfRuledTable.Build(pages, FindRules(bytes, fileName, pages, ocr)) is var (ruledRows, above))
        {
            var text = above.Select(l => l.Text).Concat(ruledRows.SelectMany(r => r.Cells).Select(c => c.Text).OfType<string>());
            return ReadDocument.OfGrids([new SourceGrid(pages.Count == 1 ? "page 1" : $"pages 1–{pages.Count}", ruledRows)],
                above.Count > 0 ? TextNormalizer.Clean(above[0].Text) : null, DocumentDates.Find(string.Join('\n', text)));
        }
        var lines = pages.SelectMany((words, i) => WordTable.GroupLines(words, i + 1)).ToList();
        var table = WordTable.Build(lines, (column, words) => new GridCell(column, TextNormalizer.Clean(WordTable.CellText(words))), ColumnSynonyms.FieldOf);
        if (table is not { } built)
            return ReadDocument.OfGrids([new SourceGrid("pages", lines.Select((l, i) => new GridRow(i + 1, [new GridCell(1, l.Text)])).ToList())]);
        var title = built.HeaderIndex > 0 ? TextNormalizer.Clean(lines[0].Text) : null;
        var date = DocumentDates.Find(string.Join('\n', lines.Select(l => l.Text)));
        return ReadDocument.OfGrids([new SourceGrid(pages.Count == 1 ? "page 1" : $"pages 1–{pages.Count}", built.Rows)], title, date);
    }

    /// <summary>
    /// Every page's scan taken out of the PDF (pdfimages), or the page rasterised in grey (pdftoppm) at the scan's
    /// resolution, so the OCR sees the scanner's pixels unresampled — it scales small text up itself — and read by
    /// OCR, one grid per page.
    /// </summary>
    private static ReadDocument ReadScanned(byte[] bytes, string fileName, int pageCount, IPageReader ocr)
    {
        if (pageCount > MaxScannedPages)
            throw new InputRejectedException($"{fileName}: {pageCount} scanned pages; OCR reads at most {MaxScannedPages} pages of one file (split it)");
        var folder = Directory.CreateTempSubdirectory("clinicmap-scan-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "in.pdf");
            File.WriteAllBytes(pdf, bytes);
            var list = ScannedImages(Run("pdfimages", ["-list", pdf], fileName));
            var dpi = list.Count == 0 ? 300 : Math.Clamp(list.MaxBy(i => i.Pixels).Ppi, 100, 600);
            // One image a page (what a scanner writes): take the images themselves, JPEG bytes untouched — several
            // times faster than rasterising, and the very pixels scanned. Anything else is rasterised.
            if (list.Count == pageCount && list.Select(i => i.Page).Distinct().Count() == pageCount)
                Run("pdfimages", ["-j", "-png", pdf, Path.Combine(folder.FullName, "page")], fileName);
            else
                Run("pdftoppm", ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-png", pdf, Path.Combine(folder.FullName, "page")], fileName);
            var grids = new List<SourceGrid>();
            var pageImages = new List<byte[]>();
            string? title = null;
            var images = Directory.GetFiles(folder.FullName, "page*").Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < images.Count; i++)
            {
                var page = ocr.ReadPage(File.ReadAllBytes(images[i]), $"{fileName} page {i + 1}", i + 1, $"page {i + 1}", lossy: images[i].EndsWith(".jpg", StringComparison.Ordinal));
                grids.Add(page.Grid ?? throw new InputRejectedException($"{fileName}: no table found on scanned page {i + 1}"));
                pageImages.Add(page.Png);
                title ??= page.Title;
            }
            return ReadDocument.OfGrids(grids, title, DocumentDates.Find(title), [$"read by OCR from {pageCount} scanned page{(pageCount > 1 ? "s" : "")} at {dpi} dpi"])
                with { PageImages = pageImages };
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The most pages of a text PDF rasterised to find its rules; a longer one is laid out from its words alone.</summary>
    public const int MaxRuledPages = 200;

    /// <summary>Each page's ruled cells (<see cref="IPageReader.FindRules"/>), the page rasterised in grey at <see cref="PdfRuledTable.Dpi"/> and its words left out.</summary>
    private static List<PageRules?> FindRules(byte[] bytes, string fileName, List<List<PlacedWord>> pages, IPageReader reader)
    {
        var folder = Directory.CreateTempSubdirectory("clinicmap-rules-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "in.pdf");
            File.WriteAllBytes(pdf, bytes);
            Run("pdftoppm", ["-r", PdfRuledTable.Dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-png", "-l", pages.Count.ToString(CultureInfo.InvariantCulture), pdf, Path.Combine(folder.FullName, "page")], fileName);
            var images = Directory.GetFiles(folder.FullName, "page*").Order(StringComparer.Ordinal).ToList();
            return images.Count != pages.Count ? [.. new PageRules?[pages.Count]]
                : images.Select((image, i) => Rules(reader, File.ReadAllBytes(image), $"{fileName} page {i + 1}", pages[i])).ToList();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A page's rules, or none when its raster cannot be read as an image (a page too large to decode): its words are then laid out without rules.</summary>
    private static PageRules? Rules(IPageReader reader, byte[] image, string name, List<PlacedWord> words)
    {
        try
        {
            return reader.FindRules(image, name, words.Select(PdfRuledTable.Ink).ToList());
        }
        catch (InputRejectedException)
        {
            return null;
        }
    }

    /// <summary>The page, size in pixels and horizontal resolution of each image in <c>pdfimages -list</c>'s table (masks left out).</summary>
    public static List<(int Page, long Pixels, int Ppi)> ScannedImages(string imageList) =>
        imageList.Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 14 && int.TryParse(f[0], CultureInfo.InvariantCulture, out _) && f[2] == "image")
            .Select(f => (int.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture) * long.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[12], CultureInfo.InvariantCulture)))
            .ToList();

    private static List<List<PlacedWord>> ExtractWords(byte[] bytes, string fileName)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clinicmap-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(path, bytes);
            // The first pages only: a PDF of 100,000 pages is refused as the list it is not, without reading it all.
            var output = Run(Pdftotext, ["-bbox", "-enc", "UTF-8", "-q", "-l", (CellBudget.MaxPdfPages + 1).ToString(CultureInfo.InvariantCulture), path, "-"], fileName);
            var xml = XDocument.Parse(output);
            var pageCount = xml.Descendants(Xhtml + "page").Count();
            if (pageCount > CellBudget.MaxPdfPages)
                throw new InputRejectedException($"{fileName}: more than {CellBudget.MaxPdfPages} pages; refusing the file (split it into lists of fewer pages)");
            if (xml.Descendants(Xhtml + "word").Count() > CellBudget.MaxCells * 4)
                throw new InputRejectedException($"{fileName}: more than {CellBudget.MaxCells * 4:N0} words of text; refusing the file (a real list has far fewer)");
            return xml.Descendants(Xhtml + "page").Select(page => page.Descendants(Xhtml + "word").Select(ParseWord).Where(w => w.Text.Length > 0).ToList()).ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs a poppler tool with a 120 s limit; its stdout, or a refusal naming the file.</summary>
    private static string Run(string tool, string[] arguments, string fileName)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InputRejectedException($"{fileName}: reading PDFs needs {tool} (Debian package poppler-utils), which is not installed", e);
        }
        using (process)
        {
            var stdout = ReadBoundedAsync(process.StandardOutput, MaxToolOutputCharacters);
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new InputRejectedException($"{fileName}: {tool} took longer than 120 s; refusing the file");
            }
            if (process.ExitCode != 0)
                throw new InputRejectedException($"{fileName}: not a readable PDF ({tool} exit {process.ExitCode}: {stderr.Result.Trim()})");
            return stdout.Result ?? throw new InputRejectedException($"{fileName}: {tool} wrote more than {MaxToolOutputCharacters:N0} characters; refusing the file");
        }
    }

    /// <summary>The most scanned pages read by OCR from one PDF: a few seconds of OCR a page.</summary>
    public const int MaxScannedPages = 60;

    /// <summary>The most text read from a poppler tool: ~40 bytes of XML a word, for four times a budget's cells.</summary>
    private const int MaxToolOutputCharacters = 64 * 1024 * 1024;

    /// <summary>Reads the stream to its end, or returns null (and drains the rest) past <paramref name="max"/> characters.</summary>
    private static async Task<string?> ReadBoundedAsync(StreamReader reader, int max)
    {
        var text = new StringBuilder();
        var buffer = new char[81920];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            if (text.Length + read > max)
            {
                while (await reader.ReadAsync(buffer) > 0)
                {
                }
                return null;
            }
            text.Append(buffer, 0, read);
        }
        return text.ToString();
    }

    private static PlacedWord ParseWord(XElement e) => new(
        e.Value.Trim(),
        double.Parse(e.Attribute("xMin")!.Value, CultureInfo.InvariantCulture),
        double.Parse(e.Attribute("yMin")!.Value, CultureInfo.InvariantCulture),
        double.Parse(e.Attribute("xMax")!.Value, CultureInfo.InvariantCulture),
        double.Parse(e.Attribute("yMax")!.Value, CultureInfo.InvariantCulture));

}
