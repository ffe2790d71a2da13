namespace ClinicMap.Import.Rows;

/// <summary>A table as read from one sheet, page run or HTML/Word table, before its header is found.</summary>
/// <param name="Name">How an operator finds it: the sheet name, <c>table 2</c>, <c>pages 1–3</c>.</param>
public sealed record SourceGrid(string Name, IReadOnlyList<GridRow> Rows);
