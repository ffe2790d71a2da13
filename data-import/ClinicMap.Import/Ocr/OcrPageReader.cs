using ClinicMap.Core.Text;
using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Ocr.Reading;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// The OCR room's front door (<see cref="IPageReader"/>): decodes a page image, deskews it (a photograph or scan
/// Leptonica leaves tilted is turned level by its detected lines), and reads its table cell
/// by cell — a ruled table's cells from its rules (<see cref="RuledPage"/>), any other table's from PaddleOCR's detected
/// text lines (<see cref="DetectedPage"/>), Tesseract's own layout the last resort (<see cref="UnruledPage"/>). Behind it: Engine/ binds the recognition engines (PaddleOCR
/// through ONNX Runtime, the main reader; Tesseract, the second; both <see cref="ICellRecognizer"/>s), Layout/ finds
/// tables and cells, Reading/ reads each cell with both and keeps both where they differ, Correction/ fixes place
/// names against the gazetteer.
/// Thread-safe: the engines come from the pool one caller at a time.
/// </summary>
public sealed class OcrPageReader : IPageReader
{
    private readonly OcrEnginePool _pool;
    private readonly CellReader _cells;
    private readonly DetectedPage _detected;
    private readonly PaddleDetector _detector = new();

    public OcrPageReader(OcrEnginePool pool)
    {
        _pool = pool;
        var paddle = new PaddleRecognizer();
        _cells = new CellReader([paddle, .. OcrEnginePool.Models.Select(model => new TesseractRecognizer(pool, model))]);
        _detected = new DetectedPage(_cells, _detector, paddle);
    }

    /// <summary>Engines reading one page's cells at once (<see cref="TesseractRecognizer.Workers"/>), for warming the pool.</summary>
    public static int Workers => TesseractRecognizer.Workers;

    public PageReading ReadPage(byte[] image, string imageName, int pageNumber, string gridName, bool lossy)
    {
        using var decoded = GrayImage.Decode(image, imageName);
        // Leptonica leaves some pages tilted (a blurred photograph in perspective), and their lines read as nonsense;
        // the detected text lines still give the tilt away. A photograph or scan is looked at first (a level one's
        // lines are then laid out as detected, not detected again); a screenshot, level as a rule, only when its
        // reading names no column.
        var lines = lossy ? _detector.Detect(decoded) : null;
        using var turned = lines is not null && Tilt(lines) is { } slope ? decoded.Level(slope) : null;
        var page = turned ?? decoded;
        var read = Read(page, pageNumber, gridName, lossy, turned is null ? lines : null);
        using var late = !lossy && (read is not { } found || !HasHeader(found.Grid)) && Tilt(_detector.Detect(decoded)) is { } tilt ? decoded.Level(tilt) : null;
        if (late is not null)
            (page, read) = (late, Read(late, pageNumber, gridName, lossy));
        return new PageReading(read?.Grid, read?.Title, page.Width, page.Height, page.CropPng(0, 0, page.Width, page.Height));
    }

    /// <summary>The slope below which a page counts as level (about half a degree).</summary>
    private const double Level = 0.01;

    /// <summary>The median slope of a page's long detected text lines (at least four times as wide as tall), when it is not level.</summary>
    private static double? Tilt(IReadOnlyList<DetectedLine> lines)
    {
        var slopes = lines.Where(l => l.Width >= 4 * l.Height).Select(l => l.Slope).Order().ToList();
        return slopes.Count >= 8 && Math.Abs(slopes[slopes.Count / 2]) >= Level ? slopes[slopes.Count / 2] : null;
    }

    public PageRules? FindRules(byte[] image, string imageName, IReadOnlyList<CellBox> text)
    {
        using var page = GrayImage.Decode(image, imageName, deskew: false);
        RuledTable.EraseText(page, text);
        if (RuledTable.Detect(page) is not { Rows: >= 2, Columns: >= 2 } grid)
            return null;
        return new PageRules(grid.Rows, grid.Columns, grid.Regions.Select(r => new RuledRegion(r.Row, r.Column, r.LastRow, r.LastColumn,
            grid.ColumnRules[r.Column], grid.RowRules[r.Row], grid.ColumnRules[r.LastColumn + 1], grid.RowRules[r.LastRow + 1])).ToList());
    }

    /// <summary>
    /// The table on a decoded page and the text above it, or <c>null</c> when the page holds no table. A ruled grid
    /// is read from its rules when the reading has a header a list could have (the clinic column and another known
    /// column named in one of its first rows), the grid reaches the end of the page's text and, on a scan, the
    /// engines dispute few of its cells (<see cref="MaxDisputed"/>). Otherwise the page is laid out from PaddleOCR's
    /// detected text lines (<see cref="DetectedPage"/>), which bent, blurred or unevenly lit pages keep and which
    /// find every cell of an unruled table, whatever its shading. Whatever reads a header wins; failing all, the
    /// ruled reading, or for a page without rules Tesseract's own layout (<see cref="UnruledPage"/>), is returned
    /// (the table interpreter then says what it misses).
    /// </summary>
    public (SourceGrid Grid, string? Title)? Read(GrayImage page, int pageNumber, string gridName, bool lossy = false, IReadOnlyList<DetectedLine>? lines = null)
    {
        var grid = RuledTable.Detect(page);
        (SourceGrid Grid, string? Title)? ruled = null;
        if (grid is { Rows: >= 2, Columns: >= 2 })
        {
            ruled = new RuledPage(_pool, _cells).Read(page, grid, gridName, pageNumber, lossy);
            if (ruled is { } read && HasHeader(read.Grid) && Complete(page, grid) && (!lossy || Disputed(read.Grid) <= MaxDisputed))
                return ruled;
        }
        if (_detected.Read(page, pageNumber, gridName, lossy, lines) is { } detected && HasHeader(detected.Grid))
            return detected;
        return ruled ?? new UnruledPage(_pool, _cells).Read(page, pageNumber, gridName, lossy);
    }

    /// <summary>
    /// Whether a ruled grid reaches the end of the page's text: a grid found in part (rules broken by blur or bent by
    /// a photograph) leaves rows of ink below its last rule, more than two of its rows' height.
    /// </summary>
    private static bool Complete(GrayImage page, RuledTable.Grid grid)
    {
        var bottom = grid.RowRules[^1] + 3;
        var rowHeight = (grid.RowRules[^1] - grid.RowRules[0]) / Math.Max(1, grid.Rows);
        if (page.Height - bottom < 2 * rowHeight)
            return true;
        var ink = Ink.Measure(page, 0, bottom, page.Width, page.Height - bottom, page.OtsuThreshold());
        return ink.IsBlank || ink.Bottom - ink.Top < 2 * rowHeight;
    }

    /// <summary>
    /// The share of a scan's ruled cells above which its detected text lines are tried as well: rules found on a
    /// damaged page often cut through text, and the engines then disagree on many cells (docs/BENCHMARKS.md, "OCR").
    /// </summary>
    private const double MaxDisputed = 0.2;

    /// <summary>The share of a grid's read cells the engines disputed or read unsurely.</summary>
    private static double Disputed(SourceGrid grid)
    {
        var read = grid.Rows.SelectMany(r => r.Cells).Where(c => c.Ocr is not null && c.Text is not null).ToList();
        return read.Count == 0 ? 1 : read.Count(c => c.Ocr!.Alternatives is not null || c.Ocr.Confidence < Pipeline.Stages.OcrStage.MinConfidence) / (double)read.Count;
    }

    /// <summary>Rows of a grid the table interpreter looks for its header in.</summary>
    private const int HeaderRows = 20;

    /// <summary>Whether a row the interpreter looks at names the clinic column and one more known column, as it requires of a header.</summary>
    private static bool HasHeader(SourceGrid grid) =>
        grid.Rows.Take(HeaderRows).Select(row => row.Cells.Select(c => c.Text is { } text ? ColumnSynonyms.FieldOfMisread(text) : null).OfType<Field>().ToList())
            .Any(fields => fields.Contains(Field.Name) && fields.Count >= 2);

    /// <summary>A title as read: OCR's lookalikes tidied, blank as <c>null</c>.</summary>
    internal static string? CleanTitle(string text) => TextNormalizer.Clean(OcrText.Tidy(text));
}
