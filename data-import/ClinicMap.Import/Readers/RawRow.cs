namespace ClinicMap.Import.Readers;

/// <summary>One input row exactly as read: header → cell text, in input order, with where it came from.</summary>
/// <param name="RowNumber">1-based position among the data rows of its sheet or list.</param>
/// <param name="Sheet">The sheet, page or nested list the row came from; <c>null</c> for a single table.</param>
public sealed record RawRow(int RowNumber, string? Sheet, IReadOnlyList<KeyValuePair<string, string?>> Cells);
