using System.Globalization;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// Reads one page image of a table, cell by cell. A ruled table's cells come from <see cref="RuledTable"/>; an
/// unruled table's from its text lines and the gutters of its ink (<see cref="UnruledTable"/>). Each cell (a merged
/// region once) is recognised on its own, a few pixels inside its bounds, as a single line (or a block when it spans
/// rows) — per-cell recognition neither reads rules as text nor glues neighbouring cells together, as whole-page
/// recognition does. Pages whose rows are under 24 px tall, and JPEG pages whose text is, are first scaled up twice
/// (the benchmark reads 18–35 px text best unscaled). Blank cells are not sent to Tesseract at all. The header's
/// cells are read first, so that a phone column can be read with the English model (<see cref="ReadCells"/>); cells
/// are shared among one engine per core, and an unsure cell is read again by other models (<see cref="ReadCrops(GrayImage, float, List{Crop}, bool, HashSet{int})"/>).
/// About 10–40 ms of processor time a cell on this machine with <c>OMP_THREAD_LIMIT=1</c>.
/// </summary>
public sealed class OcrTableReader(OcrEnginePool pool)
{
    private const int MinRowPixels = 24;

    /// <summary>
    /// On a JPEG page, text whose characters are lower than this is read scaled up twice (measured: the Shiyan scan's
    /// 18 px text, 26 of 30 names exact unscaled, 30 scaled; the benchmark's 150-dpi scans, 28–34 px, read best unscaled).
    /// </summary>
    private const int MinLossyTextPixels = 24;
    private const int MinTitleConfidence = 50;

    /// <summary>Below this share of ink pixels a cell is blank and not sent to Tesseract; above the second it is filled (light text on a shaded cell).</summary>
    private const double BlankInk = 0.003, FilledInk = 0.4;

    /// <summary>How many lines of title may stand above an unruled table's header.</summary>
    private const int MaxLinesAboveHeader = 6;

    /// <summary>
    /// A cell read with at least this confidence is not read again by the second model. Measured on the benchmark:
    /// 98 catches what 99 does with fewer readings; at 97 undetected errors on clean ruled pages rise from 0.56% to 0.83%.
    /// </summary>
    private const int SureConfidence = 98;

    /// <summary>
    /// How much larger the scan model, trained on larger text, reads a screenshot's cells (as their third reading,
    /// twice as large at first: 98.5% → 98.8% exact fields on clean ruled pages, 96.8% → 97.2% unruled). Measured on the clean
    /// benchmark pages, in turns on the same pages: the same 713 and 703 exact fields at 1.5 as at 2, with a tenth
    /// less processor time a page (4.0 s against 4.4 s); on the held-out pages 98.3/99.2% against 98.6/98.6%.
    /// </summary>
    private const float ScanUp = 1.5f;

    /// <summary>Engines reading one page's cells at once: the cores there are, at most four.</summary>
    public static readonly int Workers = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// The table on the page as a grid whose cells carry <see cref="OcrEvidence"/>, and the text above the table
    /// (the notice's title), or <c>null</c> when there is no ruled table.
    /// </summary>
    /// <param name="lossy">The page was JPEG-compressed (a photo or a scan): it is read with the scan model first, and small text on it scaled up twice.</param>
    public (SourceGrid Grid, string? Title)? ReadPage(GrayImage page, int pageNumber, string name, bool lossy = false)
    {
        var grid = RuledTable.Detect(page);
        if (grid is null || grid.Rows < 2 || grid.Columns < 2)
            return ReadUnruled(page, pageNumber, name, lossy);
        var rowHeight = grid.RowRules.Zip(grid.RowRules.Skip(1), (a, b) => b - a).Order().ElementAt(grid.Rows / 2);
        var threshold = RuledTable.OtsuThreshold(page.Pixels);
        var inked = grid.Regions.Select(r => (Region: r, Ink: Measure(page, r.X, r.Y, r.Width, r.Height, threshold))).Where(r => r.Ink.Fraction >= BlankInk).ToList();
        var textHeight = inked.Count == 0 ? rowHeight : inked.Select(r => r.Ink.Height).Order().ElementAt(inked.Count / 2);
        var scale = rowHeight < MinRowPixels || lossy && textHeight < MinLossyTextPixels ? 2 : 1;
        using var scaled = scale == 1 ? null : page.Scale(scale);
        var image = scaled ?? page;
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
        }

        var read = ReadCells(image, scale, inked.Select(r => new Crop(r.Region.Row, r.Region.Column, r.Region.X, r.Region.Y, r.Region.Width, r.Region.Height, r.Region.LastRow > r.Region.Row, r.Ink.Fraction > FilledInk)).ToList(), pageNumber, lossy);
        var cells = new GridCell?[grid.Rows, grid.Columns];
        for (var i = 0; i < inked.Count; i++)
            Place(cells, inked[i].Region, read[i].Text, read[i].Evidence);
        foreach (var region in grid.Regions.Except(inked.Select(r => r.Region)))
            Place(cells, region, null, null);
        var rows = Enumerable.Range(0, grid.Rows)
            .Select(r => new GridRow(r + 1, Enumerable.Range(0, grid.Columns).Select(c => cells[r, c] ?? new GridCell(c + 1, null)).ToList()))
            .ToList();
        return (new SourceGrid(name, rows), title);
    }

    /// <summary>
    /// A rectangle of the page to read as one cell, in row <paramref name="Row"/> and column <paramref name="Column"/>
    /// of the table (0-based, the header's row first): a single line unless <paramref name="Block"/>;
    /// <paramref name="Filled"/> when shaded.
    /// </summary>
    private sealed record Crop(int Row, int Column, int X, int Y, int Width, int Height, bool Block, bool Filled);

    /// <summary>How many rows from the top may stand above the header of a ruled table (a title inside the grid).</summary>
    private const int MaxRowsAboveHeader = 3;

    /// <summary>
    /// Reads every crop: first the rows down to the header (the first whose cells name at least two known columns),
    /// then the rest (<see cref="ReadCrops(GrayImage, float, List{Crop}, bool, HashSet{int})"/>), the cells of a
    /// column whose header names the phone field first with the English model.
    /// </summary>
    private (string? Text, OcrEvidence? Evidence)[] ReadCells(GrayImage image, float scale, List<Crop> crops, int pageNumber, bool lossy)
    {
        var read = new (string? Text, OcrEvidence? Evidence)[crops.Count];
        var phoneColumns = new HashSet<int>();
        var rows = crops.Select(c => c.Row).Distinct().Order().Take(MaxRowsAboveHeader + 1).ToList();
        var done = 0;
        foreach (var row in rows)
        {
            var header = Enumerable.Range(0, crops.Count).Where(i => crops[i].Row == row).ToList();
            var cells = ReadCrops(image, scale, header.Select(i => crops[i]).ToList(), lossy, phoneColumns);
            for (var k = 0; k < header.Count; k++)
                read[header[k]] = Cell(crops[header[k]], cells[k], pageNumber);
            done++;
            var fields = header.Select((i, k) => (crops[i].Column, Field: cells[k].Text is { } text ? ColumnSynonyms.FieldOfMisread(text) : null)).ToList();
            if (fields.Count(f => f.Field is not null) < 2)
                continue;
            phoneColumns.UnionWith(fields.Where(f => f.Field == Field.Phone).Select(f => f.Column));
            break;
        }
        if (done == 0)
            return read;
        var rest = Enumerable.Range(0, crops.Count).Where(i => crops[i].Row > rows[done - 1]).ToList();
        var more = ReadCrops(image, scale, rest.Select(i => crops[i]).ToList(), lossy, phoneColumns);
        for (var k = 0; k < rest.Count; k++)
            read[rest[k]] = Cell(crops[rest[k]], more[k], pageNumber);
        return read;
    }

    private static (string?, OcrEvidence?) Cell(Crop crop, (string Text, int Confidence, IReadOnlyList<string>? Alternatives) decided, int pageNumber)
    {
        var box = new CellBox(pageNumber, crop.X, crop.Y, crop.Width, crop.Height);
        var (text, confidence, alternatives) = decided;
        return text.Length == 0 ? (null, new OcrEvidence(0, box)) : (text, new OcrEvidence(confidence, box, alternatives is { Count: > 0 } ? alternatives : null));
    }

    /// <summary>
    /// Reads each crop with the first model (<see cref="OcrEnginePool.Scan"/> on a JPEG page, else
    /// <see cref="OcrEnginePool.Primary"/>); again with a second, separately trained one
    /// (<see cref="OcrEnginePool.Primary"/>, else <see cref="OcrEnginePool.SecondOpinion"/>) when it holds Chinese or
    /// a phone number read with less than <see cref="SureConfidence"/>; and with the third where those two
    /// disagree. The cell's text is then decided by <see cref="Decide"/>, and every other reading is kept beside it
    /// (<see cref="OcrEvidence.Alternatives"/>), so the row goes to a reviewer with them. Measured on the clean
    /// ruled benchmark pages: 96.1% exact fields with the higher-confidence of two readings, 97.9% with the vote of three.
    /// A cell of a phone column is read before all of them by <see cref="OcrEnginePool.Digits"/>, which is as
    /// accurate on digits and twice as fast; its reading is dropped when it holds anything a phone number does
    /// not (<see cref="OnlyPhoneNumbers"/>), such as Chinese it cannot read.
    /// </summary>
    private (string Text, int Confidence, IReadOnlyList<string>? Alternatives)[] ReadCrops(GrayImage image, float scale, List<Crop> crops, bool lossy, HashSet<int> phoneColumns)
    {
        string[] models = lossy
            ? [OcrEnginePool.Scan, OcrEnginePool.Primary, OcrEnginePool.SecondOpinion]
            : [OcrEnginePool.Primary, OcrEnginePool.SecondOpinion, OcrEnginePool.Scan];
        var sequences = crops.Select(c => phoneColumns.Contains(c.Column) ? [OcrEnginePool.Digits, .. models] : models).ToArray();
        var readings = crops.Select(_ => new List<OcrReading>()).ToArray();
        var next = new int[crops.Count];
        var pending = Enumerable.Range(0, crops.Count).ToList();
        while (pending.Count > 0)
        {
            foreach (var group in pending.GroupBy(i => sequences[i][next[i]]))
            {
                var model = group.Key;
                var indices = group.ToList();
                using var upscaled = model == OcrEnginePool.Scan && !lossy && scale == 1 ? image.Scale(ScanUp) : null;
                var again = ReadCrops(upscaled ?? image, upscaled is null ? scale : ScanUp * scale, indices.Select(i => crops[i]).ToList(), model);
                for (var k = 0; k < indices.Count; k++)
                {
                    next[indices[k]]++;
                    if (model != OcrEnginePool.Digits || OnlyPhoneNumbers(again[k].Text))
                        readings[indices[k]].Add(again[k]);
                }
            }
            // Read again: a first reading that is unsure, or readings that disagree (a third model only where the first two do).
            pending = pending.Where(i => next[i] < sequences[i].Length && readings[i] switch
            {
                [] => true,
                [var one] => one.Confidence < SureConfidence && WorthASecondReading(one.Text),
                var several => several.Select(r => OcrText.Tidy(r.Text)).Distinct(StringComparer.Ordinal).Count() > 1,
            }).ToList();
        }
        return readings.Select(Decide).ToArray();
    }

    /// <summary>
    /// One cell's text from its readings (tidied): the one they all give; else the one two of three give; else
    /// their character-by-character vote (<see cref="OcrReading.Vote"/>); else the reading with the highest
    /// confidence. Whenever the readings differ, every other text they give is kept as an alternative.
    /// </summary>
    private static (string Text, int Confidence, IReadOnlyList<string>? Alternatives) Decide(List<OcrReading> readings)
    {
        var texts = readings.Select(r => OcrText.Tidy(r.Text)).ToList();
        if (texts.Distinct(StringComparer.Ordinal).Count() == 1)
            return (texts[0], readings[0].Confidence, null);
        var (text, confidence) = texts.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() >= 2 && g.Key.Length > 0) is { } agreed
            ? (agreed.Key, readings.Where((_, k) => texts[k] == agreed.Key).Max(r => r.Confidence))
            : OcrReading.Vote(readings) is { } voted
                ? (OcrText.Tidy(voted.Text), voted.Confidence)
                : readings.Select((r, k) => (Text: texts[k], r.Confidence)).Where(r => r.Text.Length > 0).DefaultIfEmpty((texts[0], readings[0].Confidence)).MaxBy(r => r.Confidence);
        return (text, confidence, texts.Where(t => t != text && t.Length > 0).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Text a misread character changes the meaning of: Chinese (other than 一, in a phone cell the hyphen misread)
    /// or a phone number's seven or more digits — a digit read twice (<c>0357-20229206</c>) still parses as a phone.
    /// Serial numbers and blank-looking cells are not read again.
    /// </summary>
    private static bool WorthASecondReading(string text) =>
        text.Any(c => c is >= '\u3400' and <= '\u9FFF' and not '一') || text.Count(char.IsAsciiDigit) >= 7;

    /// <summary>
    /// Text the English model read right or not at all: one or more phone numbers (seven digits or more) and only
    /// their separators (dashes of any width, slashes, commas, brackets), with no space between two digits (where it
    /// splits a number: <c>0474-4897 162</c>).
    /// </summary>
    internal static bool OnlyPhoneNumbers(string text) =>
        text.Count(char.IsAsciiDigit) >= 7 && text.All(c => char.IsAsciiDigit(c) || c is '-' or '—' or '–' or '/' or ',' or ';' or '(' or ')' or ' ')
        && !Enumerable.Range(1, Math.Max(0, text.Length - 2)).Any(k => text[k] == ' ' && char.IsAsciiDigit(text[k - 1]) && char.IsAsciiDigit(text[k + 1]));

    /// <summary>
    /// Each crop read on its own, shared among up to <see cref="Workers"/> engines of <paramref name="model"/> on
    /// their own threads (each engine holds its own copy of the image) however few the crops are — a page's few
    /// disputed cells are its slowest, read larger; the answers come back in the crops' order. Measured on the clean
    /// benchmark pages, in turns against one engine for fewer than 16 crops and crops dealt out in turn: 0.1–0.35 s
    /// less a page.
    /// </summary>
    private OcrReading[] ReadCrops(GrayImage image, float scale, List<Crop> crops, string model)
    {
        var read = new OcrReading[crops.Count];
        var workers = Math.Clamp(crops.Count, 1, Workers);
        var taken = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            using var lease = pool.Rent(model);
            lease.Engine.SetImage(image);
            // Each engine takes the next crop not yet taken, so none waits while the other reads a long cell.
            for (var i = Interlocked.Increment(ref taken); i < crops.Count; i = Interlocked.Increment(ref taken))
            {
                var crop = crops[i];
                int x = (int)(crop.X * scale), y = (int)(crop.Y * scale), width = (int)(crop.Width * scale), height = (int)(crop.Height * scale);
                var mode = crop.Block ? TesseractEngine.SingleBlock : TesseractEngine.SingleLine;
                var reading = lease.Engine.Recognize(x, y, width, height, mode, crop.Filled);
                // An inked cell read as nothing (bold headers on a blurred scan): try again treating it as a block, then as a raw line.
                foreach (var retry in new[] { TesseractEngine.SingleBlock, TesseractEngine.RawLine })
                {
                    if (reading.Text.Length > 0 || retry == mode)
                        continue;
                    reading = lease.Engine.Recognize(x, y, width, height, retry, crop.Filled);
                }
                read[i] = reading;
            }
        });
        return read;
    }

    private static void Place(GridCell?[,] cells, RuledTable.Region region, string? text, OcrEvidence? evidence)
    {
        for (var r = region.Row; r <= region.LastRow; r++)
        {
            for (var c = region.Column; c <= region.LastColumn; c++)
            {
                var origin = r == region.Row && c == region.Column ? ((int, int)?)null : (region.Row + 1, region.Column + 1);
                cells[r, c] = new GridCell(c + 1, text, origin, evidence);
            }
        }
    }

    /// <summary>
    /// A table without rules. Tesseract's layout analysis finds the text lines (each a whole row); lines are read
    /// from the top until one names at least two known columns — the header, whose words tell how many columns
    /// there are. The columns are then found from the ink (<see cref="UnruledTable"/>), every line's cell in every
    /// column is read on its own like a ruled cell, and the table is laid out from those cells by
    /// <see cref="WordTable"/> (header, wrapped lines). When the ink does not show the header's columns, the page
    /// is read whole instead (<see cref="ReadWords"/>).
    /// </summary>
    private (SourceGrid Grid, string? Title)? ReadUnruled(GrayImage page, int pageNumber, string name, bool lossy)
    {
        IReadOnlyList<CellBox> layout;
        var above = new List<WordTable.Line>();
        int header = -1, expected = 0;
        string? title = null;
        using (var lease = pool.Rent())
        {
            lease.Engine.SetImage(page);
            layout = lease.Engine.TextLines();
            if (layout.Count > 0)
            {
                var usual = layout.Select(l => l.Height).Order().ElementAt(layout.Count / 2);
                layout = layout.Where(l => l.Height >= usual / 2).ToList();
            }
            (header, expected, above) = FindHeader(lease.Engine, page, layout, pageNumber);
            if (header > 0 && above.Count > 0)
                title = Title(lease.Engine, page, layout.Take(header).ToList(), above);
        }
        if (header < 0)
            return ReadWords(page, pageNumber, name);

        // Each layout line as one word spanning it: enough for the gutters, the bands and the row spacing.
        var tableLines = layout.Skip(header).Select(b => new WordTable.Line(pageNumber, [new PlacedWord("", b.X, b.Y, b.X + b.Width, b.Y + b.Height)])).ToList();
        var threshold = RuledTable.OtsuThreshold(page.Pixels);
        if (UnruledTable.Columns(page, tableLines, threshold, expected) is not { } columns)
            return ReadWords(page, pageNumber, name);

        var crops = new List<Crop>();
        var inks = new List<Ink>();
        for (var i = 0; i < tableLines.Count; i++)
        {
            var (top, bottom) = UnruledTable.Band(tableLines[i], page.Height);
            // Never into the neighbouring lines: halfway to them at most.
            if (i > 0)
                top = Math.Max(top, (int)((tableLines[i - 1].Bottom + tableLines[i].Top) / 2));
            if (i + 1 < tableLines.Count)
                bottom = Math.Min(bottom, (int)Math.Ceiling((tableLines[i].Bottom + tableLines[i + 1].Top) / 2));
            foreach (var (column, c) in columns.Select((column, c) => (column, c)))
            {
                var ink = Measure(page, column.Left, top, column.Width, bottom - top, threshold);
                if (ink.Fraction < BlankInk)
                    continue;
                crops.Add(new Crop(i, c, column.Left, top, column.Width, bottom - top, false, ink.Fraction > FilledInk));
                inks.Add(ink);
            }
        }
        var textHeight = tableLines.Select(l => l.Height).Order().ElementAt(tableLines.Count / 2);
        var scale = lossy && textHeight < MinLossyTextPixels ? 2 : 1;
        using var scaled = scale == 1 ? null : page.Scale(scale);
        var cells = ReadCells(scaled ?? page, scale, crops, pageNumber, lossy);
        var evidence = new Dictionary<PlacedWord, OcrEvidence>();
        var cellLines = tableLines.Select(_ => new List<PlacedWord>()).ToList();
        for (var k = 0; k < crops.Count; k++)
        {
            if (cells[k] is not (string text, OcrEvidence read))
                continue;
            // The word spans the cell's ink, so the gutters between cells stay visible to the layout.
            var word = new PlacedWord(text, inks[k].Left, inks[k].Top, inks[k].Right, inks[k].Bottom, read.Confidence);
            evidence[word] = read;
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
        return ReadWords(page, pageNumber, name);
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
            var words = Words(engine.WordsTsv(TesseractEngine.SingleLine, Padded(layout[i], page)));
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
        return confidence >= MinTitleConfidence ? CleanTitle(text) : CleanTitle(string.Join(' ', words.Select(l => l.Text)));
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
    /// An unruled table read whole: the page is recognised as one block and its words (Tesseract's TSV, level 5)
    /// are laid out by <see cref="WordTable"/>; each cell keeps the lowest confidence of its words and their joint box.
    /// </summary>
    private (SourceGrid Grid, string? Title)? ReadWords(GrayImage page, int pageNumber, string name)
    {
        string tsv;
        using (var lease = pool.Rent())
        {
            lease.Engine.SetImage(page);
            tsv = lease.Engine.WordsTsv(TesseractEngine.SingleBlock);
        }
        var lines = WordTable.GroupLines(Words(tsv), pageNumber);
        var table = WordTable.Build(lines, (column, cellWords) => WordsCell(column, cellWords, pageNumber), ColumnSynonyms.FieldOfMisread);
        if (table is not { } built || built.Rows.Count < 2)
            return null;
        var title = built.HeaderIndex > 0 ? CleanTitle(string.Join(' ', lines.Take(built.HeaderIndex).Select(l => l.Text))) : null;
        return (new SourceGrid(name, built.Rows), title);
    }

    private static GridCell WordsCell(int column, IReadOnlyList<PlacedWord> words, int pageNumber)
    {
        if (words.Count == 0)
            return new GridCell(column, null);
        var box = new CellBox(pageNumber, (int)words.Min(w => w.XMin), (int)words.Min(w => w.YMin),
            (int)(words.Max(w => w.XMax) - words.Min(w => w.XMin)), (int)(words.Max(w => w.YMax) - words.Min(w => w.YMin)));
        return new GridCell(column, OcrText.Tidy(string.Join(' ', words.Select(w => w.Text))), Ocr: new OcrEvidence(words.Min(w => w.Confidence), box));
    }

    /// <summary>Level-5 (word) rows of Tesseract's TSV as placed words.</summary>
    private static List<PlacedWord> Words(string tsv)
    {
        var words = new List<PlacedWord>();
        foreach (var line in tsv.Split('\n'))
        {
            var f = line.Split('\t');
            if (f.Length < 12 || f[0] != "5" || f[11].Trim().Length == 0)
                continue;
            int left = int.Parse(f[6], CultureInfo.InvariantCulture), top = int.Parse(f[7], CultureInfo.InvariantCulture);
            int width = int.Parse(f[8], CultureInfo.InvariantCulture), height = int.Parse(f[9], CultureInfo.InvariantCulture);
            var confidence = (int)Math.Round(double.Parse(f[10], CultureInfo.InvariantCulture));
            words.Add(new PlacedWord(f[11].Trim(), left, top, left + width, top + height, Math.Clamp(confidence, 0, 100)));
        }
        return words;
    }

    /// <summary>How much of a rectangle is ink (darker than <paramref name="threshold"/>), and the box around that ink (the whole rectangle when it has none); one pass.</summary>
    private readonly record struct Ink(double Fraction, int Left, int Top, int Right, int Bottom)
    {
        public int Height => Bottom - Top;
    }

    private static Ink Measure(GrayImage page, int x0, int y0, int width, int height, int threshold)
    {
        int dark = 0, left = int.MaxValue, top = int.MaxValue, right = x0, bottom = y0;
        for (var y = Math.Max(0, y0); y < y0 + height && y < page.Height; y++)
        {
            for (var x = Math.Max(0, x0); x < x0 + width && x < page.Width; x++)
            {
                if (page[x, y] >= threshold)
                    continue;
                dark++;
                (left, top) = (Math.Min(left, x), Math.Min(top, y));
                (right, bottom) = (Math.Max(right, x + 1), Math.Max(bottom, y + 1));
            }
        }
        var fraction = (double)dark / Math.Max(1, width * height);
        return dark == 0 ? new Ink(0, x0, y0, x0 + width, y0 + height) : new Ink(fraction, left, top, right, bottom);
    }

    private static string? CleanTitle(string text) => ClinicMap.Core.Text.TextNormalizer.Clean(OcrText.Tidy(text));
}
