namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// One recognition model reading cells. This is where a second engine plugs in beside Tesseract
/// (<see cref="TesseractRecognizer"/>): layout finds the crops, the cell reader decides which models read which
/// crops and votes among them, and neither knows which engine read.
/// </summary>
public interface ICellRecognizer
{
    /// <summary>The model's name, as a reading plan lists it (<see cref="OcrEnginePool.Primary"/> …).</summary>
    string Model { get; }

    /// <summary>
    /// Each crop read on its own, the answers in the crops' order (<see cref="OcrReading.Empty"/> for nothing read).
    /// <paramref name="image"/> is the page scaled by <paramref name="scale"/> (the crops are in the unscaled page's
    /// pixels); <paramref name="lossy"/> says the page was JPEG-compressed.
    /// </summary>
    OcrReading[] Read(GrayImage image, float scale, IReadOnlyList<CellCrop> crops, bool lossy);
}
