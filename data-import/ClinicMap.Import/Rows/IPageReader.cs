namespace ClinicMap.Import.Rows;

/// <summary>
/// How the readers of images and scanned PDFs reach OCR: one page image in, its table out. The readers know nothing
/// of the engines behind it (the Ocr folder implements it).
/// </summary>
public interface IPageReader
{
    /// <summary>
    /// Reads the table on one page image (PNG, JPEG, TIFF, BMP, GIF or WebP bytes). <paramref name="imageName"/> names
    /// the image in messages, <paramref name="gridName"/> the table read from it; <paramref name="lossy"/> says the page
    /// was JPEG-compressed (a photo or a scan).
    /// </summary>
    /// <exception cref="InputRejectedException">The bytes are not an image that can be decoded.</exception>
    PageReading ReadPage(byte[] image, string imageName, int pageNumber, string gridName, bool lossy);

    /// <summary>
    /// The cells a ruled table draws on a page image that is level and clean (a PDF's page rasterised), in the
    /// image's pixels; <c>null</c> when the page has no ruled table of at least two rows and two columns.
    /// <paramref name="text"/> are boxes the caller knows hold text (a PDF's words), left out of the search: on a
    /// small raster a line of close-set characters runs through the vertical rules it meets as far as a rule does.
    /// </summary>
    /// <exception cref="InputRejectedException">The bytes are not an image that can be decoded.</exception>
    PageRules? FindRules(byte[] image, string imageName, IReadOnlyList<CellBox> text);
}

/// <summary>The cells of a ruled table on a page (<see cref="IPageReader.FindRules"/>): every region between rules, a merged one once.</summary>
public sealed record PageRules(int Rows, int Columns, IReadOnlyList<RuledRegion> Regions)
{
    public double Left => Regions.Min(r => r.Left);

    public double Top => Regions.Min(r => r.Top);

    public double Right => Regions.Max(r => r.Right);

    public double Bottom => Regions.Max(r => r.Bottom);
}

/// <summary>One region of a ruled table: its first and last grid row and column (0-based) and the rules around it, in pixels.</summary>
public sealed record RuledRegion(int Row, int Column, int LastRow, int LastColumn, double Left, double Top, double Right, double Bottom)
{
    public bool Contains(double x, double y) => x >= Left && x < Right && y >= Top && y < Bottom;
}

/// <summary>
/// One page read by <see cref="IPageReader"/>: its table as a grid whose cells carry <see cref="OcrEvidence"/>
/// (<c>null</c> when the page holds none), the text above the table (the notice's title), the page's size and the
/// page itself as a grey PNG, for the reviewer's crops.
/// </summary>
public sealed record PageReading(SourceGrid? Grid, string? Title, int Width, int Height, byte[] Png);
