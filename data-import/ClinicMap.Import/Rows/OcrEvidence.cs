namespace ClinicMap.Import.Rows;

/// <summary>
/// How a cell's text was read from an image: the confidence of its least certain character (0–100), where on the
/// page it was, so an operator can see the crop beside the text, and what the other models read there when that
/// differs (the OCR engine pool's second opinion).
/// </summary>
public sealed record OcrEvidence(int Confidence, CellBox Box, IReadOnlyList<string>? Alternatives = null);
