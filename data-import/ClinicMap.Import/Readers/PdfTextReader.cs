using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using ClinicMap.Core.Text;
using ClinicMap.Import.Ocr;
using ClinicMap.Import.Stages;

namespace ClinicMap.Import.Readers;

/// <summary>
/// PDFs with a text layer, through poppler's <c>pdftotext -bbox</c> (every word with its box). Words are grouped
/// into lines by their vertical centre; the first line that names at least two known columns is the header, and
/// its words anchor the columns: each boundary falls in the gap between two header words where the fewest body
/// words straddle it. Every later line, across pages, becomes one <see cref="GridRow"/>; a line with nothing in
/// the first column directly under a row is that row's wrapped continuation. The first line above the header
/// is the title. A page without any word has no text layer: the file needs OCR and is refused whole until OCR exists.
/// </summary>
public sealed class PdfTextReader(OcrEnginePool? ocr = null) : ITableReader
{
    private const string Pdftotext = "pdftotext";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    public bool CanRead(string fileName, ReadOnlySpan<byte> head) =>
        fileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || head.StartsWith("%PDF-"u8);

    public ReadDocument Read(Stream content, string fileName, Encoding? encoding)
    {
        var head = new byte[5];
        if (content.Read(head, 0, 5) < 5 || !head.AsSpan().SequenceEqual("%PDF-"u8))
            throw new InputRejectedException($"{fileName}: not a PDF (it does not start with %PDF-)");
        content.Position = 0;
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();
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

        var lines = pages.SelectMany((words, i) => GroupLines(words, i)).ToList();
        var headerIndex = lines.FindIndex(l => l.Words.Count(w => ColumnSynonyms.FieldOf(w.Text) is not null) >= 2);
        if (headerIndex < 0)
            return ReadDocument.OfGrids([new SourceGrid("pages", lines.Select((l, i) => new GridRow(i + 1, [new GridCell(1, l.Text)])).ToList())]);

        var header = lines[headerIndex];
        var body = lines.Skip(headerIndex + 1).ToList();
        var bounds = ColumnBounds(header, body);
        var rows = new List<GridRow>();
        var number = 0;
        foreach (var line in lines.Take(headerIndex + 1).Concat(body))
        {
            number++;
            var cells = Enumerable.Range(1, bounds.Count + 1)
                .Select(c => new GridCell(c, TextNormalizer.Clean(string.Join(' ', line.Words.Where(w => ColumnOf(w, bounds) == c).Select(w => w.Text)))))
                .ToList();
            var isBody = number > headerIndex + 1;
            if (isBody && rows.Count > headerIndex + 1 && cells[0].IsBlank && !cells.All(c => c.IsBlank)
                && line.Page == rows[^1].Top.Page() && line.Top - rows[^1].Top.Y() < 2.2 * line.Height)
            {
                rows[^1] = Continue(rows[^1], cells);
                continue;
            }
            rows.Add(new GridRow(number, cells, Top: PageTop.Of(line.Page, line.Top)));
        }
        var title = headerIndex > 0 ? TextNormalizer.Clean(lines[0].Text) : null;
        var date = DocumentDates.Find(string.Join('\n', lines.Select(l => l.Text)));
        return ReadDocument.OfGrids([new SourceGrid(pages.Count == 1 ? "page 1" : $"pages 1–{pages.Count}", rows)], title, date);
    }

    private static GridRow Continue(GridRow row, List<GridCell> more) => row with
    {
        Cells = row.Cells.Select(c => more[c.Column - 1].IsBlank ? c : c with { Text = TextNormalizer.Clean($"{c.Text}{more[c.Column - 1].Text}") }).ToList(),
    };

    private static int ColumnOf(Word word, IReadOnlyList<double> bounds)
    {
        // Cells are left-aligned or centred inside their column, so a word's left edge tells its column; a note
        // that runs across the page starts in the first column and so is never mistaken for a wrapped cell.
        var left = word.XMin + 0.5;
        var column = 1;
        foreach (var bound in bounds)
        {
            if (left > bound)
                column++;
        }
        return column;
    }

    /// <summary>Boundaries between consecutive header words, each where the fewest body words straddle it.</summary>
    private static List<double> ColumnBounds(Line header, List<Line> body)
    {
        var bodyWords = body.SelectMany(l => l.Words).ToList();
        var bounds = new List<double>();
        for (var i = 0; i + 1 < header.Words.Count; i++)
        {
            double from = header.Words[i].XMax, to = header.Words[i + 1].XMin;
            if (to <= from)
            {
                bounds.Add((from + to) / 2);
                continue;
            }
            var best = (from + to) / 2;
            var fewest = int.MaxValue;
            for (var step = 0; step <= 20; step++)
            {
                var x = from + (to - from) * step / 20;
                var straddling = bodyWords.Count(w => w.XMin < x && w.XMax > x);
                if (straddling < fewest || straddling == fewest && Math.Abs(x - (from + to) / 2) < Math.Abs(best - (from + to) / 2))
                    (best, fewest) = (x, straddling);
            }
            bounds.Add(best);
        }
        return bounds;
    }

    private static List<Line> GroupLines(List<Word> words, int pageIndex)
    {
        var lines = new List<Line>();
        foreach (var word in words.OrderBy(w => (w.YMin + w.YMax) / 2).ThenBy(w => w.XMin))
        {
            var centre = (word.YMin + word.YMax) / 2;
            var line = lines.LastOrDefault();
            if (line is not null && Math.Abs(centre - line.Centre) <= 0.5 * Math.Max(line.Height, word.YMax - word.YMin))
                line.Words.Add(word);
            else
                lines.Add(new Line(pageIndex + 1, [word]));
        }
        foreach (var line in lines)
            line.Words.Sort((a, b) => a.XMin.CompareTo(b.XMin));
        return lines;
    }

    /// <summary>Every page rasterised at 300 dpi in grey (pdftoppm): Tesseract reads a 150-dpi scan better upsampled and read by OCR, one grid per page.</summary>
    private static ReadDocument ReadScanned(byte[] bytes, string fileName, int pageCount, OcrEnginePool ocr)
    {
        var folder = Directory.CreateTempSubdirectory("clinicmap-scan-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "in.pdf");
            File.WriteAllBytes(pdf, bytes);
            Run("pdftoppm", ["-r", "300", "-gray", "-png", pdf, Path.Combine(folder.FullName, "page")], fileName);
            var grids = new List<SourceGrid>();
            string? title = null;
            var images = Directory.GetFiles(folder.FullName, "page*.png").Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < images.Count; i++)
            {
                using var image = GrayImage.Decode(File.ReadAllBytes(images[i]), $"{fileName} page {i + 1}");
                var (grid, pageTitle) = new OcrTableReader(ocr).ReadPage(image, i + 1, $"page {i + 1}")
                    ?? throw new InputRejectedException($"{fileName}: no ruled table found on scanned page {i + 1}");
                grids.Add(grid);
                title ??= pageTitle;
            }
            return ReadDocument.OfGrids(grids, title, DocumentDates.Find(title), [$"read by OCR from {pageCount} scanned page{(pageCount > 1 ? "s" : "")} at 300 dpi"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static List<List<Word>> ExtractWords(byte[] bytes, string fileName)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clinicmap-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(path, bytes);
            var xml = XDocument.Parse(Run(Pdftotext, ["-bbox", "-enc", "UTF-8", "-q", path, "-"], fileName));
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
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new InputRejectedException($"{fileName}: {tool} took longer than 120 s; refusing the file");
            }
            if (process.ExitCode != 0)
                throw new InputRejectedException($"{fileName}: not a readable PDF ({tool} exit {process.ExitCode}: {stderr.Result.Trim()})");
            return stdout.Result;
        }
    }

    private static Word ParseWord(XElement e) => new(
        e.Value.Trim(),
        double.Parse(e.Attribute("xMin")!.Value, CultureInfo.InvariantCulture),
        double.Parse(e.Attribute("yMin")!.Value, CultureInfo.InvariantCulture),
        double.Parse(e.Attribute("xMax")!.Value, CultureInfo.InvariantCulture),
        double.Parse(e.Attribute("yMax")!.Value, CultureInfo.InvariantCulture));

    private sealed record Word(string Text, double XMin, double YMin, double XMax, double YMax);

    private sealed class Line(int page, List<Word> words)
    {
        public int Page { get; } = page;

        public List<Word> Words { get; } = words;

        public double Top => Words.Min(w => w.YMin);

        public double Centre => Words.Average(w => (w.YMin + w.YMax) / 2);

        public double Height => Words.Max(w => w.YMax - w.YMin);

        public string Text => string.Join(' ', Words.Select(w => w.Text));
    }
}
