namespace ClinicMap.Core.Matching;

/// <summary>A published clinic a row may be, with the evidence for it in words (<c>name equal</c>, <c>phone 027-…</c>, <c>120 m apart</c>).</summary>
public sealed record MatchCandidate(Guid ClinicId, string Name, string AdminCode, double Score, IReadOnlyList<string> Evidence);
