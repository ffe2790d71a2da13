using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr.Reading;

/// <summary>
/// Reads a page's cells with two engines that fail differently and decides each cell's text. The header's rows are
/// read first, so that a phone column can be read with the digits model; every cell is read by PaddleOCR's
/// recognition model (<see cref="PaddleRecognizer"/>, the main reader) and by a Tesseract model (the design card's
/// engine: the screen model on a lossless page, the scan model on a JPEG page, the digits model first in a phone
/// column), and <see cref="ReadingVote.Decide"/> keeps the main reading with the other beside it
/// (<see cref="OcrEvidence.Alternatives"/>) whenever they differ, so the row goes to a reviewer with both.
/// docs/BENCHMARKS.md ("OCR") has what each choice measured.
/// </summary>
public sealed class CellReader
{
    /// <summary>How many rows from the top may stand above the header of a table (a title inside the grid).</summary>
    private const int MaxRowsAboveHeader = 3;

    private readonly Dictionary<string, ICellRecognizer> _recognizers;

    public CellReader(IEnumerable<ICellRecognizer> recognizers) =>
        _recognizers = recognizers.ToDictionary(r => r.Model, StringComparer.Ordinal);

    /// <summary>The models in the order they read a cell: the main reader, then Tesseract's model for the kind of page.</summary>
    private static string[] Plan(bool lossy) => [PaddleRecognizer.Name, lossy ? OcrEnginePool.Scan : OcrEnginePool.Primary];

    /// <summary>
    /// Reads every crop: first the rows down to the header (the first whose cells name at least two known columns),
    /// then the rest, the cells of a column whose header names the phone field first with the digits model.
    /// </summary>
    public (string? Text, OcrEvidence? Evidence)[] ReadCells(GrayImage image, float scale, IReadOnlyList<CellCrop> crops, int pageNumber, bool lossy)
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

    private static (string?, OcrEvidence?) Cell(CellCrop crop, (string Text, int Confidence, IReadOnlyList<string>? Alternatives, IReadOnlyList<EngineReading> Readings) decided, int pageNumber)
    {
        var box = new CellBox(pageNumber, crop.X, crop.Y, crop.Width, crop.Height);
        var (text, confidence, alternatives, readings) = decided;
        return text.Length == 0
            ? (null, new OcrEvidence(0, box, Readings: readings))
            : (text, new OcrEvidence(confidence, box, alternatives is { Count: > 0 } ? alternatives : null, readings));
    }

    /// <summary>
    /// Reads each crop with both readers of its plan (the main reader only where the crop does not bring its reading). A cell of a phone column is read second by
    /// <see cref="OcrEnginePool.Digits"/>, whose reading is dropped when it holds anything a phone number does not
    /// (<see cref="OnlyPhoneNumbers"/>), such as Chinese it cannot read; the Chinese model then reads it instead.
    /// </summary>
    private (string Text, int Confidence, IReadOnlyList<string>? Alternatives, IReadOnlyList<EngineReading> Readings)[] ReadCrops(GrayImage image, float scale, List<CellCrop> crops, bool lossy, HashSet<int> phoneColumns)
    {
        var models = Plan(lossy);
        var sequences = crops.Select(c => phoneColumns.Contains(c.Column) ? [models[0], OcrEnginePool.Digits, .. models[1..]] : models).ToArray();
        var readings = crops.Select(_ => new List<(string Model, OcrReading Reading)>()).ToArray();
        var next = new int[crops.Count];
        for (var i = 0; i < crops.Count; i++)
        {
            if (crops[i].Main is { } main && sequences[i][0] == PaddleRecognizer.Name)
                (readings[i], next[i]) = ([(PaddleRecognizer.Name, main)], 1);
        }
        var pending = Enumerable.Range(0, crops.Count).ToList();
        while (pending.Count > 0)
        {
            foreach (var group in pending.GroupBy(i => sequences[i][next[i]]))
            {
                var indices = group.ToList();
                var read = _recognizers[group.Key].Read(image, scale, indices.Select(i => crops[i]).ToList(), lossy);
                for (var k = 0; k < indices.Count; k++)
                {
                    next[indices[k]]++;
                    if (group.Key != OcrEnginePool.Digits || OnlyPhoneNumbers(read[k].Text))
                        readings[indices[k]].Add((group.Key, read[k]));
                }
            }
            pending = pending.Where(i => next[i] < sequences[i].Length && readings[i].Count < 2).ToList();
        }
        return readings.Select(r =>
        {
            var (text, confidence, alternatives) = ReadingVote.Decide(r.Select(m => m.Reading).ToList());
            return (text, confidence, alternatives, (IReadOnlyList<EngineReading>)r.Select(m => new EngineReading(m.Model, OcrText.Tidy(m.Reading.Text), m.Reading.Confidence)).ToList());
        }).ToArray();
    }

    /// <summary>
    /// Text the English model read right or not at all: one or more phone numbers (seven digits or more) and only
    /// their separators (dashes of any width, slashes, commas, brackets), with no space between two digits (where it
    /// splits a number: <c>0474-4897 162</c>).
    /// </summary>
    internal static bool OnlyPhoneNumbers(string text) =>
        text.Count(char.IsAsciiDigit) >= 7 && text.All(c => char.IsAsciiDigit(c) || c is '-' or '—' or '–' or '/' or ',' or ';' or '(' or ')' or ' ')
        && !Enumerable.Range(1, Math.Max(0, text.Length - 2)).Any(k => text[k] == ' ' && char.IsAsciiDigit(text[k - 1]) && char.IsAsciiDigit(text[k + 1]));
}
