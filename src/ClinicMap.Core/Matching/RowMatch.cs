namespace ClinicMap.Core.Matching;

/// <summary>
/// The matcher's verdict on one row. <paramref name="ClinicId"/> is the published clinic for <see cref="MatchKind.Same"/>;
/// <paramref name="DuplicateOfRow"/> the earlier row of the batch for <see cref="MatchKind.Duplicate"/>.
/// </summary>
public sealed record RowMatch(MatchKind Kind, Guid? ClinicId, int? DuplicateOfRow, IReadOnlyList<MatchCandidate> Candidates, string Explanation);
