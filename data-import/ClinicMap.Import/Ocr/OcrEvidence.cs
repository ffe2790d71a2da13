namespace ClinicMap.Import.Ocr;

/// <summary>
/// How a cell's text was read from an image: the confidence of its least certain character (0–100) and where on
/// the page it was, so an operator can see the crop beside the text.
/// </summary>
public sealed record OcrEvidence(int Confidence, CellBox Box);
