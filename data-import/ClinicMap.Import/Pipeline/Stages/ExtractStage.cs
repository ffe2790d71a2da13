using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// The "extract" stage: the first reader whose <see cref="ITableReader.CanRead"/> accepts the file reads it into
/// tables or records; only the sheets the operator named are kept; <see cref="TableInterpreter"/> turns the tables
/// into rows. A file with no row at all is refused, saying what was looked for.
/// </summary>
public sealed class ExtractStage(IReadOnlyList<ITableReader> readers) : IImportStage
{
    public Stage Stage => Stage.Extract;

    public Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        var (bytes, fileName, options) = (work.Bytes, work.FileName, work.Options);
        var head = bytes[..Math.Min(bytes.Length, 4096)];
        var reader = readers.FirstOrDefault(r => r.CanRead(fileName, head))
            ?? throw new InputRejectedException($"{fileName}: unsupported format; ClinicMap reads .csv .tsv .txt .xlsx .xls .html .docx .pdf .json (and images, through OCR)");
        var document = reader.Read(bytes, fileName, options.Encoding);

        var notices = new List<string>(document.Notices ?? []);
        var grids = document.Grids;
        if (options.Sheets.Count > 0)
        {
            var missing = options.Sheets.Where(s => !grids.Any(g => g.Name == s)).ToList();
            if (missing.Count > 0)
                throw new InputRejectedException($"{fileName}: no sheet named {string.Join(", ", missing.Select(m => $"'{m}'"))}; it has {string.Join(", ", grids.Select(g => $"'{g.Name}'"))}");
            grids = grids.Where(g => options.Sheets.Contains(g.Name)).ToList();
        }
        var (tableRows, tableTitle, tableNotices) = new TableInterpreter(options.ColumnOverrides).Interpret(grids);
        notices.AddRange(tableNotices);
        var rows = document.Records.Concat(tableRows).ToList();
        if (rows.Count == 0)
        {
            throw new InputRejectedException(grids.Count > 0 && document.Records.Count == 0
                ? $"{fileName}: no table with a recognisable header (a row naming the clinic column — 医院名称/机构名称/名称 — and one more such as 地址, 电话 or 区) in the first {TableInterpreter.HeaderSearchRows} rows of {string.Join(", ", grids.Select(g => $"'{g.Name}'"))}"
                : $"{fileName}: no rows found");
        }
        work.Extracted = new ExtractedList(NumberedOnce(rows), document.Title ?? tableTitle, document.PublishedOn ?? DocumentDates.Find(tableTitle), notices, document.PageImages);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The rows with numbers unique in the batch (its rows are stored and reviewed by number): sheets each count
    /// from their own first row, so a workbook with several numbers them in order of reading instead, and each row
    /// keeps its sheet's number for the messages that point a person at it.
    /// </summary>
    private static List<RawRow> NumberedOnce(List<RawRow> rows)
    {
        var numbers = new HashSet<int>();
        if (rows.TrueForAll(r => numbers.Add(r.RowNumber)))
            return rows;
        return rows.Select((r, i) => r with { RowNumber = i + 1, SourceRow = r.SourceRow ?? r.RowNumber }).ToList();
    }
}
