namespace ClinicMap.Import.Rows;

/// <summary>
/// One cell of a sheet, page or table as read. A merged range is expanded: every covered cell carries the
/// range's text and <see cref="MergedFrom"/> points at the range's top-left cell (row, column), so a district
/// merged down a column reaches every row it spans without anyone guessing.
/// </summary>
/// <param name="Column">1-based column.</param>
/// <param name="Ocr">For a cell read from an image: confidence and where it is on the page.</param>
public sealed record GridCell(int Column, string? Text, (int Row, int Column)? MergedFrom = null, OcrEvidence? Ocr = null)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);
}
