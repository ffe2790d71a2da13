namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// A Tesseract model as an <see cref="ICellRecognizer"/>: each crop read on its own, shared among up to
/// <see cref="Workers"/> engines of the model from the pool on their own threads (each engine holds its own copy of
/// the image) however few the crops are — a page's few disputed cells are its slowest, read larger. The scan model,
/// trained on larger text, reads a screenshot (a lossless page not already scaled) <see cref="ScanUp"/> times larger.
/// </summary>
public sealed class TesseractRecognizer(OcrEnginePool pool, string model) : ICellRecognizer
{
    /// <summary>How much larger the scan model reads a screenshot's cells (docs/BENCHMARKS.md, "OCR").</summary>
    public const float ScanUp = 1.5f;

    /// <summary>Engines reading one page's cells at once: the cores there are, at most four.</summary>
    public static readonly int Workers = Math.Clamp(Environment.ProcessorCount, 1, 4);

    public string Model => model;

    public OcrReading[] Read(GrayImage image, float scale, IReadOnlyList<CellCrop> crops, bool lossy)
    {
        using var upscaled = model == OcrEnginePool.Scan && !lossy && scale == 1 ? image.Scale(ScanUp) : null;
        return Read(upscaled ?? image, upscaled is null ? scale : ScanUp * scale, crops);
    }

    private OcrReading[] Read(GrayImage image, float scale, IReadOnlyList<CellCrop> crops)
    {
        var read = new OcrReading[crops.Count];
        var workers = Math.Clamp(crops.Count, 1, Workers);
        var taken = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            using var lease = pool.Rent(model);
            lease.Engine.SetImage(image);
            // Each engine takes the next crop not yet taken, so none waits while the other reads a long cell.
            for (var i = Interlocked.Increment(ref taken); i < crops.Count; i = Interlocked.Increment(ref taken))
            {
                var crop = crops[i];
                int x = (int)(crop.X * scale), y = (int)(crop.Y * scale), width = (int)(crop.Width * scale), height = (int)(crop.Height * scale);
                var mode = crop.Block ? TesseractEngine.SingleBlock : TesseractEngine.SingleLine;
                var reading = lease.Engine.Recognize(x, y, width, height, mode, crop.Filled);
                // An inked cell read as nothing (bold headers on a blurred scan): try again treating it as a block, then as a raw line.
                foreach (var retry in new[] { TesseractEngine.SingleBlock, TesseractEngine.RawLine })
                {
                    if (reading.Text.Length > 0 || retry == mode)
                        continue;
                    reading = lease.Engine.Recognize(x, y, width, height, retry, crop.Filled);
                }
                read[i] = reading;
            }
        });
        return read;
    }
}
