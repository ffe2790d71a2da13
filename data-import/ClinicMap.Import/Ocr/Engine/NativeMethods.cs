using System.Runtime.InteropServices;

namespace ClinicMap.Import.Ocr.Engine;

// Every string parameter is marshalled explicitly as UTF-8 (LPUTF8Str), which is what CA2101 asks about.
#pragma warning disable CA2101

/// <summary>
/// The few entry points of Debian's Tesseract 5 C API (<c>libtesseract.so.5</c>, tesseract/capi.h) and
/// Leptonica (<c>liblept.so.5</c>, leptonica/allheaders.h) that ClinicMap uses. Only the versioned names load
/// without the -dev packages. Every string Tesseract returns is taken as a pointer, read as UTF-8 and freed with
/// <see cref="TessDeleteText"/>: the marshaller must never free Tesseract's memory. A binding of our own because no
/// NuGet package of Tesseract is served here (charlesw's <c>Tesseract</c> is not), and these few calls need no more.
/// </summary>
internal static class NativeMethods
{
    private const string Tesseract = "libtesseract.so.5";
    private const string Leptonica = "liblept.so.5";

    // ---- Tesseract ----
    [DllImport(Tesseract)] public static extern IntPtr TessBaseAPICreate();
    [DllImport(Tesseract)] public static extern void TessBaseAPIDelete(IntPtr handle);
    [DllImport(Tesseract)] public static extern void TessBaseAPIEnd(IntPtr handle);
    [DllImport(Tesseract)] public static extern int TessBaseAPIInit3(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string? datapath, [MarshalAs(UnmanagedType.LPUTF8Str)] string language);
    [DllImport(Tesseract)] public static extern IntPtr TessBaseAPIGetDatapath(IntPtr handle);
    [DllImport(Tesseract)] public static extern int TessBaseAPISetVariable(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);
    [DllImport(Tesseract)] public static extern void TessBaseAPISetPageSegMode(IntPtr handle, int mode);
    [DllImport(Tesseract)] public static extern void TessBaseAPISetImage2(IntPtr handle, IntPtr pix);
    [DllImport(Tesseract)] public static extern void TessBaseAPISetSourceResolution(IntPtr handle, int ppi);
    [DllImport(Tesseract)] public static extern void TessBaseAPISetRectangle(IntPtr handle, int left, int top, int width, int height);
    [DllImport(Tesseract)] public static extern IntPtr TessBaseAPIGetUTF8Text(IntPtr handle);
    [DllImport(Tesseract)] public static extern IntPtr TessBaseAPIGetTsvText(IntPtr handle, int page);
    [DllImport(Tesseract)] public static extern int TessBaseAPIMeanTextConf(IntPtr handle);
    [DllImport(Tesseract)] public static extern void TessDeleteText(IntPtr text);
    [DllImport(Tesseract)] public static extern IntPtr TessBaseAPIGetIterator(IntPtr handle);
    [DllImport(Tesseract)] public static extern int TessResultIteratorNext(IntPtr iterator, int level);
    [DllImport(Tesseract)] public static extern float TessResultIteratorConfidence(IntPtr iterator, int level);
    [DllImport(Tesseract)] public static extern IntPtr TessResultIteratorGetUTF8Text(IntPtr iterator, int level);
    [DllImport(Tesseract)] public static extern void TessResultIteratorDelete(IntPtr iterator);
    [DllImport(Tesseract)] public static extern IntPtr TessBaseAPIAnalyseLayout(IntPtr handle);
    [DllImport(Tesseract)] public static extern int TessPageIteratorBoundingBox(IntPtr iterator, int level, out int left, out int top, out int right, out int bottom);
    [DllImport(Tesseract)] public static extern int TessPageIteratorNext(IntPtr iterator, int level);
    [DllImport(Tesseract)] public static extern void TessPageIteratorDelete(IntPtr iterator);

    // ---- Leptonica ----
    [DllImport(Leptonica)] public static extern IntPtr pixReadMem(byte[] data, nuint size);
    [DllImport(Leptonica)] public static extern int pixReadHeaderMem(byte[] data, nuint size, out int format, out int width, out int height, out int bitsPerSample, out int samplesPerPixel, out int isColormapped);
    [DllImport(Leptonica)] public static extern void pixDestroy(ref IntPtr pix);
    [DllImport(Leptonica)] public static extern int pixGetWidth(IntPtr pix);
    [DllImport(Leptonica)] public static extern int pixGetHeight(IntPtr pix);
    [DllImport(Leptonica)] public static extern int pixGetWpl(IntPtr pix);
    [DllImport(Leptonica)] public static extern IntPtr pixGetData(IntPtr pix);
    [DllImport(Leptonica)] public static extern IntPtr pixConvertTo8(IntPtr pix, int colormapFlag);
    [DllImport(Leptonica)] public static extern IntPtr pixDeskew(IntPtr pix, int reductionSearch);
    [DllImport(Leptonica)] public static extern IntPtr pixScale(IntPtr pix, float scaleX, float scaleY);
    [DllImport(Leptonica)] public static extern IntPtr pixRotate(IntPtr pix, float radians, int type, int incolor, int width, int height);
    [DllImport(Leptonica)] public static extern int pixSetZlibCompression(IntPtr pix, int level);
    [DllImport(Leptonica)] public static extern int pixWriteMemPng(out IntPtr data, out nuint size, IntPtr pix, float gamma);
    [DllImport(Leptonica)] public static extern IntPtr pixClipRectangle(IntPtr pix, IntPtr box, IntPtr boxClipped);
    [DllImport(Leptonica)] public static extern IntPtr boxCreate(int x, int y, int w, int h);
    [DllImport(Leptonica)] public static extern void boxDestroy(ref IntPtr box);
    [DllImport(Leptonica)] public static extern void lept_free(IntPtr pointer);

    // ---- libc: OMP_THREAD_LIMIT must reach native code before Tesseract starts its OpenMP runtime ----
    [DllImport("libc", EntryPoint = "setenv")] public static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    /// <summary>Reads and frees a string Tesseract allocated; <c>null</c> for a null pointer.</summary>
    public static string? TakeText(IntPtr text)
    {
        if (text == IntPtr.Zero)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(text);
        }
        finally
        {
            TessDeleteText(text);
        }
    }
}
#pragma warning restore CA2101
