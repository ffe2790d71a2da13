namespace ClinicMap.Core.Matching;

/// <summary>
/// A batch measured against the published dataset: a verdict per matchable row (keyed by row number), and the
/// published clinics in the batch's scope that no row names, proposed as closed.
/// </summary>
public sealed record BatchMatch(IReadOnlyDictionary<int, RowMatch> Rows, IReadOnlyList<Guid> ProposedClosures);
