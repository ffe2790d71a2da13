using System.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// Decides how the bytes of a text file are to be read: a byte-order mark wins; then strict UTF-8; then UTF-16
/// without a mark (every other byte zero); then GB18030, which covers GBK and GB2312, as Excel in China saves
/// CSV. Decoding is strict: a byte sequence the encoding cannot read is an error that names its line, never a
/// silent U+FFFD. O(n).
/// </summary>
public static class TextDecoding
{
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Ensures the code-page encodings (GB18030, GBK, Big5 …) are available; idempotent.</summary>
    public static void RegisterCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>An encoding by the names operators type: utf-8, utf-16, gb18030, gbk, gb2312, big5 …; <c>null</c> when unknown.</summary>
    public static Encoding? ByName(string name)
    {
        RegisterCodePages();
        try
        {
            return Encoding.GetEncoding(name.Trim().ToLowerInvariant() switch { "gbk" or "gb2312" or "cp936" => "GB18030", var n => n });
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Decodes <paramref name="bytes"/> with <paramref name="forced"/> or the detected encoding.</summary>
    /// <exception cref="InputRejectedException">The bytes are binary, or not valid in the encoding; the message names the line.</exception>
    public static (string Text, string EncodingName) Decode(byte[] bytes, string fileName, Encoding? forced)
    {
        RegisterCodePages();
        var (encoding, bomLength) = forced is null ? Detect(bytes) : (forced, PreambleLength(bytes, forced));
        if (forced is null && LooksBinary(bytes))
            throw new InputRejectedException($"{fileName}: this is not a text file (it holds binary data); a CSV/TSV/TXT list must be text");
        var strict = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        try
        {
            return (strict.GetString(bytes, bomLength, bytes.Length - bomLength), encoding.WebName);
        }
        catch (DecoderFallbackException e)
        {
            var offset = bomLength + Math.Max(0, e.Index);
            var line = 1 + bytes.AsSpan(0, Math.Min(offset, bytes.Length)).Count((byte)'\n');
            throw new InputRejectedException($"{fileName}: line {line} is not valid {encoding.WebName} (byte {offset}); pass --encoding with the file's real encoding", e);
        }
    }

    private static (Encoding, int) Detect(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
            return (new UTF8Encoding(false), 3);
        if (bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE }))
            return (Encoding.Unicode, 2);
        if (bytes.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF }))
            return (Encoding.BigEndianUnicode, 2);
        if (IsValidUtf8(bytes))
            return (new UTF8Encoding(false), 0);
        var sample = Math.Min(bytes.Length, 4096) & ~1;
        if (sample >= 4)
        {
            int zeroOdd = 0, zeroEven = 0;
            for (var i = 0; i < sample; i += 2)
            {
                if (bytes[i] == 0) zeroEven++;
                if (bytes[i + 1] == 0) zeroOdd++;
            }
            // Neither UTF-8 nor GB18030 text holds NUL bytes; UTF-16 holds one in every ASCII code unit (the
            // commas, digits and line breaks of a list), on the same side; a CJK character such as U+5E00 adds
            // the odd one on the other side.
            var units = sample / 2;
            if (zeroOdd >= Math.Max(2, units / 50) && zeroOdd > 4 * zeroEven)
                return (Encoding.Unicode, 0);
            if (zeroEven >= Math.Max(2, units / 50) && zeroEven > 4 * zeroOdd)
                return (Encoding.BigEndianUnicode, 0);
        }
        return (Encoding.GetEncoding("GB18030"), 0);
    }

    private static bool IsValidUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static int PreambleLength(byte[] bytes, Encoding encoding)
    {
        var preamble = encoding.GetPreamble();
        return preamble.Length > 0 && bytes.AsSpan().StartsWith(preamble) ? preamble.Length : 0;
    }

    /// <summary>NUL bytes outside UTF-16, or many control characters: an image, a zip, an executable renamed .csv.</summary>
    private static bool LooksBinary(byte[] bytes)
    {
        var sample = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        var (encoding, _) = Detect(bytes);
        if (encoding.CodePage is 1200 or 1201)
            return false;
        var controls = 0;
        foreach (var b in sample)
        {
            if (b == 0)
                return true;
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n' and not 0x0C)
                controls++;
        }
        return controls > sample.Length / 50;
    }
}
