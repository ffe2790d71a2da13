using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Ocr.Reading;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// A table laid out from the text lines PaddleOCR's detector finds (<see cref="PaddleDetector"/>): every page whose
/// rules do not give a table, whatever its shading, type or damage. Each detected line is read by the main reader and
/// placed where it would stand on a level page (<see cref="PageSlant"/>: a photograph's perspective); the lines are
/// laid out by <see cref="WordTable"/> (the header, wrapped or not; columns from the header's words and the gutters;
/// rows as bands of lines, a wrapped cell's lines in their row, <see cref="WordRows"/>); then every cell is read by
/// the second engine with white around it (<see cref="CellReader"/>), the main reader's reading of its lines
/// standing for its own, so its text, confidence and disputes are those of a ruled cell.
/// </summary>
internal sealed class DetectedPage(CellReader cells, PaddleDetector detector, PaddleRecognizer recognizer)
{
    /// <summary>The table on <paramref name="page"/>, from its <paramref name="detected"/> lines when the caller has detected them already.</summary>
    public (SourceGrid Grid, string? Title)? Read(GrayImage page, int pageNumber, string name, bool lossy, IReadOnlyList<DetectedLine>? detected = null)
    {
        var boxes = detected ?? detector.Detect(page);
        if (boxes.Count < 4)
            return null;
        // Marks smaller than half the usual line (a rule's stub, a speck) are not text lines.
        var usual = boxes.Select(b => b.Height).Order().ElementAt(boxes.Count / 2);
        boxes = boxes.Where(b => b.Height * 2 >= usual).ToList();
        var threshold = page.OtsuThreshold();
        boxes = boxes.SelectMany(b => Parted(page, b, threshold)).ToList();
        var slant = PageSlant.Fit(boxes, page.Width);
        var read = ReadLines(page, boxes, threshold, slant);
        var found = read.Keys.ToList();
        var lines = WordTable.GroupLines(found, pageNumber);
        // Each cell the layout makes, by identity (equal cells of two rows are two cells), with the lines it holds.
        var placed = new Dictionary<GridCell, IReadOnlyList<PlacedWord>>(ReferenceEqualityComparer.Instance);
        GridCell Place(int column, IReadOnlyList<PlacedWord> cellWords)
        {
            var cell = new GridCell(column, cellWords.Count == 0 ? null : string.Concat(cellWords.Select(w => w.Text)));
            placed[cell] = cellWords;
            return cell;
        }
        if (WordTable.Build(lines, Place, ColumnSynonyms.FieldOfMisread) is not { } table || table.Rows.Count < 2)
            return null;

        var (crops, at) = Crops(page, table.Rows, placed, read, usual, threshold, slant);
        var decided = cells.ReadCells(page, 1, crops, pageNumber, lossy);
        var rows = table.Rows.Select(row => row.Cells.ToArray()).ToList();
        for (var k = 0; k < crops.Count; k++)
        {
            var (r, c) = at[k];
            rows[r][c] = rows[r][c] with { Text = decided[k].Text, Ocr = decided[k].Evidence };
        }
        var title = table.HeaderIndex > 0 ? OcrPageReader.CleanTitle(string.Join(' ', lines.Take(table.HeaderIndex).Select(l => l.Text))) : null;
        return (new SourceGrid(name, table.Rows.Select((row, r) => row with { Cells = rows[r] }).ToList()), title);
    }

    /// <summary>
    /// Each detected line read by the main reader, placed where it would stand on a level page (<see cref="PageSlant"/>),
    /// by identity (so that no line is read by it twice); lines it read nothing in left out.
    /// </summary>
    private Dictionary<PlacedWord, OcrReading> ReadLines(GrayImage page, IReadOnlyList<DetectedLine> boxes, int threshold, PageSlant slant)
    {
        var words = new PlacedWord?[boxes.Count];
        var readings = new OcrReading[boxes.Count];
        Parallel.For(0, boxes.Count, new ParallelOptions { MaxDegreeOfParallelism = PaddleRecognizer.Workers }, i =>
        {
            var (x, y, width, height, _) = boxes[i];
            readings[i] = recognizer.ReadCell(page, x, y, width, height, threshold, filled: false);
            words[i] = readings[i].Text.Length == 0 ? null : slant.Level(new PlacedWord(OcrText.Tidy(readings[i].Text), x, y, x + width, y + height, readings[i].Confidence));
        });
        var read = new Dictionary<PlacedWord, OcrReading>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < boxes.Count; i++)
        {
            if (words[i] is { } word)
                read[word] = readings[i];
        }
        return read;
    }

    /// <summary>
    /// A crop for every cell the layout placed lines in, with the main reader's reading of those lines, and where each
    /// crop's cell is (row, index among the row's cells), back where its lines stand on the page. Tesseract reads a short cell (a serial number) far better
    /// with white around it: each crop reaches up to half a line across and a quarter above and below, short of the
    /// row's neighbouring cells and of any ink (a rule, a neighbour's stroke) in the margin.
    /// </summary>
    private static (List<CellCrop> Crops, List<(int Row, int Cell)> At) Crops(GrayImage page, List<GridRow> rows, Dictionary<GridCell, IReadOnlyList<PlacedWord>> placed,
        Dictionary<PlacedWord, OcrReading> read, int usual, int threshold, PageSlant slant)
    {
        var crops = new List<CellCrop>();
        var at = new List<(int Row, int Cell)>();
        for (var r = 0; r < rows.Count; r++)
        {
            var spans = rows[r].Cells.Select(cell => placed.GetValueOrDefault(cell) is { Count: > 0 } cellWords
                ? (cellWords, Left: (int)cellWords.Min(w => w.XMin), Top: (int)cellWords.Min(w => slant.OnPage(w).Top), Right: (int)Math.Ceiling(cellWords.Max(w => w.XMax)),
                    Bottom: (int)Math.Ceiling(cellWords.Max(w => slant.OnPage(w).Bottom)))
                : default).ToList();
            for (var c = 0; c < spans.Count; c++)
            {
                if (spans[c].cellWords is not { } cellWords)
                    continue;
                var (_, left, top, right, bottom) = spans[c];
                var from = Math.Max(0, Math.Max(left - usual / 2, spans.Where(b => b.cellWords is not null && b.Right <= left).Select(b => b.Right + 1).DefaultIfEmpty(0).Max()));
                var to = Math.Min(page.Width, Math.Min(right + usual / 2, spans.Where(b => b.cellWords is not null && b.Left >= right).Select(b => b.Left - 1).DefaultIfEmpty(page.Width).Min()));
                if (Ink.Measure(page, from, top, left - from, bottom - top, threshold) is { IsBlank: false } before)
                    from = before.Right;
                if (Ink.Measure(page, right, top, to - right, bottom - top, threshold) is { IsBlank: false } after)
                    to = after.Left;
                int above = Math.Max(0, top - usual / 4), below = Math.Min(page.Height, bottom + usual / 4);
                if (Ink.Measure(page, from, above, to - from, top - above, threshold) is { IsBlank: false } over)
                    above = over.Bottom;
                if (Ink.Measure(page, from, bottom, to - from, below - bottom, threshold) is { IsBlank: false } under)
                    below = under.Top;
                // More than one line: read as a block (Tesseract) and cut into lines (PaddleOCR).
                var block = bottom - top > 1.5 * usual;
                // The main reader's reading of the cell's lines stands for the cell's when each is a whole line of it;
                // it reads the cell again when the detector split a line (two words on one line, or a cell of one
                // character on its own, read out of its context) or the lines were joined into words of their own (a
                // header's wrapped lines). A short line under others is a wrapped cell's end (号 under 建设大街238).
                var whole = cellWords.All(read.ContainsKey) && (cellWords.Count > 1 || cellWords.All(w => w.XMax - w.XMin >= 1.5 * (w.YMax - w.YMin)))
                    && cellWords.GroupBy(w => Math.Round((w.YMin + w.YMax) / usual)).All(line => line.Count() == 1);
                var main = whole ? Joined(cellWords.OrderBy(w => w.YMin).Select(w => read[w]).ToList()) : null;
                crops.Add(new CellCrop(r, rows[r].Cells[c].Column, from, above, to - from, below - above, block, false, main));
                at.Add((r, c));
            }
        }
        return (crops, at);
    }

    /// <summary>
    /// A detected line cut where its ink leaves a gap of half its height or more: the detector joins two cells of a
    /// row set close (a narrow district column beside the name), which a column boundary must not cut through.
    /// </summary>
    internal static IEnumerable<DetectedLine> Parted(GrayImage page, DetectedLine line, int threshold)
    {
        var gap = Math.Max(3, line.Height / 2);
        var inked = new bool[line.Width];
        for (var x = 0; x < line.Width; x++)
        {
            for (var y = line.Y; y < line.Y + line.Height && !inked[x]; y++)
                inked[x] = page[line.X + x, y] < threshold;
        }
        int start = 0, blank = 0;
        for (var x = 0; x < line.Width; x++)
        {
            if (!inked[x])
            {
                blank++;
                continue;
            }
            if (blank >= gap && x - blank > start && inked.AsSpan(start, x - blank - start).Contains(true))
            {
                var end = x - blank + gap / 2;
                yield return line with { X = line.X + start, Width = end - start };
                start = x - gap / 2;
            }
            blank = 0;
        }
        yield return start == 0 ? line : line with { X = line.X + start, Width = line.Width - start };
    }

    /// <summary>Several lines' readings as one: their texts joined, the least confidence of any.</summary>
    private static OcrReading Joined(IReadOnlyList<OcrReading> lines) => lines is [var one]
        ? one
        : new OcrReading(string.Concat(lines.Select(l => l.Text)), lines.Min(l => l.Confidence), lines.SelectMany(l => l.Symbols).ToList());
}
