using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr.Reading;

/// <summary>
/// Reads a page's cells with several recognition models and decides each cell's text. The header's rows are read
/// first, so that a phone column can be read with the digits model; a cell is read by the first model of its plan,
/// again by the next while it is unsure or its readings disagree, and its text is decided by
/// <see cref="ReadingVote.Decide"/> with every other reading kept beside it (<see cref="OcrEvidence.Alternatives"/>),
/// so the row goes to a reviewer with them. docs/BENCHMARKS.md ("OCR") has what each choice measured.
/// </summary>
public sealed class CellReader
{
    /// <summary>A cell read with at least this confidence is not read again by the second model.</summary>
    private const int SureConfidence = 98;

    /// <summary>How many rows from the top may stand above the header of a table (a title inside the grid).</summary>
    private const int MaxRowsAboveHeader = 3;

    private readonly Dictionary<string, ICellRecognizer> _recognizers;

    public CellReader(IEnumerable<ICellRecognizer> recognizers) =>
        _recognizers = recognizers.ToDictionary(r => r.Model, StringComparer.Ordinal);

    /// <summary>The models in the order they read a cell: the scan model first on a JPEG page, the screen model first otherwise.</summary>
    private static string[] Plan(bool lossy) => lossy
        ? [OcrEnginePool.Scan, OcrEnginePool.Primary, OcrEnginePool.SecondOpinion]
        : [OcrEnginePool.Primary, OcrEnginePool.SecondOpinion, OcrEnginePool.Scan];

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

    private static (string?, OcrEvidence?) Cell(CellCrop crop, (string Text, int Confidence, IReadOnlyList<string>? Alternatives) decided, int pageNumber)
    {
        var box = new CellBox(pageNumber, crop.X, crop.Y, crop.Width, crop.Height);
        var (text, confidence, alternatives) = decided;
        return text.Length == 0 ? (null, new OcrEvidence(0, box)) : (text, new OcrEvidence(confidence, box, alternatives is { Count: > 0 } ? alternatives : null));
    }

    /// <summary>
    /// Reads each crop with the first model of its plan; again with the second when it holds Chinese or a phone
    /// number read with less than <see cref="SureConfidence"/>; and with the third where those two disagree. A cell
    /// of a phone column is read before all of them by <see cref="OcrEnginePool.Digits"/>, whose reading is dropped
    /// when it holds anything a phone number does not (<see cref="OnlyPhoneNumbers"/>), such as Chinese it cannot read.
    /// </summary>
    private (string Text, int Confidence, IReadOnlyList<string>? Alternatives)[] ReadCrops(GrayImage image, float scale, List<CellCrop> crops, bool lossy, HashSet<int> phoneColumns)
    {
        var models = Plan(lossy);
        var sequences = crops.Select(c => phoneColumns.Contains(c.Column) ? [OcrEnginePool.Digits, .. models] : models).ToArray();
        var readings = crops.Select(_ => new List<OcrReading>()).ToArray();
        var next = new int[crops.Count];
        var pending = Enumerable.Range(0, crops.Count).ToList();
        while (pending.Count > 0)
        {
            foreach (var group in pending.GroupBy(i => sequences[i][next[i]]))
            {
                var indices = group.ToList();
                var again = _recognizers[group.Key].Read(image, scale, indices.Select(i => crops[i]).ToList(), lossy);
                for (var k = 0; k < indices.Count; k++)
                {
                    next[indices[k]]++;
                    if (group.Key != OcrEnginePool.Digits || OnlyPhoneNumbers(again[k].Text))
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
        return readings.Select(ReadingVote.Decide).ToArray();
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
}
