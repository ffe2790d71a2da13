namespace ClinicMap.Import.Rows;

/// <summary>
/// How a cell's text was read from an image: the confidence of its least certain character (0–100), where on the
/// page it was, so an operator can see the crop beside the text, what the other engine read there when that differs
/// (<see cref="Alternatives"/>), and each engine's own reading (<see cref="Readings"/>, main reader first).
/// </summary>
public sealed record OcrEvidence(int Confidence, CellBox Box, IReadOnlyList<string>? Alternatives = null, IReadOnlyList<EngineReading>? Readings = null);

/// <summary>What one recognition model read in a cell, tidied, and its confidence (0–100).</summary>
public sealed record EngineReading(string Model, string Text, int Confidence);
