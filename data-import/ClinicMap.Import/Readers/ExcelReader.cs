using System.Globalization;
using System.Text;
using ClinicMap.Import.Rows;
using ExcelDataReader;

namespace ClinicMap.Import.Readers;

/// <summary>
/// XLSX and XLS workbooks (ExcelDataReader): every visible sheet becomes a <see cref="SourceGrid"/>, merged
/// ranges are expanded into their covered cells, hidden rows are marked (and reported, not imported; for XLSX
/// read from the sheet XML by <see cref="XlsxHiddenRows"/>, since row numbers there are the sheet's own) and
/// hidden sheets are skipped with a notice. Numbers keep their digits (<c>13812345678</c>, never <c>1.38E+10</c>).
/// </summary>
public sealed class ExcelReader : ITableReader
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFileMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public bool CanRead(string fileName, ReadOnlySpan<byte> head) =>
        fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith(".xls", StringComparison.OrdinalIgnoreCase);

    public ReadDocument Read(byte[] content, string fileName, Encoding? encoding)
    {
        TextDecoding.RegisterCodePages();
        var bytes = content;
        var hiddenInPackage = new Dictionary<string, HashSet<int>>();
        var isPackage = bytes.AsSpan().StartsWith(ZipMagic);
        if (isPackage)
            ZipGuard.Check(bytes, fileName, "xl/workbook.xml");
        else if (!bytes.AsSpan().StartsWith(CompoundFileMagic))
            throw new InputRejectedException($"{fileName}: not an Excel workbook (neither an XLSX package nor an XLS compound file)");

        var grids = new List<SourceGrid>();
        var notices = new List<string>();
        var budget = new CellBudget(fileName);
        try
        {
            // Inside the guard: a sheet's XML is the file's, and may be malformed anywhere (<row r="x">).
            if (isPackage)
                hiddenInPackage = XlsxHiddenRows.Read(bytes);
            using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(bytes, writable: false),
                new ExcelReaderConfiguration { FallbackEncoding = encoding ?? Encoding.GetEncoding("GB18030") });
            do
            {
                var sheet = reader.Name;
                var hiddenHere = hiddenInPackage.GetValueOrDefault(sheet) ?? [];
                var rows = new List<GridRow>();
                var number = 0;
                while (reader.Read())
                {
                    number++;
                    // Counted before the row is laid out: a sparse sheet declares 16,384 columns and a million rows.
                    budget.Take(reader.FieldCount, $"sheet '{sheet}'");
                    var cells = new List<GridCell>(reader.FieldCount);
                    for (var c = 0; c < reader.FieldCount; c++)
                        cells.Add(new GridCell(c + 1, CellBudget.Bounded(CellText(reader.GetValue(c)))));
                    rows.Add(new GridRow(number, cells, Hidden: (reader.RowHeight == 0 || hiddenHere.Contains(number)) && cells.Any(x => !x.IsBlank)));
                }
                if (!string.Equals(reader.VisibleState, "visible", StringComparison.OrdinalIgnoreCase))
                {
                    notices.Add($"sheet '{sheet}' is {reader.VisibleState} and was skipped");
                    continue;
                }
                var hidden = rows.Where(r => r.Hidden).Select(r => r.Number).ToList();
                if (hidden.Count > 0)
                    notices.Add($"sheet '{sheet}': hidden rows {string.Join(", ", hidden)} were not imported");
                grids.Add(new SourceGrid(sheet, ExpandMerges(rows, reader.MergeCells ?? [], budget, $"sheet '{sheet}'")));
            }
            while (reader.NextResult());
        }
        catch (Exception e) when (e is not InputRejectedException and not OutOfMemoryException)
        {
            throw new InputRejectedException($"{fileName}: not a readable Excel workbook ({e.GetType().Name}: {e.Message})", e);
        }
        return ReadDocument.OfGrids(grids, notices: notices);
    }

    private static List<GridRow> ExpandMerges(List<GridRow> rows, CellRange[] merges, CellBudget budget, string sheet)
    {
        if (merges.Length == 0)
            return rows;
        var grid = rows.Select(r => r.Cells.ToList()).ToList();
        foreach (var range in merges)
        {
            if (range.FromRow >= grid.Count)
                continue;
            var text = range.FromColumn < grid[range.FromRow].Count ? grid[range.FromRow][range.FromColumn].Text : null;
            budget.Take((long)(Math.Min(range.ToRow, grid.Count - 1) - range.FromRow + 1) * Math.Max(0, range.ToColumn - range.FromColumn + 1), sheet + "'s merged cells");
            for (var r = range.FromRow; r <= Math.Min(range.ToRow, grid.Count - 1); r++)
            {
                for (var c = range.FromColumn; c <= range.ToColumn; c++)
                {
                    while (grid[r].Count <= c)
                        grid[r].Add(new GridCell(grid[r].Count + 1, null));
                    grid[r][c] = new GridCell(c + 1, text, (range.FromRow + 1, range.FromColumn + 1));
                }
            }
        }
        return rows.Select((row, i) => row with { Cells = grid[i] }).ToList();
    }

    private static string? CellText(object? value) => value switch
    {
        null => null,
        string s => s,
        double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => d.ToString("0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.###############", CultureInfo.InvariantCulture),
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString(@"hh\:mm", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
