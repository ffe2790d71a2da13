namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// A rectangle of the page to read as one cell, in row <paramref name="Row"/> and column <paramref name="Column"/>
/// of the table (0-based, the header's row first), in the page's pixels: a single line unless <paramref name="Block"/>;
/// <paramref name="Filled"/> when shaded (light text on a dark cell).
/// </summary>
public sealed record CellCrop(int Row, int Column, int X, int Y, int Width, int Height, bool Block, bool Filled);
