using System.Runtime.InteropServices;
using ClinicMap.Import.Rows;
using static ClinicMap.Import.Ocr.Engine.NativeMethods;

namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// An 8-bit grey Leptonica image (a <c>PIX*</c>) owned by this object, with its pixels also copied into managed
/// memory for the table-structure work. Decoding, deskewing and scaling are Leptonica's; disposing frees the PIX.
/// </summary>
public sealed class GrayImage : IDisposable
{
    /// <summary>Images larger than this (in either dimension) are refused before decoding: a list page is ~2,500 px.</summary>
    public const int MaxSide = 12_000;

    private IntPtr _pix;

    private GrayImage(IntPtr pix)
    {
        _pix = pix;
        Width = pixGetWidth(pix);
        Height = pixGetHeight(pix);
        Pixels = CopyPixels(pix, Width, Height);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major grey levels, 0 black … 255 white.</summary>
    public byte[] Pixels { get; }

    internal IntPtr Handle => _pix != IntPtr.Zero ? _pix : throw new ObjectDisposedException(nameof(GrayImage));

    public byte this[int x, int y] => Pixels[y * Width + x];

    /// <summary>
    /// Decodes an image file's bytes (PNG, JPEG, TIFF, BMP, GIF, WebP), refusing tiny and huge images from the
    /// header alone, converting to 8-bit grey and removing small rotations (Leptonica's skew search, ±7°).
    /// </summary>
    /// <exception cref="InputRejectedException">Not decodable, too small or too large; the message names the file.</exception>
    public static GrayImage Decode(byte[] bytes, string fileName, bool deskew = true)
    {
        if (pixReadHeaderMem(bytes, (nuint)bytes.Length, out _, out var width, out var height, out _, out _, out _) != 0)
            throw new InputRejectedException($"{fileName}: the image cannot be decoded (corrupt or not an image)");
        if (width < 100 || height < 50)
            throw new InputRejectedException($"{fileName}: the image is {width}×{height} pixels; a readable list needs at least 100×50");
        if (width > MaxSide || height > MaxSide)
            throw new InputRejectedException($"{fileName}: the image is {width:N0}×{height:N0} pixels; refusing more than {MaxSide:N0} on a side");
        var raw = pixReadMem(bytes, (nuint)bytes.Length);
        if (raw == IntPtr.Zero)
            throw new InputRejectedException($"{fileName}: the image cannot be decoded (corrupt or not an image)");
        var gray = pixConvertTo8(raw, 0);
        pixDestroy(ref raw);
        if (gray == IntPtr.Zero)
            throw new InputRejectedException($"{fileName}: the image cannot be converted to grey levels");
        if (deskew)
        {
            var straight = pixDeskew(gray, 0);
            if (straight != IntPtr.Zero)
            {
                pixDestroy(ref gray);
                gray = straight;
            }
            // Leptonica declines when it is unsure (blurred text); the rules of a table still give the angle away.
            var image = new GrayImage(gray);
            var residual = image.SkewDegrees();
            if (Math.Abs(residual) < 0.15)
                return image;
            var rotated = pixRotate(image.Handle, (float)(-residual * Math.PI / 180), RotateAreaMap, BringInWhite, 0, 0);
            if (rotated == IntPtr.Zero)
                return image;
            image.Dispose();
            return new GrayImage(rotated);
        }
        return new GrayImage(gray);
    }

    private const int RotateAreaMap = 1, BringInWhite = 1;

    /// <summary>This image turned level when its lines slope by <paramref name="slope"/> (dy/dx, y down), white brought in at the corners.</summary>
    public GrayImage Level(double slope)
    {
        var rotated = pixRotate(Handle, (float)-Math.Atan(slope), RotateAreaMap, BringInWhite, 0, 0);
        return rotated == IntPtr.Zero ? throw new InvalidOperationException("pixRotate failed") : new GrayImage(rotated);
    }

    /// <summary>
    /// The angle (degrees, ±4°, 0.1° steps) at which the dark pixels' horizontal projection is sharpest: long
    /// horizontal rules and text lines concentrate into few rows when the page is level. O(dark pixels × angles).
    /// </summary>
    public double SkewDegrees()
    {
        var threshold = OtsuThreshold();
        var dark = new List<(int X, int Y)>();
        for (var y = 0; y < Height; y += 2)
        {
            for (var x = 0; x < Width; x += 2)
            {
                if (Pixels[y * Width + x] < threshold)
                    dark.Add((x, y));
            }
        }
        if (dark.Count == 0)
            return 0;
        double best = 0, bestScore = double.MinValue;
        var bins = new int[Height + 2 * Width];
        for (var tenths = -40; tenths <= 40; tenths++)
        {
            var slope = Math.Tan(tenths / 10.0 * Math.PI / 180);
            Array.Clear(bins);
            foreach (var (x, y) in dark)
                bins[(int)(y - x * slope) + Width]++;
            double score = 0;
            foreach (var count in bins)
                score += (double)count * count;
            if (score > bestScore)
                (best, bestScore) = (tenths / 10.0, score);
        }
        return best;
    }

    /// <summary>This image scaled by <paramref name="factor"/> (Leptonica's area-mapping/linear scaling).</summary>
    public GrayImage Scale(float factor)
    {
        var scaled = pixScale(Handle, factor, factor);
        return scaled == IntPtr.Zero ? throw new InvalidOperationException("pixScale failed") : new GrayImage(scaled);
    }

    /// <summary>
    /// A PNG of one rectangle, for showing an operator the crop beside the recognised text. zlib's fastest level:
    /// a whole 150-dpi page takes a tenth of the time of the default for a file about a fifth larger.
    /// </summary>
    public byte[] CropPng(int x, int y, int width, int height)
    {
        var box = boxCreate(x, y, width, height);
        var crop = pixClipRectangle(Handle, box, IntPtr.Zero);
        boxDestroy(ref box);
        try
        {
            if (crop == IntPtr.Zero || pixSetZlibCompression(crop, 1) != 0 || pixWriteMemPng(out var data, out var size, crop, 0) != 0)
                throw new InvalidOperationException("cropping failed");
            var png = new byte[(int)size];
            Marshal.Copy(data, png, 0, png.Length);
            lept_free(data);
            return png;
        }
        finally
        {
            pixDestroy(ref crop);
        }
    }

    /// <summary>Leptonica packs 8-bit pixels into 32-bit words, most significant byte first.</summary>
    private static byte[] CopyPixels(IntPtr pix, int width, int height)
    {
        var wpl = pixGetWpl(pix);
        var words = new int[wpl * height];
        Marshal.Copy(pixGetData(pix), words, 0, words.Length);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var line = y * wpl;
            for (var x = 0; x < width; x++)
                pixels[y * width + x] = (byte)((uint)words[line + (x >> 2)] >> (24 - 8 * (x & 3)));
        }
        return pixels;
    }

    public void Dispose()
    {
        if (_pix != IntPtr.Zero)
            pixDestroy(ref _pix);
    }

    /// <summary>Otsu's threshold over the grey histogram: the level that best separates ink from paper.</summary>
    public int OtsuThreshold()
    {
        var histogram = new long[256];
        foreach (var p in Pixels)
            histogram[p]++;
        double total = Pixels.Length, sum = 0;
        for (var i = 0; i < 256; i++)
            sum += i * histogram[i];
        double sumBackground = 0, weightBackground = 0, bestVariance = 0;
        var threshold = 128;
        for (var t = 0; t < 256; t++)
        {
            weightBackground += histogram[t];
            if (weightBackground == 0)
                continue;
            var weightForeground = total - weightBackground;
            if (weightForeground == 0)
                break;
            sumBackground += t * histogram[t];
            var meanBackground = sumBackground / weightBackground;
            var meanForeground = (sum - sumBackground) / weightForeground;
            var variance = weightBackground * weightForeground * (meanBackground - meanForeground) * (meanBackground - meanForeground);
            if (variance > bestVariance)
            {
                bestVariance = variance;
                threshold = t + 1;
            }
        }
        return threshold;
    }
}
