using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Ocr.Reading;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// A table without rules, when PaddleOCR's detected text lines do not make one out (<see cref="DetectedPage"/>, tried
/// first). Tesseract's layout analysis finds the text lines (each a whole row); lines are read from
/// the top until one names at least two known columns — the header, whose words tell how many columns there are. The
/// columns are then found from the ink (<see cref="UnruledTable"/>), every line's cell in every column is read on its
/// own like a ruled cell, and the table is laid out from those cells by <see cref="WordTable"/> (header, wrapped
/// lines). When no header is found or the ink does not show the header's columns, the page is read whole by
/// Tesseract (<see cref="ReadWords"/>).
/// </summary>
internal sealed class UnruledPage(OcrEnginePool pool, CellReader cells)
{
    /// <summary>How many lines of title may stand above an unruled table's header.</summary>
    private const int MaxLinesAboveHeader = 6;

    public (SourceGrid Grid, string? Title)? Read(GrayImage page, int pageNumber, string name, bool lossy)
    {
        var (layout, header, expected, title) = FindTable(page, pageNumber);
        if (header < 0)
            return Otherwise(page, pageNumber, name);

        // Each layout line as one word spanning it: enough for the gutters, the bands and the row spacing.
        var tableLines = layout.Skip(header).Select(b => new WordTable.Line(pageNumber, [new PlacedWord("", b.X, b.Y, b.X + b.Width, b.Y + b.Height)])).ToList();
        var threshold = page.OtsuThreshold();
        if (UnruledTable.Columns(page, tableLines, threshold, expected) is not { } columns)
            return Otherwise(page, pageNumber, name);

        var (crops, inks) = Crops(page, tableLines, columns, threshold);
        var textHeight = tableLines.Select(l => l.Height).Order().ElementAt(tableLines.Count / 2);
        var scale = lossy && textHeight < RuledPage.MinLossyTextPixels ? 2 : 1;
        using var scaled = scale == 1 ? null : page.Scale(scale);
        var read = cells.ReadCells(scaled ?? page, scale, crops, pageNumber, lossy);
        var evidence = new Dictionary<PlacedWord, OcrEvidence>();
        var cellLines = tableLines.Select(_ => new List<PlacedWord>()).ToList();
        for (var k = 0; k < crops.Count; k++)
        {
            if (read[k] is not (string text, OcrEvidence cell))
                continue;
            // The word spans the cell's ink, so the gutters between cells stay visible to the layout.
            var word = new PlacedWord(text, inks[k].Left, inks[k].Top, inks[k].Right, inks[k].Bottom, cell.Confidence);
            evidence[word] = cell;
            cellLines[crops[k].Row].Add(word);
        }
        GridCell Cell(int column, IReadOnlyList<PlacedWord> cellWords) => cellWords switch
        {
            [] => new GridCell(column, null),
            [var one] => new GridCell(column, one.Text, Ocr: evidence[one]),
            _ => WordsCell(column, cellWords, pageNumber),
        };
        var table = WordTable.Build(cellLines.Where(w => w.Count > 0).Select(w => new WordTable.Line(pageNumber, w)).ToList(), Cell, ColumnSynonyms.FieldOfMisread);
        // The cells' header must have found at least the columns the header's words named.
        if (table is { HeaderIndex: 0 } built && built.Rows.Count >= 2 && built.Rows[0].Cells.Count >= expected)
            return (new SourceGrid(name, built.Rows), title);
        return Otherwise(page, pageNumber, name);
    }

    /// <summary>When Tesseract's layout does not make out the table: the page's words read whole.</summary>
    private (SourceGrid Grid, string? Title)? Otherwise(GrayImage page, int pageNumber, string name) => ReadWords(page, pageNumber, name);

    /// <summary>The page's text lines (tiny ones left out), the header's index among them (-1 for none), how many columns it names, and the title above it.</summary>
    private (IReadOnlyList<CellBox> Layout, int Header, int Expected, string? Title) FindTable(GrayImage page, int pageNumber)
    {
        using var lease = pool.Rent();
        lease.Engine.SetImage(page);
        var layout = lease.Engine.TextLines();
        if (layout.Count > 0)
        {
            var usual = layout.Select(l => l.Height).Order().ElementAt(layout.Count / 2);
            layout = layout.Where(l => l.Height >= usual / 2).ToList();
        }
        var (header, expected, above) = FindHeader(lease.Engine, page, layout, pageNumber);
        var title = header > 0 && above.Count > 0 ? Title(lease.Engine, page, layout.Take(header).ToList(), above) : null;
        return (layout, header, expected, title);
    }

    /// <summary>Every inked cell of every line in every column, never reaching into the neighbouring lines (halfway to them at most).</summary>
    private static (List<CellCrop> Crops, List<Ink> Inks) Crops(GrayImage page, List<WordTable.Line> lines, IReadOnlyList<UnruledTable.Span> columns, int threshold)
    {
        var crops = new List<CellCrop>();
        var inks = new List<Ink>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (top, bottom) = UnruledTable.Band(lines[i], page.Height);
            if (i > 0)
                top = Math.Max(top, (int)((lines[i - 1].Bottom + lines[i].Top) / 2));
            if (i + 1 < lines.Count)
                bottom = Math.Min(bottom, (int)Math.Ceiling((lines[i].Bottom + lines[i + 1].Top) / 2));
            foreach (var (column, c) in columns.Select((column, c) => (column, c)))
            {
                var ink = Ink.Measure(page, column.Left, top, column.Width, bottom - top, threshold);
                if (ink.IsBlank)
                    continue;
                crops.Add(new CellCrop(i, c, column.Left, top, column.Width, bottom - top, false, ink.IsFilled));
                inks.Add(ink);
            }
        }
        return (crops, inks);
    }

    /// <summary>
    /// The header among the first text lines: the first whose words name at least two known columns, with how many
    /// columns its words name and the lines above it (the title); (-1, 0, those lines) when none does. Each line is
    /// read a little larger than its box.
    /// </summary>
    private static (int Header, int Expected, List<WordTable.Line> Above) FindHeader(TesseractEngine engine, GrayImage page, IReadOnlyList<CellBox> layout, int pageNumber)
    {
        var above = new List<WordTable.Line>();
        for (var i = 0; i < layout.Count && i <= MaxLinesAboveHeader; i++)
        {
            // Read within its tight box, a bold serif header comes out as 民与 ”区县 医院多本 地址 卫系电声; padded, as
            // 序号 区县 医院名称 地址 联系电话.
            var words = TesseractWords.Parse(engine.WordsTsv(TesseractEngine.SingleLine, Padded(layout[i], page)));
            if (words.Count == 0)
                continue;
            var line = new WordTable.Line(pageNumber, words);
            if (WordTable.Build([line], (column, cellWords) => new GridCell(column, string.Concat(cellWords.Select(w => w.Text))), ColumnSynonyms.FieldOfMisread) is { } found)
                return (i, found.Rows[0].Cells.Count, above);
            above.Add(line);
        }
        return (-1, 0, above);
    }

    /// <summary>
    /// The title above an unruled table: its lines read together as one block (as a ruled table's title is, which
    /// reads a large bold title far better than line by line), or the lines' words when that reading is unsure.
    /// </summary>
    private static string? Title(TesseractEngine engine, GrayImage page, List<CellBox> lines, List<WordTable.Line> words)
    {
        int left = lines.Min(l => l.X), top = lines.Min(l => l.Y);
        var box = Padded(new CellBox(lines[0].Page, left, top, lines.Max(l => l.X + l.Width) - left, lines.Max(l => l.Y + l.Height) - top), page);
        var (text, confidence) = engine.Recognize(box.X, box.Y, box.Width, box.Height, TesseractEngine.SingleBlock);
        return OcrPageReader.CleanTitle(confidence >= RuledPage.MinTitleConfidence ? text : string.Join(' ', words.Select(l => l.Text)));
    }

    /// <summary>
    /// A layout box grown by a quarter of its height (4 px at least) on every side, within the page: Tesseract's
    /// boxes are tight to the ink, and text read that tightly comes out garbled, as a cell's would without its margin.
    /// </summary>
    private static CellBox Padded(CellBox box, GrayImage page)
    {
        var pad = Math.Max(4, box.Height / 4);
        int left = Math.Max(0, box.X - pad), top = Math.Max(0, box.Y - pad);
        return box with { X = left, Y = top, Width = Math.Min(page.Width, box.X + box.Width + pad) - left, Height = Math.Min(page.Height, box.Y + box.Height + pad) - top };
    }

    /// <summary>
    /// An unruled table read whole: the page is recognised as one block and its words laid out by
    /// <see cref="WordTable"/>; each cell keeps the lowest confidence of its words and their joint box.
    /// </summary>
    private (SourceGrid Grid, string? Title)? ReadWords(GrayImage page, int pageNumber, string name)
    {
        string tsv;
        using (var lease = pool.Rent())
        {
            lease.Engine.SetImage(page);
            tsv = lease.Engine.WordsTsv(TesseractEngine.SingleBlock);
        }
        var lines = WordTable.GroupLines(TesseractWords.Parse(tsv), pageNumber);
        var table = WordTable.Build(lines, (column, cellWords) => WordsCell(column, cellWords, pageNumber), ColumnSynonyms.FieldOfMisread);
        if (table is not { } built || built.Rows.Count < 2)
            return null;
        var title = built.HeaderIndex > 0 ? OcrPageReader.CleanTitle(string.Join(' ', lines.Take(built.HeaderIndex).Select(l => l.Text))) : null;
        return (new SourceGrid(name, built.Rows), title);
    }

    private static GridCell WordsCell(int column, IReadOnlyList<PlacedWord> words, int pageNumber)
    {
        if (words.Count == 0)
            return new GridCell(column, null);
        var box = new CellBox(pageNumber, (int)words.Min(w => w.XMin), (int)words.Min(w => w.YMin),
            (int)(words.Max(w => w.XMax) - words.Min(w => w.XMin)), (int)(words.Max(w => w.YMax) - words.Min(w => w.YMin)));
        return new GridCell(column, OcrText.Tidy(WordTable.CellText(words)), Ocr: new OcrEvidence(words.Min(w => w.Confidence), box));
    }
}
