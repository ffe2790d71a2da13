using ClinicMap.Import.Ocr.Engine;

namespace ClinicMap.Import.Ocr.Layout;

/// <summary>
/// How much of a rectangle is ink (darker than a threshold), and the box around that ink (the whole rectangle when
/// it has none).
/// </summary>
public readonly record struct Ink(double Fraction, int Left, int Top, int Right, int Bottom)
{
    /// <summary>Below this share of ink pixels a cell is blank and not read at all.</summary>
    public const double Blank = 0.003;

    /// <summary>Above this share a cell is filled: light text on a shaded cell.</summary>
    public const double Filled = 0.4;

    public int Height => Bottom - Top;

    public bool IsBlank => Fraction < Blank;

    public bool IsFilled => Fraction > Filled;

    /// <summary>Measures a rectangle of <paramref name="page"/> in one pass.</summary>
    public static Ink Measure(GrayImage page, int x0, int y0, int width, int height, int threshold)
    {
        int dark = 0, left = int.MaxValue, top = int.MaxValue, right = x0, bottom = y0;
        for (var y = Math.Max(0, y0); y < y0 + height && y < page.Height; y++)
        {
            for (var x = Math.Max(0, x0); x < x0 + width && x < page.Width; x++)
            {
                if (page[x, y] >= threshold)
                    continue;
                dark++;
                (left, top) = (Math.Min(left, x), Math.Min(top, y));
                (right, bottom) = (Math.Max(right, x + 1), Math.Max(bottom, y + 1));
            }
        }
        var fraction = (double)dark / Math.Max(1, width * height);
        return dark == 0 ? new Ink(0, x0, y0, x0 + width, y0 + height) : new Ink(fraction, left, top, right, bottom);
    }
}
