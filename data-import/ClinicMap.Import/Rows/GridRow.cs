namespace ClinicMap.Import.Rows;

/// <summary>One row of a <see cref="SourceGrid"/>; <paramref name="Number"/> is its 1-based row (or line) in the sheet or page.</summary>
/// <param name="Hidden">A row the author hid (Excel); it is reported, not imported.</param>
/// <param name="Top">Vertical position on its page (PDF), for telling wrapped cells from new rows; 0 elsewhere.</param>
public sealed record GridRow(int Number, IReadOnlyList<GridCell> Cells, bool Hidden = false, double Top = 0)
{
    public bool IsBlank => Cells.All(c => c.IsBlank);

    /// <summary>The cell in a 1-based column, or <c>null</c> when the row is shorter.</summary>
    public GridCell? this[int column] => Cells.FirstOrDefault(c => c.Column == column);

    /// <summary>The non-blank texts of the row, merged ranges counted once.</summary>
    public IReadOnlyList<string> DistinctTexts =>
        Cells.Where(c => !c.IsBlank).GroupBy(c => c.MergedFrom ?? (Number, c.Column)).Select(g => g.First().Text!.Trim()).ToList();
}
