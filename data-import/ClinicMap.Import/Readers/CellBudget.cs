using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// The cells one file may expand to, counted as a reader lays them out: cells a sheet declares, blanks a sparse
/// sheet implies (<c>&lt;c r="XFD1048576"&gt;</c>), positions a merged range or a rowspan/colspan covers. Past
/// <see cref="MaxCells"/> the file is refused with an <see cref="InputRejectedException"/> naming it and what grew,
/// before the memory is spent. A national list is ~60,000 cells; the bound is four times that.
/// </summary>
public sealed class CellBudget(string fileName, long maxCells = CellBudget.MaxCells)
{
    public const long MaxCells = 250_000;

    /// <summary>The most pages of a PDF read (a national list is ~150 pages of text, a scanned list a few dozen).</summary>
    public const int MaxPdfPages = 500;

    /// <summary>The most characters of one cell kept; a longer one is cut (real cells are at most a few hundred).</summary>
    public const int MaxCellCharacters = 4_000;

    private long _used;

    /// <summary>Cells laid out so far.</summary>
    public long Used => _used;

    /// <summary>Counts <paramref name="cells"/> more for <paramref name="what"/> (a sheet, a table); throws past the budget.</summary>
    public void Take(long cells, string what)
    {
        _used += Math.Max(0, cells);
        if (_used > maxCells)
            throw new InputRejectedException($"{fileName}: {what} expands to more than {maxCells:N0} cells; refusing the file (a real list has far fewer)");
    }

    /// <summary>A cell's text cut to <see cref="MaxCellCharacters"/>, so one hostile cell cannot make every later stage slow.</summary>
    public static string? Bounded(string? text) => text is { Length: > MaxCellCharacters } ? text[..MaxCellCharacters] : text;
}
