using ClinicMap.Core.Divisions;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Matching;
using ClinicMap.Core.Text;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Imports;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// The "match" stage. First within the file: a row naming the same clinic (same normalised name) in the same
/// prefecture — or, unplaced, the same city cell — as an earlier row is sent to review naming the earlier row; both
/// are kept, a person decides. Then, when the published dataset is at hand, against its current version
/// (<see cref="ClinicMatcher"/>, told the in-file duplicates found here): same, new, probable (to review with the
/// candidates named) or duplicate; the batch's scope and its closure proposals go to <see cref="ImportWork.Match"/>.
/// </summary>
public sealed class MatchStage(IClinicStore? published) : IImportStage
{
    public Stage Stage => Stage.Match;

    public async Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        var (drafts, earlier) = InFile(work.Drafts);
        work.Drafts = drafts;
        if (published is not null)
            (work.Drafts, work.Match) = await AgainstPublishedAsync(published, drafts, earlier, cancellationToken);
    }

    /// <summary>The in-file duplicates, as reasons and as row → earlier row. O(n).</summary>
    private static (List<RowDraft> Drafts, Dictionary<int, int> Earlier) InFile(IReadOnlyList<RowDraft> rows)
    {
        var firstSeen = new Dictionary<string, RowDraft>(StringComparer.Ordinal);
        var earlier = new Dictionary<int, int>();
        var drafts = rows.Select(row =>
        {
            if (row.IsRejected || row.Name is null)
                return row;
            var place = row.Division?.Prefecture?.Code is { } code ? AdminCode.PrefectureOf(code) : "city:" + TextNormalizer.MatchKey(row.Cell(Field.City));
            var key = ClinicMatcher.BatchKey(place, row.Name);
            if (firstSeen.TryGetValue(key, out var first))
            {
                earlier[row.Raw.RowNumber] = first.Raw.RowNumber;
                return row.WithReason(new RowReason("row.duplicate", "name",
                    $"{row.Raw.Where} repeats '{row.Name}' of {first.Raw.Where}", ReasonSeverity.Review));
            }
            firstSeen[key] = row;
            return row;
        }).ToList();
        return (drafts, earlier);
    }

    private static async Task<(IReadOnlyList<RowDraft>, BatchMatchInfo)> AgainstPublishedAsync(
        IClinicStore published, List<RowDraft> drafts, Dictionary<int, int> earlier, CancellationToken cancellationToken)
    {
        var current = await published.CurrentVersionAsync(cancellationToken);
        var clinics = current is null ? [] : await published.ListAsync(current.Version, string.Empty, cancellationToken);
        // The matcher reads rows as they would be decided now; the outcome itself is the decide stage's.
        var provisional = drafts.Select(DecideStage.Decide).ToList();
        var codes = provisional.Where(r => r.Outcome != RowOutcome.Rejected && AdminCode.IsWellFormed(r.AdminCode)).Select(r => r.AdminCode!).ToList();
        var scope = ClinicMatcher.ScopeOf(codes);
        var batch = ClinicMatcher.Match(provisional, clinics, scope, earlier);
        var byId = clinics.ToDictionary(c => c.Id);
        // A list with no placeable row speaks for no part of the country: it proposes no closures.
        var closures = codes.Count == 0 ? [] : batch.ProposedClosures.Select(id => new ProposedClosure(id, byId[id].AdminCode, byId[id].Name)).ToList();
        var matched = drafts.Select(row => batch.Rows.TryGetValue(row.Raw.RowNumber, out var m) ? WithMatch(row, m) : row).ToList();
        return (matched, new BatchMatchInfo(scope, current?.Version, closures));
    }

    private static RowDraft WithMatch(RowDraft row, RowMatch match)
    {
        var reason = match.Kind switch
        {
            MatchKind.Probable => new RowReason("match.probable", "name", $"{row.Name}: {match.Explanation}; merge it with one of the candidates or split it off as a new clinic", ReasonSeverity.Review),
            MatchKind.Duplicate => new RowReason("match.duplicate", "name", $"{row.Name}: {match.Explanation}", ReasonSeverity.Review),
            _ => null,
        };
        return (reason is null || row.Reasons.Any(r => r.Code == reason.Code) ? row : row.WithReason(reason)) with { Match = match };
    }
}
