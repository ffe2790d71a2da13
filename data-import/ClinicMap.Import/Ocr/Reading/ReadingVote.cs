using ClinicMap.Import.Ocr.Engine;

namespace ClinicMap.Import.Ocr.Reading;

/// <summary>How a cell's readings — the main reader's first, then the second opinion's — become its text.</summary>
public static class ReadingVote
{
    /// <summary>A main reading whose least certain character is at least this sure (0–100) may overrule an unsure second reading.</summary>
    public const int SureMain = 95;

    /// <summary>A second reading whose least certain character is below this (0–100) does not dispute a sure main reading.</summary>
    public const int UnsureSecond = 90;

    /// <summary>
    /// One cell's text from its readings (tidied): the main reading's (the first), or the first reading with any
    /// text when the main one read nothing. When they all say the same (<see cref="OcrText.Key"/>) it stands with the surest of their
    /// confidences — two engines that fail differently agreeing is the best evidence a page gives. Otherwise the main
    /// reading stands with its own confidence and every other text is kept as an alternative, which sends the row to
    /// a person with both — unless the main reading is sure (<see cref="SureMain"/>), the others are unsure
    /// (<see cref="UnsureSecond"/>: Tesseract on small or unusual type writes look-alikes at 60–90) and none is
    /// longer (the main reader's way of failing is to drop a character it cannot place, never to add one).
    /// docs/BENCHMARKS.md ("OCR") has what chose the thresholds.
    /// </summary>
    public static (string Text, int Confidence, IReadOnlyList<string>? Alternatives) Decide(IReadOnlyList<OcrReading> readings)
    {
        if (readings.Count == 0)
            return ("", 0, null);
        var texts = readings.Select(r => OcrText.Tidy(r.Text)).ToList();
        var keys = texts.Select(OcrText.Key).ToList();
        if (keys.Distinct(StringComparer.Ordinal).Count() == 1)
            return (texts[0], readings.Max(r => r.Confidence), null);
        var main = Math.Max(0, texts.FindIndex(t => t.Length > 0));
        var others = Enumerable.Range(0, texts.Count).Where(k => k != main && texts[k].Length > 0 && keys[k] != keys[main]).ToList();
        if (main == 0 && readings[0].Confidence >= SureMain && others.All(k => readings[k].Confidence < UnsureSecond && texts[k].Length <= texts[0].Length))
            return (texts[0], readings[0].Confidence, null);
        return (texts[main], readings[main].Confidence, others.Select(k => texts[k]).Distinct(StringComparer.Ordinal).ToList());
    }
}
