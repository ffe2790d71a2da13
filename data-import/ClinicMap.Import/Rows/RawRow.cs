using System.Globalization;

namespace ClinicMap.Import.Rows;

/// <summary>One input row exactly as read: header → cell text, in column order, with where it came from.</summary>
/// <param name="RowNumber">1-based row in its sheet (as a spreadsheet shows it) or position in its list.</param>
/// <param name="Sheet">The sheet, page or nested list the row came from; <c>null</c> for a single table.</param>
/// <param name="Carried">Fields the row inherits from its table's structure (a section heading's district), used only where its own cell is blank.</param>
/// <param name="Columns">The field each header names, as the table interpreter mapped it; <c>null</c> for JSON records, mapped by key.</param>
/// <param name="Flags">Reasons the table's structure gives the row before any stage runs (a structure row, shifted columns).</param>
/// <param name="Evidence">For rows read by OCR: each cell's confidence and box, aligned with <paramref name="Cells"/>.</param>
public sealed record RawRow(
    int RowNumber,
    string? Sheet,
    IReadOnlyList<KeyValuePair<string, string?>> Cells,
    IReadOnlyDictionary<Field, string>? Carried = null,
    IReadOnlyList<Field?>? Columns = null,
    IReadOnlyList<ClinicMap.Core.Imports.RowReason>? Flags = null,
    IReadOnlyList<OcrEvidence?>? Evidence = null)
{
    /// <summary>
    /// The row's number in its sheet when <see cref="RowNumber"/> had to be renumbered to be unique in its batch (a
    /// workbook whose sheets each count from 1); <c>null</c> when the two are the same.
    /// </summary>
    public int? SourceRow { get; init; }

    /// <summary>How messages name the row, as its sheet numbers it: <c>row 12</c> or <c>十堰市 row 12</c>.</summary>
    public string Where => Sheet is null
        ? string.Create(CultureInfo.InvariantCulture, $"row {SourceRow ?? RowNumber}")
        : string.Create(CultureInfo.InvariantCulture, $"{Sheet} row {SourceRow ?? RowNumber}");
}
