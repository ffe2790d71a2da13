namespace ClinicMap.Core.Imports;

/// <summary>
/// How one cell of a row was read from an image: its header, the text recognised, Tesseract's confidence (0–100),
/// and the cell's rectangle on the page image in pixels (a correction made later is recorded among the row's reasons).
/// </summary>
public sealed record CellEvidence(string Column, string? Text, int Confidence, int Page, int X, int Y, int Width, int Height);
