namespace ClinicMap.Import.Ocr;

/// <summary>One recognised character (or glyph Tesseract treats as one) and its confidence, 0–100.</summary>
public readonly record struct OcrSymbol(string Text, float Confidence);

/// <summary>
/// What one model read in one rectangle: the text as Tesseract gives it, the confidence of its least certain
/// character (0–100) and every character with its own confidence, in reading order.
/// </summary>
public sealed record OcrReading(string Text, int Confidence, IReadOnlyList<OcrSymbol> Symbols)
{
    public static OcrReading Empty { get; } = new("", 0, []);

    public void Deconstruct(out string text, out int confidence) => (text, confidence) = (Text, Confidence);

    /// <summary>
    /// Several models' readings of the same cell taken character by character (常青园埠, 常青园巷, 常青园巷): among
    /// the readings with the same number of characters — all of them, or the most that agree on the count — each
    /// place takes the character most readings give, and among equally many the one its model was surest of; each
    /// chosen character counts with the highest confidence any model gave it, and the cell's confidence is that of
    /// the least certain of them. The text keeps the first such reading's
    /// spacing. <c>null</c> when fewer than two readings have the same number of characters. O(readings × n).
    /// </summary>
    public static OcrReading? Vote(IReadOnlyList<OcrReading> readings)
    {
        var aligned = readings.Where(r => r.Symbols.Count > 0).GroupBy(r => r.Symbols.Count)
            .OrderByDescending(g => g.Count()).FirstOrDefault(g => g.Count() >= 2)?.ToList();
        if (aligned is null)
            return null;
        var first = aligned[0];
        var text = first.Text;
        var cursor = 0;
        var lowest = 100f;
        var symbols = new OcrSymbol[first.Symbols.Count];
        for (var i = 0; i < symbols.Length; i++)
        {
            var mine = first.Symbols[i];
            var at = text.IndexOf(mine.Text, cursor, StringComparison.Ordinal);
            if (at < 0)
                return null;
            var chosen = aligned.Select(r => r.Symbols[i]).GroupBy(s => s.Text, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(s => s.Confidence))
                .Select(g => g.MaxBy(s => s.Confidence)).First();
            if (chosen.Text != mine.Text)
                text = string.Concat(text.AsSpan(0, at), chosen.Text, text.AsSpan(at + mine.Text.Length));
            cursor = at + chosen.Text.Length;
            symbols[i] = chosen;
            lowest = Math.Min(lowest, chosen.Confidence);
        }
        return new OcrReading(text, (int)Math.Round(Math.Clamp(lowest, 0, 100)), symbols);
    }
}
