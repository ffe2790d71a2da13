using System.Globalization;
using System.Text;
using ClinicMap.Import.Rows;
using CsvHelper;
using CsvHelper.Configuration;

namespace ClinicMap.Import.Readers;

/// <summary>
/// CSV, TSV and TXT lists (CsvHelper's RFC 4180 parser: quoted fields, embedded commas and line breaks). The
/// encoding is detected by <see cref="TextDecoding"/> unless overridden; the delimiter is a tab for .tsv and,
/// otherwise, whichever of comma, tab, semicolon, vertical bar and full-width comma splits the first lines most
/// consistently. Each line becomes one <see cref="GridRow"/> numbered as the file's line.
/// </summary>
public sealed class DelimitedTextReader : ITableReader
{
    private static readonly string[] Extensions = [".csv", ".tsv", ".txt", ".tab"];
    private static readonly char[] Candidates = [',', '\t', ';', '|', '，'];

    public bool CanRead(string fileName, ReadOnlySpan<byte> head) =>
        Extensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    public ReadDocument Read(byte[] content, string fileName, Encoding? encoding)
    {
        var (text, encodingName) = TextDecoding.Decode(content, fileName, encoding);
        var delimiter = fileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : DetectDelimiter(text);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = false,
        };
        var rows = new List<GridRow>();
        var budget = new CellBudget(fileName);
        using (var reader = new StringReader(text))
        using (var parser = new CsvParser(reader, configuration))
        {
            while (parser.Read())
            {
                var record = parser.Record ?? [];
                budget.Take(record.Length, "the table");
                rows.Add(new GridRow(parser.RawRow, record.Select((value, i) => new GridCell(i + 1, CellBudget.Bounded(value))).ToList()));
            }
        }
        return ReadDocument.OfGrids([new SourceGrid(Path.GetFileName(fileName), rows)],
            notices: [$"read as {encodingName}, delimited by {(delimiter == '\t' ? "tab" : $"'{delimiter}'")}"]);
    }

    /// <summary>The candidate that appears the same non-zero number of times on the most of the first 30 non-blank lines.</summary>
    private static char DetectDelimiter(string text)
    {
        var lines = text.Split('\n').Where(l => l.Trim().Length > 0).Take(30).ToList();
        var best = ',';
        var bestScore = -1;
        foreach (var candidate in Candidates)
        {
            var counts = lines.Select(l => l.Count(c => c == candidate)).Where(n => n > 0).ToList();
            if (counts.Count == 0)
                continue;
            var score = counts.GroupBy(n => n).Max(g => g.Count());
            if (score > bestScore)
                (best, bestScore) = (candidate, score);
        }
        return best;
    }
}
