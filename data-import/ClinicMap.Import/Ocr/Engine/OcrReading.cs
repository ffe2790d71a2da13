namespace ClinicMap.Import.Ocr.Engine;

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
}
