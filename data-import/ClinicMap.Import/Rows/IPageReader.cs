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
}

/// <summary>
/// One page read by <see cref="IPageReader"/>: its table as a grid whose cells carry <see cref="OcrEvidence"/>
/// (<c>null</c> when the page holds none), the text above the table (the notice's title), the page's size and the
/// page itself as a grey PNG, for the reviewer's crops.
/// </summary>
public sealed record PageReading(SourceGrid? Grid, string? Title, int Width, int Height, byte[] Png);
