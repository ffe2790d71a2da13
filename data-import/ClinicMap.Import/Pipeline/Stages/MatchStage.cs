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
/// The document's <see cref="ImportMode"/> decides the closures: a full list proposes closing the published clinics
/// of its scope it no longer names, additions propose none, and removals propose closing exactly the published
/// clinics their rows name — each such row is rejected as a clinic with the reason (it closes one, it adds none).
/// </summary>
public sealed class MatchStage(IClinicStore? published) : IImportStage
{
    public Stage Stage => Stage.Match;

    public async Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        var (drafts, earlier) = InFile(work.Drafts);
        work.Drafts = drafts;
        var (mode, modeReason) = ModeOf(work);
        if (published is not null)
            (work.Drafts, work.Match) = await AgainstPublishedAsync(published, drafts, earlier, mode, cancellationToken);
        else if (mode == ImportMode.Removals)
            work.Drafts = drafts.Select(row => row.IsRejected ? row : row.WithReason(new RowReason("removal.unmatched", "name",
                $"{row.Raw.Where}: a removal closes published clinics, and no published dataset was at hand to find '{row.Name}' in", ReasonSeverity.Reject))).ToList();
        if (work.Match is not null || mode != ImportMode.Full)
            work.Match = (work.Match ?? new BatchMatchInfo(string.Empty, null, [])) with { Mode = mode, ModeReason = modeReason };
    }

    /// <summary>The operator's (or source's) mode, else the one the document's title implies, else a full list.</summary>
    private static (ImportMode Mode, string? Reason) ModeOf(ImportWork work)
    {
        if (work.Options.Mode is { } chosen)
            return (chosen, work.Options.ModeReason ?? (chosen == ImportMode.Full ? null : $"imported as {chosen.ToWire()}"));
        return ImportModeNames.FromTitle(work.DocumentTitle) is { } implied ? (implied.Mode, implied.Reason) : (ImportMode.Full, null);
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
        IClinicStore published, List<RowDraft> drafts, Dictionary<int, int> earlier, ImportMode mode, CancellationToken cancellationToken)
    {
        var current = await published.CurrentVersionAsync(cancellationToken);
        var clinics = current is null ? [] : await published.ListAsync(current.Version, string.Empty, cancellationToken);
        // The matcher reads rows as they would be decided now; the outcome itself is the decide stage's.
        var provisional = drafts.Select(DecideStage.Decide).ToList();
        var codes = provisional.Where(r => r.Outcome != RowOutcome.Rejected && AdminCode.IsWellFormed(r.AdminCode)).Select(r => r.AdminCode!).ToList();
        var scope = ClinicMatcher.ScopeOf(codes);
        var batch = ClinicMatcher.Match(provisional, clinics, scope, earlier);
        var byId = clinics.ToDictionary(c => c.Id);
        if (mode == ImportMode.Removals)
        {
            var removed = drafts.Select(row => AsRemoval(row, batch.Rows.GetValueOrDefault(row.Raw.RowNumber), byId)).ToList();
            var named = batch.Rows.Values.Where(m => m.Kind == MatchKind.Same).Select(m => byId[m.ClinicId!.Value]).DistinctBy(c => c.Id)
                .Select(c => new ProposedClosure(c.Id, c.AdminCode, c.Name)).ToList();
            return (removed, new BatchMatchInfo(scope, current?.Version, named));
        }
        // A list with no placeable row speaks for no part of the country, and an addendum only adds: neither proposes closures.
        var closures = codes.Count == 0 || mode == ImportMode.Additions
            ? []
            : batch.ProposedClosures.Select(id => new ProposedClosure(id, byId[id].AdminCode, byId[id].Name)).ToList();
        var matched = drafts.Select(row => batch.Rows.TryGetValue(row.Raw.RowNumber, out var m) ? WithMatch(row, m) : row).ToList();
        return (matched, new BatchMatchInfo(scope, current?.Version, closures));
    }

    /// <summary>
    /// A row of a removal: it names a published clinic to close (proposed, for a person to confirm), or says why it
    /// closes none. Either way it is rejected as a clinic, since a removal adds nothing to the map.
    /// </summary>
    private static RowDraft AsRemoval(RowDraft row, RowMatch? match, Dictionary<Guid, Core.Clinics.Clinic> byId)
    {
        if (row.IsRejected)
            return row;
        var (code, message) = match switch
        {
            { Kind: MatchKind.Same } m => ("removal.closes", $"{row.Raw.Where}: names published '{byId[m.ClinicId!.Value].Name}' ({byId[m.ClinicId.Value].AdminCode}): proposed as closed, not added as a clinic"),
            { Kind: MatchKind.Duplicate } m => ("removal.repeated", $"{row.Raw.Where}: repeats {m.Explanation}; its closure is proposed once"),
            { Kind: MatchKind.Probable } m => ("removal.uncertain", $"{row.Raw.Where}: '{row.Name}' may be {string.Join(" or ", m.Candidates.Take(3).Select(c => $"'{c.Name}'"))} ({m.Explanation}); no closure proposed: close the right one by hand"),
            { } => ("removal.unknown", $"{row.Raw.Where}: '{row.Name}' names no published clinic, so there is nothing to close"),
            null => ("removal.unmatched", $"{row.Raw.Where}: '{row.Name}' could not be placed in a division, so no published clinic could be found to close"),
        };
        return row.WithReason(new RowReason(code, "name", message, ReasonSeverity.Reject)) with { Match = match };
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
