namespace ClinicMap.Import.Ocr;

/// <summary>
/// How a cell's text was read from an image: Tesseract's confidence (0–100), where on the page it was (so an
/// operator can see the crop beside the text), and, when a correction changed it, what was read before.
/// </summary>
public sealed record OcrEvidence(int Confidence, CellBox Box, string? ReadAs = null);
