using static ClinicMap.Import.Ocr.NativeMethods;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// One Tesseract instance with the simplified-Chinese model. Not thread-safe (Tesseract's own rule): rent one per
/// thread from <see cref="OcrEnginePool"/>. Loading chi_sim takes ~80 ms, so instances are reused; every call
/// that takes variables resets them to the defaults below first, since Tesseract keeps them between calls.
/// </summary>
public sealed class TesseractEngine : IDisposable
{
    /// <summary>Page-segmentation modes used here (tesseract/publictypes.h).</summary>
    public const int SingleBlock = 6, SingleLine = 7, RawLine = 13;

    private static readonly object OpenMpOnce = new();
    private static bool _threadLimitSet;
    private IntPtr _handle;

    public TesseractEngine(string language = "chi_sim")
    {
        LimitOpenMpThreads();
        _handle = TessBaseAPICreate();
        if (_handle == IntPtr.Zero || TessBaseAPIInit3(_handle, null, language) != 0)
        {
            Dispose();
            throw new InvalidOperationException($"Tesseract could not load the '{language}' model (Debian package tesseract-ocr-chi-sim)");
        }
        // Empty cells otherwise print a statistics dump to stderr.
        SetVariable("debug_file", "/dev/null");
    }

    /// <summary>Makes <paramref name="image"/> the page that following <see cref="Recognize"/> calls read.</summary>
    public void SetImage(GrayImage image, int dpi = 300)
    {
        TessBaseAPISetImage2(Handle, image.Handle);
        TessBaseAPISetSourceResolution(Handle, dpi);
    }

    /// <summary>
    /// Recognises one rectangle of the current image; returns the text (trimmed) and its confidence 0–100: the
    /// lowest confidence of any one character, because in Chinese one misread rare character (泉 → 凡) hides
    /// inside a word whose mean confidence stays high.
    /// </summary>
    public (string Text, int Confidence) Recognize(int x, int y, int width, int height, int pageSegmentationMode, string? whitelist = null)
    {
        SetVariable("tessedit_char_whitelist", whitelist ?? "");
        TessBaseAPISetPageSegMode(Handle, pageSegmentationMode);
        TessBaseAPISetRectangle(Handle, x, y, width, height);
        var text = TakeText(TessBaseAPIGetUTF8Text(Handle)) ?? "";
        return (text.Trim(), LowestSymbolConfidence());
    }

    private int LowestSymbolConfidence()
    {
        const int symbolLevel = 4; // RIL_SYMBOL
        var iterator = TessBaseAPIGetIterator(Handle);
        if (iterator == IntPtr.Zero)
            return TessBaseAPIMeanTextConf(Handle);
        try
        {
            var lowest = 100f;
            do
            {
                lowest = Math.Min(lowest, TessResultIteratorConfidence(iterator, symbolLevel));
            }
            while (TessResultIteratorNext(iterator, symbolLevel) != 0);
            return (int)Math.Round(Math.Clamp(lowest, 0, 100));
        }
        finally
        {
            TessResultIteratorDelete(iterator);
        }
    }

    /// <summary>Word boxes of the whole current image as Tesseract's TSV (level, page, block, par, line, word, left, top, width, height, conf, text).</summary>
    public string WordsTsv(int pageSegmentationMode = SingleBlock)
    {
        SetVariable("tessedit_char_whitelist", "");
        TessBaseAPISetPageSegMode(Handle, pageSegmentationMode);
        return TakeText(TessBaseAPIGetTsvText(Handle, 0)) ?? "";
    }

    private void SetVariable(string name, string value)
    {
        if (TessBaseAPISetVariable(Handle, name, value) == 0)
            throw new InvalidOperationException($"Tesseract refused the variable {name}");
    }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(TesseractEngine));

    /// <summary>With OpenMP threads on a 2-core machine a page takes 7 s instead of 1 s; the limit must be in the C environment.</summary>
    private static void LimitOpenMpThreads()
    {
        lock (OpenMpOnce)
        {
            if (_threadLimitSet)
                return;
            if (Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT") is null)
                _ = SetEnv("OMP_THREAD_LIMIT", "1", 0);
            _threadLimitSet = true;
        }
    }

    public void Dispose()
    {
        if (_handle == IntPtr.Zero)
            return;
        TessBaseAPIEnd(_handle);
        TessBaseAPIDelete(_handle);
        _handle = IntPtr.Zero;
    }
}
