using System.Text;

namespace ClinicMap.Import.Readers;

/// <summary>Recognises images of tables (PNG, JPEG, TIFF, BMP, GIF, WebP) by their first bytes and hands them to OCR.</summary>
public sealed class ImageDetector : ITableReader
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

    public ReadDocument Read(Stream content, string fileName, Encoding? encoding)
    {
        var head = new byte[16];
        var read = content.Read(head, 0, head.Length);
        var format = FormatOf(head.AsSpan(0, read))
            ?? throw new InputRejectedException($"{fileName}: named like an image, but its bytes are not PNG, JPEG, TIFF, BMP, GIF or WebP");
        throw new OcrRequiredException($"{fileName}: a {format} image of a table; it needs OCR, which this build does not run yet");
    }
}
