using System.Runtime.InteropServices;
using ClinicMap.Import.Rows;
using static ClinicMap.Import.Ocr.Engine.NativeMethods;

namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// One Tesseract instance with one model (by default the simplified-Chinese one). Not thread-safe (Tesseract's own rule): rent one per
/// thread from <see cref="OcrEnginePool"/>. Loading a model is slow next to reading a cell, so instances are reused; every call
/// sees to the variables it depends on (<c>tessedit_do_invert</c>), since Tesseract keeps them between calls — set
/// only when they change, as Tesseract finds a variable by comparing its name with each of its ~600 in turn.
/// </summary>
public sealed class TesseractEngine : IDisposable
{
    /// <summary>Page-segmentation modes used here (tesseract/publictypes.h).</summary>
    public const int SingleBlock = 6, SingleLine = 7, RawLine = 13;

    private static readonly object OpenMpOnce = new();
    private static bool _threadLimitSet;
    private IntPtr _handle;
    private bool? _invert;

    public TesseractEngine(string language = OcrEnginePool.Primary)
    {
        Language = language;
        LimitOpenMpThreads();
        _handle = TessBaseAPICreate();
        if (_handle == IntPtr.Zero || TessBaseAPIInit3(_handle, DataPathOf(language), language) != 0)
        {
            Dispose();
            throw new InvalidOperationException($"Tesseract could not load the '{language}' model (Debian package {PackageOf(language)})");
        }
        // Empty cells otherwise print a statistics dump to stderr.
        SetVariable("debug_file", "/dev/null");
    }

    /// <summary>
    /// Recognises one rectangle of the current image: the text (trimmed), every character with its confidence,
    /// and the confidence 0–100 of the lowest of them, because in Chinese one misread rare character (泉 → 凡)
    /// hides inside a word whose mean confidence stays high. Tesseract's retry of an unsure line as light-on-dark text
    /// (<c>tessedit_do_invert</c>) costs a quarter of the time on dark-on-light cells and is only asked for with
    /// <paramref name="lightOnDark"/> (a cell filled with ink, such as a shaded header).
    /// </summary>
    public OcrReading Recognize(int x, int y, int width, int height, int pageSegmentationMode, bool lightOnDark = false)
    {
        if (_invert != lightOnDark)
        {
            SetVariable("tessedit_do_invert", lightOnDark ? "1" : "0");
            _invert = lightOnDark;
        }
        TessBaseAPISetPageSegMode(Handle, pageSegmentationMode);
        TessBaseAPISetRectangle(Handle, x, y, width, height);
        var text = TakeText(TessBaseAPIGetUTF8Text(Handle)) ?? "";
        var symbols = Symbols();
        var lowest = symbols.Count == 0 ? TessBaseAPIMeanTextConf(Handle) : symbols.Min(s => s.Confidence);
        return new OcrReading(text.Trim(), (int)Math.Round(Math.Clamp(lowest, 0, 100)), symbols);
    }

    /// <summary>The model this engine reads with (<see cref="OcrEnginePool.Primary"/> and the others).</summary>
    public string Language { get; }

    /// <summary>The file the model was loaded from, in the folder Tesseract found it in.</summary>
    public string ModelFile => Path.Combine(Marshal.PtrToStringUTF8(TessBaseAPIGetDatapath(Handle)) ?? "", Language + ".traineddata");

    /// <summary>The vendored scan model sits beside the binaries (tessdata/); Debian's models in Tesseract's own folder.</summary>
    private static string? DataPathOf(string language) =>
        language == OcrEnginePool.Scan ? Path.Combine(AppContext.BaseDirectory, "tessdata") : null;

    private static string PackageOf(string language) => language switch
    {
        OcrEnginePool.Scan => "none: scripts/provision.sh vendors it from npm, @tesseract.js-data/chi_sim, into data-import/ClinicMap.Import/tessdata/",
        _ => "tesseract-ocr-" + language.Replace('_', '-'),
    };

    /// <summary>Makes <paramref name="image"/> the page that following <see cref="Recognize"/> calls read.</summary>
    public void SetImage(GrayImage image, int dpi = 300)
    {
        TessBaseAPISetImage2(Handle, image.Handle);
        TessBaseAPISetSourceResolution(Handle, dpi);
    }

    /// <summary>The characters of the last recognition, each with its confidence.</summary>
    private List<OcrSymbol> Symbols()
    {
        const int symbolLevel = 4; // RIL_SYMBOL
        var symbols = new List<OcrSymbol>();
        var iterator = TessBaseAPIGetIterator(Handle);
        if (iterator == IntPtr.Zero)
            return symbols;
        try
        {
            do
            {
                if (TakeText(TessResultIteratorGetUTF8Text(iterator, symbolLevel)) is { Length: > 0 } symbol)
                    symbols.Add(new OcrSymbol(symbol, TessResultIteratorConfidence(iterator, symbolLevel)));
            }
            while (TessResultIteratorNext(iterator, symbolLevel) != 0);
            return symbols;
        }
        finally
        {
            TessResultIteratorDelete(iterator);
        }
    }

    /// <summary>
    /// The text lines Tesseract's layout analysis finds in the current image (or its rectangle), top to bottom,
    /// without recognising them: about a tenth of the time of reading the page. In a single block each line spans
    /// the page, every column of a table row together.
    /// </summary>
    public IReadOnlyList<CellBox> TextLines(int pageSegmentationMode = SingleBlock)
    {
        const int textLineLevel = 2; // RIL_TEXTLINE
        TessBaseAPISetPageSegMode(Handle, pageSegmentationMode);
        var iterator = TessBaseAPIAnalyseLayout(Handle);
        var lines = new List<CellBox>();
        if (iterator == IntPtr.Zero)
            return lines;
        try
        {
            do
            {
                if (TessPageIteratorBoundingBox(iterator, textLineLevel, out var left, out var top, out var right, out var bottom) != 0)
                    lines.Add(new CellBox(1, left, top, right - left, bottom - top));
            }
            while (TessPageIteratorNext(iterator, textLineLevel) != 0);
        }
        finally
        {
            TessPageIteratorDelete(iterator);
        }
        return lines;
    }

    /// <summary>
    /// Word boxes of the current image, or of one rectangle of it, as Tesseract's TSV (level, page, block, par,
    /// line, word, left, top, width, height, conf, text); boxes are in the image's coordinates.
    /// </summary>
    public string WordsTsv(int pageSegmentationMode = SingleBlock, CellBox? within = null)
    {
        SetVariable("tessedit_do_invert", "0");
        TessBaseAPISetPageSegMode(Handle, pageSegmentationMode);
        if (within is { } box)
            TessBaseAPISetRectangle(Handle, box.X, box.Y, box.Width, box.Height);
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
