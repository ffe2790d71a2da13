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
    /// a person with both — unless the main reading is sure (<see cref="SureMain"/>) and the other unsure
    /// (<see cref="UnsureSecond"/>: Tesseract on small or unusual type writes look-alikes at 60–90), of the whole
    /// cell or of each character where they differ, and the other reads no more characters there (the main reader's
    /// way of failing is to drop a character it cannot place, never to add one): <see cref="Settled"/>.
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
        if (main == 0 && others.Count > 0 && others.Select(k => Settled(readings[0], readings[k])).ToList() is var settled && settled.All(c => c is not null))
            return (texts[0], settled.Min(c => c!.Value), null);
        return (texts[main], readings[main].Confidence, others.Select(k => texts[k]).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The confidence a sure main reading keeps over a differing second one, or <c>null</c> when the difference stands.
    /// The two are aligned character by character (their longest common run of characters, each character compared
    /// by its <see cref="OcrText.Key"/>); the difference is settled when the second has no more characters outside
    /// the common run than the main one, and either every main one there is at least <see cref="SureMain"/> sure and
    /// every second one under <see cref="UnsureSecond"/>, or so are the two readings' least certain characters. The
    /// main reading then keeps, for each character both read, the surer of the two confidences and for the others its
    /// own: its least is the cell's confidence.
    /// </summary>
    internal static int? Settled(OcrReading main, OcrReading second)
    {
        var a = Characters(main);
        var b = Characters(second);
        var common = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
                common[i, j] = a[i].Key == b[j].Key ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        }
        var kept = a.Select(c => c.Confidence).ToArray();
        var (ownMain, ownSecond) = (new List<float>(), new List<float>());
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x].Key == b[y].Key)
                (kept[x], x, y) = (Math.Max(a[x].Confidence, b[y].Confidence), x + 1, y + 1);
            else if (y >= b.Count || x < a.Count && common[x + 1, y] >= common[x, y + 1])
                ownMain.Add(a[x++].Confidence);
            else
                ownSecond.Add(b[y++].Confidence);
        }
        var sure = ownSecond.Count <= ownMain.Count && (ownMain.All(c => c >= SureMain) && ownSecond.All(c => c < UnsureSecond) || main.Confidence >= SureMain && second.Confidence < UnsureSecond);
        return sure && kept.Length > 0 ? (int)kept.Min() : null;
    }

    /// <summary>A reading's characters with their confidences, each as its key (spaces and what tidies away left out).</summary>
    private static List<(string Key, float Confidence)> Characters(OcrReading reading) =>
        reading.Symbols.SelectMany(s => OcrText.Key(OcrText.Tidy(s.Text)).EnumerateRunes().Select(r => (r.ToString(), s.Confidence))).ToList();
}
