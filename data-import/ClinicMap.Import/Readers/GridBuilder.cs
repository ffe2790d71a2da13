using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// Lays out table cells that declare row and column spans (HTML rowspan/colspan, Word gridSpan/vMerge) on a
/// grid, the way a browser does: each cell takes the first free column of its row, and a spanning cell fills
/// every position it covers, the covered ones pointing back at it. O(cells × span), each position counted
/// against the file's <see cref="CellBudget"/> (twenty cells spanning 1000 × 100 must not take the memory).
/// </summary>
public sealed class GridBuilder(CellBudget budget, string table)
{
    private readonly Dictionary<(int Row, int Column), GridCell> _cells = [];
    private int _rows;

    /// <summary>Places a cell in 1-based row <paramref name="row"/> (rows must be added top to bottom); returns its column.</summary>
    public int Add(int row, string? text, int rowSpan = 1, int colSpan = 1)
    {
        rowSpan = Math.Clamp(rowSpan, 1, 1000);
        colSpan = Math.Clamp(colSpan, 1, 100);
        budget.Take((long)rowSpan * colSpan, table);
        text = CellBudget.Bounded(text);
        var column = 1;
        while (_cells.ContainsKey((row, column)))
            column++;
        for (var r = row; r < row + rowSpan; r++)
        {
            for (var c = column; c < column + colSpan; c++)
                _cells[(r, c)] = new GridCell(c, text, r == row && c == column ? null : (row, column));
        }
        _rows = Math.Max(_rows, row);
        return column;
    }

    /// <summary>Extends the cell above (a Word vMerge continuation) down into this row at <paramref name="column"/>.</summary>
    public void ContinueFromAbove(int row, int column, int colSpan = 1)
    {
        budget.Take(colSpan, table);
        for (var c = column; c < column + colSpan; c++)
        {
            var above = _cells.GetValueOrDefault((row - 1, c));
            var origin = above?.MergedFrom ?? (row - 1, c);
            _cells[(row, c)] = new GridCell(c, above?.Text, origin);
        }
        _rows = Math.Max(_rows, row);
    }

    /// <summary>The first free column of a row, where the next <see cref="Add"/> would land.</summary>
    public int NextColumn(int row)
    {
        var column = 1;
        while (_cells.ContainsKey((row, column)))
            column++;
        return column;
    }

    public IReadOnlyList<GridRow> Build()
    {
        var width = _cells.Count == 0 ? 0 : _cells.Keys.Max(k => k.Column);
        // The blanks that fill the rectangle count too: one wide row makes every row that wide.
        budget.Take((long)width * _rows - _cells.Count, table);
        var rows = new List<GridRow>(_rows);
        for (var r = 1; r <= _rows; r++)
            rows.Add(new GridRow(r, Enumerable.Range(1, width).Select(c => _cells.GetValueOrDefault((r, c)) ?? new GridCell(c, null)).ToList()));
        return rows;
    }
}
