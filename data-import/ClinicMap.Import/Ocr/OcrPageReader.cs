using ClinicMap.Core.Text;
using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Ocr.Reading;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// The OCR room's front door (<see cref="IPageReader"/>): decodes a page image, deskews it, and reads its table cell
/// by cell — a ruled table's cells from its rules (<see cref="RuledPage"/>), an unruled table's from its text lines and
/// the gutters of its ink (<see cref="UnruledPage"/>). Behind it: Engine/ binds the recognition engines (PaddleOCR
/// through ONNX Runtime, the main reader; Tesseract, the second; both <see cref="ICellRecognizer"/>s), Layout/ finds
/// tables and cells, Reading/ reads each cell with both and keeps both where they differ, Correction/ fixes place
/// names against the gazetteer.
/// Thread-safe: the engines come from the pool one caller at a time.
/// </summary>
public sealed class OcrPageReader : IPageReader
{
    private readonly OcrEnginePool _pool;
    private readonly CellReader _cells;

    public OcrPageReader(OcrEnginePool pool)
    {
        _pool = pool;
        _cells = new CellReader([new PaddleRecognizer(), .. OcrEnginePool.Models.Select(model => new TesseractRecognizer(pool, model))]);
    }

    /// <summary>Engines reading one page's cells at once (<see cref="TesseractRecognizer.Workers"/>), for warming the pool.</summary>
    public static int Workers => TesseractRecognizer.Workers;

    public PageReading ReadPage(byte[] image, string imageName, int pageNumber, string gridName, bool lossy)
    {
        using var page = GrayImage.Decode(image, imageName);
        var read = Read(page, pageNumber, gridName, lossy);
        return new PageReading(read?.Grid, read?.Title, page.Width, page.Height, page.CropPng(0, 0, page.Width, page.Height));
    }

    /// <summary>The table on a decoded page and the text above it, or <c>null</c> when the page holds no table.</summary>
    public (SourceGrid Grid, string? Title)? Read(GrayImage page, int pageNumber, string gridName, bool lossy = false)
    {
        var grid = RuledTable.Detect(page);
        return grid is null || grid.Rows < 2 || grid.Columns < 2
            ? new UnruledPage(_pool, _cells).Read(page, pageNumber, gridName, lossy)
            : new RuledPage(_pool, _cells).Read(page, grid, gridName, pageNumber, lossy);
    }

    /// <summary>A title as read: OCR's lookalikes tidied, blank as <c>null</c>.</summary>
    internal static string? CleanTitle(string text) => TextNormalizer.Clean(OcrText.Tidy(text));
}
