namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// A rectangle of the page to read as one cell, in row <paramref name="Row"/> and column <paramref name="Column"/>
/// of the table (0-based, the header's row first), in the page's pixels: a single line unless <paramref name="Block"/>;
/// <paramref name="Filled"/> when shaded (light text on a dark cell); <paramref name="Main"/> is what the main reader
/// already read there (the text lines a layout was built from), so that it is not read twice.
/// </summary>
public sealed record CellCrop(int Row, int Column, int X, int Y, int Width, int Height, bool Block, bool Filled, OcrReading? Main = null);
