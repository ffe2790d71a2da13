using System.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// Images of tables (PNG, JPEG, TIFF, BMP, GIF, WebP), recognised by their first bytes and read by OCR
/// (<see cref="IPageReader"/>); an image without a table is refused with a message saying so.
/// </summary>
public sealed class ImageTableReader(IPageReader pages) : ITableReader
{
    private static readonly (string Name, byte[] Magic)[] Signatures =
    [
        ("PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("JPEG", [0xFF, 0xD8, 0xFF]),
        ("TIFF", [0x49, 0x49, 0x2A, 0x00]),
        ("TIFF", [0x4D, 0x4D, 0x00, 0x2A]),
        ("BMP", [0x42, 0x4D]),
        ("GIF", [0x47, 0x49, 0x46, 0x38]),
    ];

    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"];

    /// <summary>The image format the bytes begin with, or <c>null</c>.</summary>
    public static string? FormatOf(ReadOnlySpan<byte> head)
    {
        foreach (var (name, magic) in Signatures)
        {
            if (head.StartsWith(magic))
                return name;
        }
        return head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? "WebP" : null;
    }

    public bool CanRead(string fileName, ReadOnlySpan<byte> head) =>
        FormatOf(head) is not null || Extensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    public ReadDocument Read(byte[] content, string fileName, Encoding? encoding)
    {
        var bytes = content;
        var format = FormatOf(bytes.AsSpan(0, Math.Min(bytes.Length, 16)))
            ?? throw new InputRejectedException($"{fileName}: named like an image, but its bytes are not PNG, JPEG, TIFF, BMP, GIF or WebP");
        var page = pages.ReadPage(bytes, fileName, 1, Path.GetFileName(fileName), lossy: format == "JPEG");
        var grid = page.Grid
            ?? throw new InputRejectedException($"{fileName}: no table found in this {format} image ({page.Width}×{page.Height}): neither ruled cells nor a line of known column headers");
        return ReadDocument.OfGrids([grid], page.Title, DocumentDates.Find(page.Title), [$"read by OCR from a {format} image ({page.Width}×{page.Height})"])
            with { PageImages = [page.Png] };
    }
}
