using ClinicMap.Import.Ocr.Engine;

namespace ClinicMap.Import.Ocr.Reading;

/// <summary>How several models' readings of one cell become its text.</summary>
public static class ReadingVote
{
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

    /// <summary>
    /// One cell's text from its readings (tidied): the one they all give; else the one two of three give; else
    /// their character-by-character <see cref="Vote"/>; else the reading with the highest confidence. Whenever the
    /// readings differ, every other text they give is kept as an alternative.
    /// </summary>
    public static (string Text, int Confidence, IReadOnlyList<string>? Alternatives) Decide(IReadOnlyList<OcrReading> readings)
    {
        var texts = readings.Select(r => OcrText.Tidy(r.Text)).ToList();
        if (texts.Distinct(StringComparer.Ordinal).Count() == 1)
            return (texts[0], readings[0].Confidence, null);
        var (text, confidence) = texts.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() >= 2 && g.Key.Length > 0) is { } agreed
            ? (agreed.Key, readings.Where((_, k) => texts[k] == agreed.Key).Max(r => r.Confidence))
            : Vote(readings) is { } voted
                ? (OcrText.Tidy(voted.Text), voted.Confidence)
                : readings.Select((r, k) => (Text: texts[k], r.Confidence)).Where(r => r.Text.Length > 0).DefaultIfEmpty((texts[0], readings[0].Confidence)).MaxBy(r => r.Confidence);
        return (text, confidence, texts.Where(t => t != text && t.Length > 0).Distinct(StringComparer.Ordinal).ToList());
    }
}
