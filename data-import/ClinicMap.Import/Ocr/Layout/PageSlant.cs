using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr.Layout;

/// <summary>
/// How a photographed page's text lines still slope after deskewing: a phone held a little off square puts the page
/// in perspective, and each line's slope then changes with its height on the page (the top lines one way, the bottom
/// ones another) — enough, across a wide table, to set a row's last cell level with the next row's first. Fitted as
/// slope = <see cref="A"/> + <see cref="B"/> · y by least squares over the long detected lines (a short one's slope
/// says little), once more without the lines that stray from the first fit. <see cref="Level"/> moves a box up or
/// down by the slope at its height times its distance from the page's middle, which puts each row's cells level.
/// </summary>
public readonly record struct PageSlant(double A, double B, double Middle)
{
    /// <summary>A line at least this many times as wide as tall has a slope worth fitting.</summary>
    private const double LongLine = 4;

    /// <summary>A line whose slope differs from the first fit's by more than this does not take part in the second.</summary>
    private const double Stray = 0.01;

    public static PageSlant None(int width) => new(0, 0, width / 2.0);

    /// <summary>The slant of a page <paramref name="width"/> pixels wide from its detected lines; none with fewer than eight long ones.</summary>
    public static PageSlant Fit(IReadOnlyList<DetectedLine> lines, int width)
    {
        var sample = lines.Where(l => l.Width >= LongLine * l.Height).Select(l => (Y: l.Y + l.Height / 2.0, l.Slope, Weight: (double)l.Width)).ToList();
        if (sample.Count < 8)
            return None(width);
        var first = Line(sample);
        var kept = sample.Where(s => Math.Abs(s.Slope - (first.A + first.B * s.Y)) <= Stray).ToList();
        var (a, b) = kept.Count >= 8 ? Line(kept) : first;
        return new PageSlant(a, b, width / 2.0);
    }

    /// <summary>Weighted least squares of slope against height.</summary>
    private static (double A, double B) Line(List<(double Y, double Slope, double Weight)> sample)
    {
        double w = sample.Sum(s => s.Weight), my = sample.Sum(s => s.Weight * s.Y) / w, ms = sample.Sum(s => s.Weight * s.Slope) / w;
        double vyy = sample.Sum(s => s.Weight * (s.Y - my) * (s.Y - my)), vys = sample.Sum(s => s.Weight * (s.Y - my) * (s.Slope - ms));
        var b = vyy <= 0 ? 0 : vys / vyy;
        return (ms - b * my, b);
    }

    /// <summary>How far a point stands below where the page's level would put it.</summary>
    private double Drop(double x, double y) => (A + B * y) * (x - Middle);

    /// <summary>A word moved to where it would stand on a level page.</summary>
    public PlacedWord Level(PlacedWord word)
    {
        var drop = Drop((word.XMin + word.XMax) / 2, (word.YMin + word.YMax) / 2);
        return drop == 0 ? word : word with { YMin = word.YMin - drop, YMax = word.YMax - drop };
    }

    /// <summary>A levelled word's box back where it stands on the page.</summary>
    public (double Top, double Bottom) OnPage(PlacedWord levelled)
    {
        var drop = Drop((levelled.XMin + levelled.XMax) / 2, (levelled.YMin + levelled.YMax) / 2);
        return (levelled.YMin + drop, levelled.YMax + drop);
    }
}
