using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// PaddleOCR's PP-OCRv4 recognition model as an <see cref="ICellRecognizer"/>: each crop cut into its text lines
/// (<see cref="TextLines"/>; a wrapped cell's are read side by side as the one line they were), each line scaled to 48 pixels high with its aspect kept, normalised to
/// (v/255 − 0.5)/0.5 in three equal channels (CHW), read by the model and decoded greedily (CTC: the most likely
/// class at each step, repeats and blanks dropped). Every character keeps its probability as its confidence
/// (0–100), and a reading's confidence is its least certain character's, as <see cref="OcrReading"/> defines.
/// Crops are read on up to <see cref="Workers"/> threads sharing one session (<see cref="PaddleModels"/>).
/// </summary>
/// <param name="loaded">The models to read with; the process's (<see cref="PaddleModels.Shared"/>), loaded at the first read, when absent.</param>
public sealed class PaddleRecognizer(PaddleModels? loaded = null) : ICellRecognizer
{
    /// <summary>The model's name in a reading plan.</summary>
    public const string Name = "ppocr_v4";

    /// <summary>The height the model reads lines at.</summary>
    public const int LineHeight = 48;

    /// <summary>The width PaddleOCR's recognition model was trained at; narrower lines are padded to it.</summary>
    private const int MinTensorWidth = 320;

    /// <summary>The widest line read at once, in the model's pixels (50 characters' worth): a longer one is read in pieces.</summary>
    private const int MaxLineWidth = LineHeight * 50;

    /// <summary>Threads reading one page's crops at once: the cores there are, at most four.</summary>
    public static readonly int Workers = Math.Clamp(Environment.ProcessorCount, 1, 4);

    public string Model => Name;

    /// <summary>
    /// Characters the model has but misreads (敕 of 敕勒川 comes out as a look-alike at high confidence): for the
    /// "what no model can write" inference they count as characters it cannot write.
    /// </summary>
    public static IReadOnlySet<string> Misread { get; } = new HashSet<string>(["敕"], StringComparer.Ordinal);

    private PaddleModels models => loaded ?? PaddleModels.Shared;

    public OcrReading[] Read(GrayImage image, float scale, IReadOnlyList<CellCrop> crops, bool lossy)
    {
        var threshold = image.OtsuThreshold();
        var read = new OcrReading[crops.Count];
        Parallel.For(0, crops.Count, new ParallelOptions { MaxDegreeOfParallelism = Workers }, i =>
        {
            var crop = crops[i];
            var x = Math.Clamp((int)(crop.X * scale), 0, image.Width - 1);
            var y = Math.Clamp((int)(crop.Y * scale), 0, image.Height - 1);
            var width = Math.Min((int)(crop.Width * scale), image.Width - x);
            var height = Math.Min((int)(crop.Height * scale), image.Height - y);
            read[i] = width < 2 || height < 2 ? OcrReading.Empty : ReadCell(image, x, y, width, height, threshold, crop.Filled);
        });
        return read;
    }

    /// <summary>Reads one rectangle of <paramref name="image"/>, line by line, the lines' text joined without spaces.</summary>
    public OcrReading ReadCell(GrayImage image, int x, int y, int width, int height, int threshold, bool filled)
    {
        var symbols = new List<OcrSymbol>();
        var lines = TextLines.Find(image, x, y, width, height, threshold, filled);
        if (lines.Count > 1 && ReadWrapped(image, lines, filled) is { } wrapped)
            symbols.AddRange(wrapped);
        else
        {
            foreach (var (left, top, right, bottom) in lines)
                symbols.AddRange(ReadLine(image, left, top, right - left, bottom - top, filled));
        }
        // Spaces at the ends of a line, or where two lines meet, are layout, not text.
        while (symbols.Count > 0 && symbols[^1].Text == " ")
            symbols.RemoveAt(symbols.Count - 1);
        while (symbols.Count > 0 && symbols[0].Text == " ")
            symbols.RemoveAt(0);
        if (symbols.Count == 0)
            return OcrReading.Empty;
        return new OcrReading(string.Concat(symbols.Select(s => s.Text)), (int)symbols.Min(s => s.Confidence), symbols);
    }

    /// <summary>One line read by the model; a line wider than <see cref="MaxLineWidth"/> once scaled is read in pieces.</summary>
    private List<OcrSymbol> ReadLine(GrayImage image, int x, int y, int width, int height, bool filled)
    {
        var scaledWidth = Math.Max(LineHeight / 3, (int)Math.Ceiling(width * (double)LineHeight / height));
        var pieces = (scaledWidth + MaxLineWidth - 1) / MaxLineWidth;
        var symbols = new List<OcrSymbol>();
        for (var p = 0; p < pieces; p++)
        {
            var (from, to) = (x + width * p / pieces, x + width * (p + 1) / pieces);
            var tensor = Tensor(image, from, y, to - from, height, Math.Min(MaxLineWidth, (int)Math.Ceiling(scaledWidth / (double)pieces)), filled);
            using var results = models.Recognition.Run([NamedOnnxValue.CreateFromTensor(models.Recognition.InputMetadata.Keys.First(), tensor)]);
            var output = results[0].AsTensor<float>();
            symbols.AddRange(Decode(output.ToArray(), output.Dimensions[1], output.Dimensions[2], models.Keys));
        }
        return symbols;
    }

    /// <summary>
    /// A wrapped cell's lines read as the one line they were before wrapping, side by side in one input: a line's
    /// last character wrapped alone (号 under "建设大街238") is read in the context of the rest, where on its own the
    /// model drops it. Spaces the join puts between two Chinese characters are not text. <c>null</c> when the lines
    /// together are wider than <see cref="MaxLineWidth"/>.
    /// </summary>
    private List<OcrSymbol>? ReadWrapped(GrayImage image, List<(int Left, int Top, int Right, int Bottom)> lines, bool filled)
    {
        var widths = lines.Select(l => Math.Max(1, (int)Math.Ceiling((l.Right - l.Left) * (double)LineHeight / (l.Bottom - l.Top)))).ToList();
        if (widths.Sum() > MaxLineWidth)
            return null;
        var tensorWidth = Math.Max(MinTensorWidth, widths.Sum());
        var data = new float[3 * LineHeight * tensorWidth];
        var offset = 0;
        for (var k = 0; k < lines.Count; k++)
        {
            var (left, top, right, bottom) = lines[k];
            Fill(data, tensorWidth, offset, image, left, top, right - left, bottom - top, widths[k], filled);
            offset += widths[k];
        }
        using var results = models.Recognition.Run([NamedOnnxValue.CreateFromTensor(models.Recognition.InputMetadata.Keys.First(), new DenseTensor<float>(data, [1, 3, LineHeight, tensorWidth]))]);
        var output = results[0].AsTensor<float>();
        var symbols = Decode(output.ToArray(), output.Dimensions[1], output.Dimensions[2], models.Keys);
        return symbols.Where((s, i) => s.Text != " " || i == 0 || i == symbols.Count - 1 || IsAscii(symbols[i - 1].Text) || IsAscii(symbols[i + 1].Text)).ToList();

        static bool IsAscii(string text) => text.Length > 0 && text[0] < 128;
    }

    /// <summary>The rectangle scaled bilinearly to <see cref="LineHeight"/> × <paramref name="outWidth"/>, normalised, in three channels.</summary>
    private static DenseTensor<float> Tensor(GrayImage image, int x, int y, int width, int height, int outWidth, bool filled)
    {
        // A line narrower than the model's training width (320) is padded on the right with zeros (mid-grey once
        // normalised), as PaddleOCR's own preprocessing pads it.
        var tensorWidth = Math.Max(MinTensorWidth, outWidth);
        var data = new float[3 * LineHeight * tensorWidth];
        Fill(data, tensorWidth, 0, image, x, y, width, height, outWidth, filled);
        return new DenseTensor<float>(data, [1, 3, LineHeight, tensorWidth]);
    }

    /// <summary>Writes the rectangle, scaled bilinearly to <see cref="LineHeight"/> × <paramref name="outWidth"/> and normalised, into a tensor's three planes from column <paramref name="offset"/>.</summary>
    private static void Fill(float[] data, int tensorWidth, int offset, GrayImage image, int x, int y, int width, int height, int outWidth, bool filled)
    {
        var plane = LineHeight * tensorWidth;
        var (sx, sy) = (width / (double)outWidth, height / (double)LineHeight);
        for (var row = 0; row < LineHeight; row++)
        {
            var fy = Math.Clamp((row + 0.5) * sy - 0.5, 0, height - 1);
            var (y0, wy) = ((int)fy, fy - (int)fy);
            var y1 = Math.Min(y0 + 1, height - 1);
            for (var col = 0; col < outWidth; col++)
            {
                var fx = Math.Clamp((col + 0.5) * sx - 0.5, 0, width - 1);
                var (x0, wx) = ((int)fx, fx - (int)fx);
                var x1 = Math.Min(x0 + 1, width - 1);
                var top = image[x + x0, y + y0] * (1 - wx) + image[x + x1, y + y0] * wx;
                var bottom = image[x + x0, y + y1] * (1 - wx) + image[x + x1, y + y1] * wx;
                var value = top * (1 - wy) + bottom * wy;
                // Light text on a shaded cell is read as dark on light, as the model mostly saw it.
                var v = (float)((filled ? 255 - value : value) / 127.5 - 1);
                var at = row * tensorWidth + offset + col;
                (data[at], data[plane + at], data[2 * plane + at]) = (v, v, v);
            }
        }
    }

    /// <summary>
    /// Greedy CTC decoding of <paramref name="steps"/> × <paramref name="classes"/> scores (probabilities, or
    /// logits turned into them): at each step the most likely class; a class repeated over consecutive steps is one
    /// character; class 0 is the blank, the last class a space, class k otherwise <paramref name="keys"/>[k − 1].
    /// </summary>
    internal static List<OcrSymbol> Decode(float[] scores, int steps, int classes, IReadOnlyList<string> keys)
    {
        var symbols = new List<OcrSymbol>();
        var previous = 0;
        for (var t = 0; t < steps; t++)
        {
            var row = scores.AsSpan(t * classes, classes);
            var best = 0;
            for (var k = 1; k < classes; k++)
            {
                if (row[k] > row[best])
                    best = k;
            }
            if (best != 0 && best != previous)
            {
                var probability = Probability(row, best);
                symbols.Add(new OcrSymbol(best == classes - 1 || best > keys.Count ? " " : keys[best - 1], probability * 100));
            }
            previous = best;
        }
        return symbols;
    }

    /// <summary>The class's probability: its score when the row already sums to one, its softmax otherwise.</summary>
    private static float Probability(ReadOnlySpan<float> row, int best)
    {
        var (sum, min) = (0.0, double.MaxValue);
        foreach (var v in row)
            (sum, min) = (sum + v, Math.Min(min, v));
        if (min >= 0 && Math.Abs(sum - 1) < 1e-3)
            return row[best];
        var total = 0.0;
        foreach (var v in row)
            total += Math.Exp(v - row[best]);
        return (float)(1 / total);
    }
}
