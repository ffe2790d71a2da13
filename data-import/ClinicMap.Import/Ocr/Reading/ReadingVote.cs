using ClinicMap.Import.Ocr.Engine;

namespace ClinicMap.Import.Ocr.Reading;

/// <summary>How a cell's readings — the main reader's first, then the second opinion's — become its text.</summary>
public static class ReadingVote
{
    /// <summary>
    /// One cell's text from its readings (tidied): the main reading's (the first), or the first reading with any
    /// text when the main one read nothing. When they all give the same text it stands with the surest of their
    /// confidences — two engines that fail differently agreeing is the best evidence a page gives; otherwise with
    /// the main reading's confidence, and every other text they give is kept as an alternative, which sends the row
    /// to a person with both (the benchmark behind the choice of main reader is in docs/BENCHMARKS.md, "OCR").
    /// </summary>
    public static (string Text, int Confidence, IReadOnlyList<string>? Alternatives) Decide(IReadOnlyList<OcrReading> readings)
    {
        if (readings.Count == 0)
            return ("", 0, null);
        var texts = readings.Select(r => OcrText.Tidy(r.Text)).ToList();
        if (texts.Distinct(StringComparer.Ordinal).Count() == 1)
            return (texts[0], readings.Max(r => r.Confidence), null);
        var main = Math.Max(0, texts.FindIndex(t => t.Length > 0));
        var alternatives = texts.Where((t, k) => k != main && t.Length > 0 && t != texts[main]).Distinct(StringComparer.Ordinal).ToList();
        return (texts[main], readings[main].Confidence, alternatives);
    }
}
