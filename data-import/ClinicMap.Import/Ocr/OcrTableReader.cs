using ClinicMap.Import.Readers;
using ClinicMap.Import.Stages;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// Reads one page image of a ruled table: <see cref="RuledTable"/> finds the cells, then each cell (a merged
/// region once) is recognised on its own, a few pixels inside the rules, as a single line (or a block when it
/// spans rows) — per-cell recognition does not read the rules as text, as whole-page recognition does. Pages
/// whose rows are under 24 px tall are first scaled up twice (the benchmark reads 18–22 px text best unscaled). Blank cells are not sent to Tesseract at all.
/// About 10 ms a cell on this machine with <c>OMP_THREAD_LIMIT=1</c>. A page without rules is read whole and its
/// word boxes laid out as a table (<see cref="WordTable"/>).
/// </summary>
public sealed class OcrTableReader(OcrEnginePool pool)
{
    private const int MinRowPixels = 24;
    private const int MinTitleConfidence = 50;

    /// <summary>
    /// The table on the page as a grid whose cells carry <see cref="OcrEvidence"/>, and the text above the table
    /// (the notice's title), or <c>null</c> when there is no ruled table.
    /// </summary>
    public (SourceGrid Grid, string? Title)? ReadPage(GrayImage page, int pageNumber, string name)
    {
        var grid = RuledTable.Detect(page);
        if (grid is null || grid.Rows < 2 || grid.Columns < 2)
            return ReadUnruled(page, pageNumber, name);
        var rowHeight = grid.RowRules.Zip(grid.RowRules.Skip(1), (a, b) => b - a).Order().ElementAt(grid.Rows / 2);
        var scale = rowHeight < MinRowPixels ? 2 : 1;
        using var scaled = scale == 1 ? null : page.Scale(scale);
        var image = scaled ?? page;
        var threshold = RuledTable.OtsuThreshold(page.Pixels);

        var cells = new GridCell?[grid.Rows, grid.Columns];
        string? title = null;
        using (var lease = pool.Rent())
        {
            lease.Engine.SetImage(image);
            // The notice's title usually sits on the lines just above the table, within its width.
            var above = grid.RowRules[0] - grid.RuleThickness - 2;
            if (above > 20)
            {
                var top = Math.Max(0, above - 3 * rowHeight);
                var left = Math.Max(0, grid.ColumnRules[0] - rowHeight);
                var (text, confidence) = lease.Engine.Recognize(left * scale, top * scale, (grid.ColumnRules[^1] - left) * scale, (above - top) * scale, TesseractEngine.SingleBlock);
                title = confidence >= MinTitleConfidence ? CleanTitle(text) : null;
            }
            foreach (var region in grid.Regions)
            {
                var box = new CellBox(pageNumber, region.X, region.Y, region.Width, region.Height);
                string? text = null;
                OcrEvidence? evidence = null;
                if (!IsBlank(page, region, threshold))
                {
                    var mode = region.LastRow > region.Row ? TesseractEngine.SingleBlock : TesseractEngine.SingleLine;
                    var (raw, confidence) = lease.Engine.Recognize(region.X * scale, region.Y * scale, region.Width * scale, region.Height * scale, mode);
                    // An inked cell read as nothing (bold headers on a blurred scan): try again treating it as a block, then as a raw line.
                    foreach (var retry in new[] { TesseractEngine.SingleBlock, TesseractEngine.RawLine })
                    {
                        if (raw.Length > 0 || retry == mode)
                            continue;
                        (raw, confidence) = lease.Engine.Recognize(region.X * scale, region.Y * scale, region.Width * scale, region.Height * scale, retry);
                    }
                    text = OcrText.Tidy(raw);
                    evidence = new OcrEvidence(text.Length == 0 ? 0 : confidence, box);
                    if (text.Length == 0)
                        text = null;
                }
                for (var r = region.Row; r <= region.LastRow; r++)
                {
                    for (var c = region.Column; c <= region.LastColumn; c++)
                    {
                        var origin = r == region.Row && c == region.Column ? ((int, int)?)null : (region.Row + 1, region.Column + 1);
                        cells[r, c] = new GridCell(c + 1, text, origin, evidence);
                    }
                }
            }
        }
        var rows = Enumerable.Range(0, grid.Rows)
            .Select(r => new GridRow(r + 1, Enumerable.Range(0, grid.Columns).Select(c => cells[r, c] ?? new GridCell(c + 1, null)).ToList()))
            .ToList();
        return (new SourceGrid(name, rows), title);
    }

    /// <summary>
    /// A table without rules: the page is recognised as one block, and its words (Tesseract's TSV, level 5) are
    /// laid out by <see cref="WordTable"/>; each cell keeps the lowest confidence of its words and their joint box.
    /// </summary>
    private (SourceGrid Grid, string? Title)? ReadUnruled(GrayImage page, int pageNumber, string name)
    {
        string tsv;
        using (var lease = pool.Rent())
        {
            lease.Engine.SetImage(page);
            tsv = lease.Engine.WordsTsv(TesseractEngine.SingleBlock);
        }
        var words = new List<PlacedWord>();
        foreach (var line in tsv.Split('\n'))
        {
            var f = line.Split('\t');
            if (f.Length < 12 || f[0] != "5" || f[11].Trim().Length == 0)
                continue;
            int left = int.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture), top = int.Parse(f[7], System.Globalization.CultureInfo.InvariantCulture);
            int width = int.Parse(f[8], System.Globalization.CultureInfo.InvariantCulture), height = int.Parse(f[9], System.Globalization.CultureInfo.InvariantCulture);
            var confidence = (int)Math.Round(double.Parse(f[10], System.Globalization.CultureInfo.InvariantCulture));
            words.Add(new PlacedWord(f[11].Trim(), left, top, left + width, top + height, Math.Clamp(confidence, 0, 100)));
        }
        var lines = WordTable.GroupLines(words, pageNumber);
        var table = WordTable.Build(lines, (column, cellWords) =>
        {
            if (cellWords.Count == 0)
                return new GridCell(column, null);
            var box = new CellBox(pageNumber, (int)cellWords.Min(w => w.XMin), (int)cellWords.Min(w => w.YMin),
                (int)(cellWords.Max(w => w.XMax) - cellWords.Min(w => w.XMin)), (int)(cellWords.Max(w => w.YMax) - cellWords.Min(w => w.YMin)));
            return new GridCell(column, OcrText.Tidy(string.Join(' ', cellWords.Select(w => w.Text))), Ocr: new OcrEvidence(cellWords.Min(w => w.Confidence), box));
        }, ColumnSynonyms.FieldOfMisread);
        if (table is not { } built || built.Rows.Count < 2)
            return null;
        var title = built.HeaderIndex > 0 ? CleanTitle(string.Join(' ', lines.Take(built.HeaderIndex).Select(l => l.Text))) : null;
        return (new SourceGrid(name, built.Rows), title);
    }

    private static string? CleanTitle(string text) => ClinicMap.Core.Text.TextNormalizer.Clean(OcrText.Tidy(text));

    /// <summary>Fewer than 0.3% ink pixels: nothing to read.</summary>
    private static bool IsBlank(GrayImage page, RuledTable.Region region, int threshold)
    {
        var dark = 0;
        for (var y = region.Y; y < region.Y + region.Height && y < page.Height; y++)
        {
            for (var x = region.X; x < region.X + region.Width && x < page.Width; x++)
            {
                if (page[x, y] < threshold)
                    dark++;
            }
        }
        return dark < 0.003 * region.Width * region.Height;
    }
}
