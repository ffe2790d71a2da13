using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// PaddleOCR's PP-OCRv4 text detection (a DB network) as the boxes of a page's text lines, for a page whose table
/// neither rules nor Tesseract's layout make out. The page is scaled so that its longer side is at most
/// <see cref="MaxSide"/> pixels (both sides a multiple of 32, as the network needs) and normalised with ImageNet's
/// mean and deviation in three equal channels; the network answers each pixel's probability of being text. DB
/// post-processing: pixels above <see cref="Threshold"/> form regions (4-connected); a region whose mean
/// probability is under <see cref="BoxThreshold"/> is noise; the rest give their minimum-area box — on a deskewed
/// page the axis-aligned rectangle — grown by area × <see cref="Unclip"/> / perimeter on every side (the network
/// marks a shrunk core of each line), in the page's pixels, with the slope of the region's long axis (from its
/// second moments), which a photographed page's perspective leaves after deskewing.
/// </summary>
public sealed class PaddleDetector(PaddleModels? loaded = null)
{
    public const int MaxSide = 1600;

    public const float Threshold = 0.3f;

    public const float BoxThreshold = 0.6f;

    public const double Unclip = 1.5;

    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Deviation = [0.229f, 0.224f, 0.225f];

    private PaddleModels models => loaded ?? PaddleModels.Shared;

    /// <summary>The text lines of <paramref name="page"/>, top to bottom then left to right, in its pixels.</summary>
    public IReadOnlyList<DetectedLine> Detect(GrayImage page)
    {
        var scale = Math.Min(1.0, MaxSide / (double)Math.Max(page.Width, page.Height));
        var (width, height) = (Math.Max(32, (int)Math.Round(page.Width * scale / 32) * 32), Math.Max(32, (int)Math.Round(page.Height * scale / 32) * 32));
        var (sx, sy) = (page.Width / (double)width, page.Height / (double)height);
        var plane = width * height;
        var data = new float[3 * plane];
        for (var y = 0; y < height; y++)
        {
            var py = Math.Min(page.Height - 1, (int)((y + 0.5) * sy));
            for (var x = 0; x < width; x++)
            {
                var v = page[Math.Min(page.Width - 1, (int)((x + 0.5) * sx)), py] / 255f;
                for (var c = 0; c < 3; c++)
                    data[c * plane + y * width + x] = (v - Mean[c]) / Deviation[c];
            }
        }
        var session = models.Detection;
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), new DenseTensor<float>(data, [1, 3, height, width]))]);
        var probability = results[0].AsTensor<float>().ToArray();
        return Boxes(probability, width, height)
            .Select(b => (X: (int)(b.X * sx), Y: (int)(b.Y * sy), Width: (int)Math.Ceiling(b.Width * sx), Height: (int)Math.Ceiling(b.Height * sy), Slope: b.Slope * sy / sx))
            .Select(b => new DetectedLine(Math.Max(0, b.X), Math.Max(0, b.Y), Math.Min(page.Width - Math.Max(0, b.X), b.Width), Math.Min(page.Height - Math.Max(0, b.Y), b.Height), b.Slope))
            .OrderBy(b => b.Y + b.Height / 2).ThenBy(b => b.X).ToList();
    }

    /// <summary>DB post-processing of a probability map (row-major, <paramref name="width"/> × <paramref name="height"/>) into grown boxes, in the map's pixels.</summary>
    internal static List<(double X, double Y, double Width, double Height, double Slope)> Boxes(float[] probability, int width, int height)
    {
        var seen = new bool[probability.Length];
        var boxes = new List<(double, double, double, double, double)>();
        var queue = new Queue<int>();
        for (var start = 0; start < probability.Length; start++)
        {
            if (seen[start] || probability[start] <= Threshold)
                continue;
            var (left, top, right, bottom, count, sum) = (width, height, -1, -1, 0, 0.0);
            double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
            seen[start] = true;
            queue.Enqueue(start);
            while (queue.TryDequeue(out var at))
            {
                var (x, y) = (at % width, at / width);
                (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                count++;
                sum += probability[at];
                (mx, my, mxx, myy, mxy) = (mx + x, my + y, mxx + (double)x * x, myy + (double)y * y, mxy + (double)x * y);
                foreach (var next in (ReadOnlySpan<int>)[x > 0 ? at - 1 : -1, x + 1 < width ? at + 1 : -1, y > 0 ? at - width : -1, y + 1 < height ? at + width : -1])
                {
                    if (next < 0 || seen[next] || probability[next] <= Threshold)
                        continue;
                    seen[next] = true;
                    queue.Enqueue(next);
                }
            }
            var (w, h) = (right - left + 1.0, bottom - top + 1.0);
            if (count < 3 || Math.Min(w, h) < 2 || sum / count < BoxThreshold)
                continue;
            var grow = w * h * Unclip / (2 * (w + h));
            // The long axis of the region: θ = ½·atan2(2μ11, μ20 − μ02) over its central moments.
            var (cx, cy) = (mx / count, my / count);
            var angle = 0.5 * Math.Atan2(2 * (mxy / count - cx * cy), mxx / count - cx * cx - (myy / count - cy * cy));
            boxes.Add((left - grow, top - grow, w + 2 * grow, h + 2 * grow, Math.Tan(angle)));
        }
        return boxes;
    }
}

/// <summary>A detected text line: its axis-aligned box in the page's pixels and the slope of its long axis (dy/dx, y down).</summary>
public readonly record struct DetectedLine(int X, int Y, int Width, int Height, double Slope);
