using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// The file (or some of its pages) is an image of a table: it must go through OCR. Until the OCR stage exists
/// the import is refused whole, so that no page's rows are silently missing.
/// </summary>
public sealed class OcrRequiredException(string message) : InputRejectedException(message);
