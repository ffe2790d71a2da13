using ClinicMap.Import.Ocr.Engine;
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
        var words = new PlacedWord?[boxes.Count];
        Parallel.For(0, boxes.Count, new ParallelOptions { MaxDegreeOfParallelism = PaddleRecognizer.Workers }, i =>
        {
            var (x, y, width, height) = boxes[i];
            var reading = recognizer.ReadCell(page, x, y, width, height, threshold, filled: false);
            words[i] = reading.Text.Length == 0 ? null : new PlacedWord(OcrText.Tidy(reading.Text), x, y, x + width, y + height, reading.Confidence);
        });
        var found = words.OfType<PlacedWord>().ToList();
        // Wrapped cells are joined below the header only: a title line stands as close above the header as a
        // wrapped line under its first.
        var header = WordTable.GroupLines(found, pageNumber).FirstOrDefault(IsHeader);
        if (header is null)
            return null;
        var lines = WordTable.GroupLines([.. found.Where(w => w.YMax <= header.Bottom), .. Wrapped(found.Where(w => w.YMax > header.Bottom).ToList(), usual)], pageNumber);
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

        var crops = new List<CellCrop>();
        var at = new List<(int Row, int Cell)>();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            for (var c = 0; c < table.Rows[r].Cells.Count; c++)
            {
                var cell = table.Rows[r].Cells[c];
                if (placed.GetValueOrDefault(cell) is not { Count: > 0 } cellWords)
                    continue;
                int left = (int)cellWords.Min(w => w.XMin), top = (int)cellWords.Min(w => w.YMin);
                int right = (int)Math.Ceiling(cellWords.Max(w => w.XMax)), bottom = (int)Math.Ceiling(cellWords.Max(w => w.YMax));
                // More than one line: read as a block (Tesseract) and cut into lines (PaddleOCR).
                var block = bottom - top > 1.5 * usual;
                crops.Add(new CellCrop(r, cell.Column, left, top, right - left, bottom - top, block, false));
                at.Add((r, c));
            }
        }
        var read = cells.ReadCells(page, 1, crops, pageNumber, lossy);
        var rows = table.Rows.Select(row => row.Cells.ToArray()).ToList();
        for (var k = 0; k < crops.Count; k++)
        {
            var (r, c) = at[k];
            rows[r][c] = rows[r][c] with { Text = read[k].Text, Ocr = read[k].Evidence };
        }
        var title = table.HeaderIndex > 0 ? OcrPageReader.CleanTitle(string.Join(' ', lines.Take(table.HeaderIndex).Select(l => l.Text))) : null;
        return (new SourceGrid(name, table.Rows.Select((row, r) => row with { Cells = rows[r] }).ToList()), title);
    }

    /// <summary>Whether a line's words name the clinic column and another known column, as a header does.</summary>
    private static bool IsHeader(WordTable.Line line)
    {
        var fields = line.Words.Select(w => ColumnSynonyms.FieldOfMisread(w.Text)).OfType<Field>().ToList();
        return fields.Contains(Field.Name) && fields.Count >= 2;
    }

    /// <summary>
    /// The lines of one wrapped cell joined into one word, so that the cell stands level with the rest of its row
    /// (lists centre a row's cells on a wrapped one): a line directly under another, starting within a line's height
    /// of it, closer to it than the page's rows usually are to each other (the median gap between lines under one
    /// another, less 15% of a line) and never more than 15% of a line apart.
    /// </summary>
    internal static List<PlacedWord> Wrapped(List<PlacedWord> words, int usual)
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
                merged.RemoveAt(k);
                changed = true;
            }
        }
        return merged;
    }
}
