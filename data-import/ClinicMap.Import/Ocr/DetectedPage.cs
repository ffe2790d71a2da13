using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Ocr.Reading;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// A table laid out from the text lines PaddleOCR's detector finds (<see cref="PaddleDetector"/>), for an unruled page
/// Tesseract's layout cannot make out (small or unusual type, a photographed or unevenly lit page). Each detected line
/// is read by the main reader to place it; the lines are laid out by <see cref="WordTable"/> (rows by their centres,
/// the header as the first line naming two known columns, columns from the header's words and the gutters, a line
/// with nothing in the first column under a row its wrapped continuation); then every cell — the box around its
/// lines — is read by both engines like any other cell (<see cref="CellReader"/>), so its text, confidence and
/// disputes are those of a ruled cell.
/// </summary>
internal sealed class DetectedPage(CellReader cells, PaddleDetector detector, PaddleRecognizer recognizer)
{
    public (SourceGrid Grid, string? Title)? Read(GrayImage page, int pageNumber, string name, bool lossy)
    {
        var boxes = detector.Detect(page);
        if (boxes.Count < 4)
            return null;
        // Marks smaller than half the usual line (a rule's stub, a speck) are not text lines.
        var usual = boxes.Select(b => b.Height).Order().ElementAt(boxes.Count / 2);
        boxes = boxes.Where(b => b.Height * 2 >= usual).ToList();
        var threshold = page.OtsuThreshold();
        var read = ReadLines(page, boxes, threshold);
        var found = read.Keys.ToList();
        // Wrapped cells are joined below the header only: a title line stands as close above the header as a
        // wrapped line under its first.
        var grouped = WordTable.GroupLines(found, pageNumber);
        if (WordTable.FindHeader(grouped, ColumnSynonyms.FieldOfMisread) is not var (index, span, _))
            return null;
        var headerBottom = grouped.Skip(index).Take(span).Max(l => l.Bottom);
        var lines = WordTable.GroupLines([.. found.Where(w => w.YMax <= headerBottom), .. Wrapped(found.Where(w => w.YMax > headerBottom).ToList(), usual, read)], pageNumber);
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

        var (crops, at) = Crops(page, table.Rows, placed, read, usual, threshold);
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

    /// <summary>Each detected line read by the main reader, by identity (so that no line is read by it twice); lines it read nothing in left out.</summary>
    private Dictionary<PlacedWord, OcrReading> ReadLines(GrayImage page, IReadOnlyList<(int X, int Y, int Width, int Height)> boxes, int threshold)
    {
        var words = new PlacedWord?[boxes.Count];
        var readings = new OcrReading[boxes.Count];
        Parallel.For(0, boxes.Count, new ParallelOptions { MaxDegreeOfParallelism = PaddleRecognizer.Workers }, i =>
        {
            var (x, y, width, height) = boxes[i];
            readings[i] = recognizer.ReadCell(page, x, y, width, height, threshold, filled: false);
            words[i] = readings[i].Text.Length == 0 ? null : new PlacedWord(OcrText.Tidy(readings[i].Text), x, y, x + width, y + height, readings[i].Confidence);
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
    /// crop's cell is (row, index among the row's cells). Tesseract reads a short cell (a serial number) far better
    /// with white around it: each crop reaches up to half a line across and a quarter above and below, short of the
    /// row's neighbouring cells and of any ink (a rule, a neighbour's stroke) in the margin.
    /// </summary>
    private static (List<CellCrop> Crops, List<(int Row, int Cell)> At) Crops(GrayImage page, List<GridRow> rows, Dictionary<GridCell, IReadOnlyList<PlacedWord>> placed,
        Dictionary<PlacedWord, OcrReading> read, int usual, int threshold)
    {
        var crops = new List<CellCrop>();
        var at = new List<(int Row, int Cell)>();
        for (var r = 0; r < rows.Count; r++)
        {
            var spans = rows[r].Cells.Select(cell => placed.GetValueOrDefault(cell) is { Count: > 0 } cellWords
                ? (cellWords, Left: (int)cellWords.Min(w => w.XMin), Top: (int)cellWords.Min(w => w.YMin), Right: (int)Math.Ceiling(cellWords.Max(w => w.XMax)), Bottom: (int)Math.Ceiling(cellWords.Max(w => w.YMax)))
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
                var main = Joined(cellWords.OrderBy(w => w.YMin).ThenBy(w => w.XMin).Select(w => read[w]).ToList());
                crops.Add(new CellCrop(r, rows[r].Cells[c].Column, from, above, to - from, below - above, block, false, main));
                at.Add((r, c));
            }
        }
        return (crops, at);
    }

    /// <summary>Several lines' readings as one: their texts joined, the least confidence of any.</summary>
    private static OcrReading Joined(IReadOnlyList<OcrReading> lines) => lines is [var one]
        ? one
        : new OcrReading(string.Concat(lines.Select(l => l.Text)), lines.Min(l => l.Confidence), lines.SelectMany(l => l.Symbols).ToList());

    /// <param name="words">The lines below the header.</param>
    /// <param name="usual">The page's usual line height.</param>
    /// <param name="read">What the main reader read in each line; a joined line gets its lines' reading joined.</param>
    internal static List<PlacedWord> Wrapped(List<PlacedWord> words, int usual, Dictionary<PlacedWord, OcrReading>? read = null)
    {
        static int Below(List<PlacedWord> all, int i, int usual) =>
            Enumerable.Range(0, all.Count).Where(k => all[k].YMin > all[i].YMin && Math.Abs(all[k].XMin - all[i].XMin) < usual).OrderBy(k => all[k].YMin).FirstOrDefault(-1);
        var gaps = Enumerable.Range(0, words.Count).Select(i => Below(words, i, usual) is var k and >= 0 ? words[k].YMin - words[i].YMax : double.MaxValue)
            .Where(g => g < usual).Order().ToList();
        if (gaps.Count == 0)
            return words;
        var limit = Math.Min(0.15 * usual, gaps[gaps.Count / 2] - 0.15 * usual);
        var merged = words.ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < merged.Count && !changed; i++)
            {
                var k = Below(merged, i, usual);
                if (k < 0 || merged[k].YMin - merged[i].YMax >= limit)
                    continue;
                var (a, b) = (merged[i], merged[k]);
                merged[i] = new PlacedWord(a.Text + b.Text, Math.Min(a.XMin, b.XMin), a.YMin, Math.Max(a.XMax, b.XMax), Math.Max(a.YMax, b.YMax), Math.Min(a.Confidence, b.Confidence));
                if (read is not null)
                    read[merged[i]] = Joined([read[a], read[b]]);
                merged.RemoveAt(k);
                changed = true;
            }
        }
        return merged;
    }
}
