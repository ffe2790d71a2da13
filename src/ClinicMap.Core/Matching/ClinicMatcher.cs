using ClinicMap.Core.Clinics;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;

namespace ClinicMap.Core.Matching;

/// <summary>
/// Decides, for each staged row, whether it is a clinic already published (same), a new one, a probable match a
/// person must decide, or a duplicate of an earlier row of its batch; and which published clinics of the batch's
/// scope no row names any more, in the prefectures the rows are placed in (proposed as closed, never deleted).
/// </summary>
/// <remarks>
/// Evidence, strongest first: the normalised name (<see cref="TextNormalizer.MatchKey"/>) equal; equal once the
/// province and city names it starts with are removed (<c>武汉市第一医院</c> ≈ <c>第一医院</c> in 武汉; never the
/// county's: it is what tells 威县中医院 from 临西县中医院); one or two characters apart (<c>昔仁医院</c> ≈
/// <c>普仁医院</c>: typos and misreads, but never in a numeral or direction: <c>第一</c> and <c>第二人民医院</c> are
/// two hospitals); the same county; a shared phone; the same
/// address; under 100 m apart when both points are street-precise or better. A row is the same clinic when exactly
/// one published clinic of its prefecture has an equal name and it is in the row's county or is the only one of
/// that name in the prefecture (a moved clinic), or when a name within typo distance is in the same county and a
/// phone, the address or the place agrees. Anything weaker with some evidence is probable. Each published clinic
/// is claimed by at most one row; a second claimant is a duplicate. Rejected rows and rows without a name or an
/// admin code are not matched. A row naming the same clinic as an earlier row of the batch in the same prefecture
/// (<see cref="BatchKey"/>) is a duplicate of it. Cost O(rows × clinics per prefecture × name length²).
/// </remarks>
public static class ClinicMatcher
{
    private const double NearMetres = 100;

    /// <param name="duplicatesInBatch">
    /// Row → the earlier row of the batch it repeats, when the caller has found them (the import's match stage does,
    /// with <see cref="BatchKey"/>); <c>null</c> to find them here the same way.
    /// </param>
    public static BatchMatch Match(IReadOnlyList<StagedRow> rows, IReadOnlyList<Clinic> published, string scopePrefix,
        IReadOnlyDictionary<int, int>? duplicatesInBatch = null)
    {
        // Each published clinic's keys are computed once, not once per row that meets it.
        var entries = published.Select(c => new Published(c, TextNormalizer.MatchKey(c.Name), TextNormalizer.MatchKey(c.Address))).ToList();
        var byPrefecture = entries.GroupBy(e => e.Clinic.AdminCode[..4]).ToDictionary(g => g.Key, g => g.ToList());
        var byProvince = entries.GroupBy(e => e.Clinic.AdminCode[..2]).ToDictionary(g => g.Key, g => g.ToList());
        var results = new Dictionary<int, RowMatch>();
        var earlierOf = duplicatesInBatch ?? DuplicatesInBatch(rows);
        var claimedBy = new Dictionary<Guid, int>();
        var referenced = new HashSet<Guid>();

        foreach (var row in rows.OrderBy(r => r.RowNumber))
        {
            if (row.Outcome == RowOutcome.Rejected || row.Name is null || !AdminCode.IsWellFormed(row.AdminCode))
                continue;
            var key = TextNormalizer.MatchKey(row.Name);
            var pool = Pool(row.AdminCode!, byPrefecture, byProvince);
            var probe = new Probe(row, key, TextNormalizer.MatchKey(row.Address));
            var candidates = pool.Select(e => Compare(probe, e)).OfType<Comparison>().OrderByDescending(c => c.Score).ToList();

            if (earlierOf.TryGetValue(row.RowNumber, out var earlier))
            {
                results[row.RowNumber] = new RowMatch(MatchKind.Duplicate, null, earlier, ToCandidates(candidates), $"row {earlier} of this batch names the same clinic");
                continue;
            }

            var verdict = Decide(candidates);
            if (verdict.Kind == MatchKind.Same && claimedBy.TryGetValue(verdict.ClinicId!.Value, out var claimant))
                verdict = new RowMatch(MatchKind.Duplicate, null, claimant, verdict.Candidates, $"row {claimant} of this batch is already {verdict.Candidates[0].Name}");
            else if (verdict.Kind == MatchKind.Same)
                claimedBy[verdict.ClinicId!.Value] = row.RowNumber;
            // A clinic a row is, or may be, is not proposed as closed; the weaker candidates of a sure match are.
            if (verdict.Kind == MatchKind.Same)
                referenced.Add(verdict.ClinicId!.Value);
            else
                referenced.UnionWith(candidates.Select(c => c.Clinic.Id));
            results[row.RowNumber] = verdict;
        }

        var kinds = rows.Where(r => r.Outcome != RowOutcome.Rejected).SelectMany(r => r.Kinds).ToHashSet();
        // A list speaks for the prefectures its rows are placed in, not for all its scope spans: a province's list of
        // three cities proposes no closure in its other cities, and a row placed only at province level widens nothing.
        var covered = rows.Where(r => r.Outcome != RowOutcome.Rejected && AdminCode.IsWellFormed(r.AdminCode) && AdminCode.LevelOf(r.AdminCode!) != DivisionLevel.Province)
            .Select(r => r.AdminCode![..4]).ToHashSet(StringComparer.Ordinal);
        var closures = published
            .Where(c => AdminCode.IsWithin(c.AdminCode, scopePrefix) && (covered.Count == 0 || covered.Contains(c.AdminCode[..4]))
                        && c.Kinds.Any(kinds.Contains) && !referenced.Contains(c.Id))
            .Select(c => c.Id)
            .ToList();
        return new BatchMatch(results, closures);
    }

    /// <summary>
    /// What two rows of one list share when they name the same clinic: the place (a prefecture's code, or whatever
    /// stands for it when a row has none) and the normalised name (<see cref="TextNormalizer.MatchKey"/>).
    /// </summary>
    public static string BatchKey(string place, string name) => string.Concat(place, "\u0001", TextNormalizer.MatchKey(name));

    /// <summary>Row → earlier row, for matchable rows sharing a <see cref="BatchKey"/> in their prefecture.</summary>
    private static Dictionary<int, int> DuplicatesInBatch(IReadOnlyList<StagedRow> rows)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var earlier = new Dictionary<int, int>();
        foreach (var row in rows.OrderBy(r => r.RowNumber))
        {
            if (row.Outcome == RowOutcome.Rejected || row.Name is null || !AdminCode.IsWellFormed(row.AdminCode))
                continue;
            var key = BatchKey(AdminCode.PrefectureOf(row.AdminCode!), row.Name);
            if (!first.TryAdd(key, row.RowNumber))
                earlier[row.RowNumber] = first[key];
        }
        return earlier;
    }

    /// <summary>The longest division prefix (2, 4 or 6 digits) shared by every admin code: the part of the country a list speaks for; <c>""</c> for a national list.</summary>
    public static string ScopeOf(IEnumerable<string> adminCodes)
    {
        string? scope = null;
        foreach (var code in adminCodes)
        {
            var own = AdminCode.LevelOf(code) switch
            {
                DivisionLevel.Province => code[..2],
                DivisionLevel.Prefecture => code[..4],
                _ => code,
            };
            scope = scope is null ? own : CommonDivisionPrefix(scope, own);
            if (scope.Length == 0)
                break;
        }
        return scope ?? string.Empty;
    }

    private static string CommonDivisionPrefix(string a, string b)
    {
        foreach (var length in new[] { 6, 4, 2 })
        {
            if (a.Length >= length && b.Length >= length && string.CompareOrdinal(a, 0, b, 0, length) == 0)
                return a[..length];
        }
        return string.Empty;
    }

    private static List<Published> Pool(string adminCode, Dictionary<string, List<Published>> byPrefecture, Dictionary<string, List<Published>> byProvince) =>
        AdminCode.LevelOf(adminCode) == DivisionLevel.Province
            ? byProvince.GetValueOrDefault(adminCode[..2]) ?? []
            : byPrefecture.GetValueOrDefault(adminCode[..4]) ?? [];

    private static RowMatch Decide(List<Comparison> candidates)
    {
        var sureNames = candidates.Count(c => c.Name >= NameAgreement.Alias);
        var sure = candidates.Where(c => c.IsSure(sureNames)).ToList();
        // The strongest name agreement wins: an equal name beats a neighbour one character apart at the same address.
        if (sure.Count > 1)
            sure = sure.Where(c => c.Name == sure.Max(x => x.Name)).ToList();
        if (sure.Count > 1)
        {
            var corroborated = sure.Where(c => c.SharedPhone || c.SameAddress).ToList();
            if (corroborated.Count == 1)
                sure = corroborated;
        }
        if (sure.Count == 1)
        {
            var chosen = sure[0];
            return new RowMatch(MatchKind.Same, chosen.Clinic.Id, null, ToCandidates([chosen, .. candidates.Where(c => c != chosen)]),
                $"published as {chosen.Clinic.Name}: {string.Join(", ", chosen.Evidence)}");
        }
        if (candidates.Count > 0)
        {
            var why = sure.Count > 1
                ? $"{sure.Count} published clinics fit equally well"
                : $"resembles {candidates[0].Clinic.Name} ({string.Join(", ", candidates[0].Evidence)}) but not surely";
            return new RowMatch(MatchKind.Probable, null, null, ToCandidates(candidates), why);
        }
        return new RowMatch(MatchKind.New, null, null, [], "no published clinic resembles it");
    }

    private static List<MatchCandidate> ToCandidates(IEnumerable<Comparison> comparisons) =>
        comparisons.Take(5).Select(c => new MatchCandidate(c.Clinic.Id, c.Clinic.Name, c.Clinic.AdminCode, c.Score, c.Evidence)).ToList();

    /// <summary>The comparison of a row with one published clinic, or <c>null</c> when nothing links them (the common case, kept cheap).</summary>
    private static Comparison? Compare(Probe row, Published clinic)
    {
        var name = NameAgreement.None;
        if (row.Key == clinic.Key)
            name = NameAgreement.Equal;
        // Stripping place names leaves a suffix of the name, so the suffix test spares most of the stripping.
        else if (row.Core.Length >= 2 && clinic.Key.EndsWith(row.Core, StringComparison.Ordinal)
                 && row.Core == WithoutPlaces(clinic.Key, clinic.Clinic.Province, clinic.Clinic.City))
            name = NameAgreement.Alias;
        else if (MaxTypos(Math.Min(row.Key.Length, clinic.Key.Length)) is var limit and > 0
                 && TextDistance.EditDistance(row.Key, clinic.Key, limit) <= limit && !DiffersInASignificantCharacter(row.Key, clinic.Key))
            name = NameAgreement.Typo;
        // A side placed only at its city (no county found in the row, or in a misspelt name) does not contradict the
        // other's county in that city: it counts as the same place, and the evidence says so.
        var cityOnly = row.Row.AdminCode != clinic.Clinic.AdminCode && row.Row.AdminCode![..4] == clinic.Clinic.AdminCode[..4]
            && (row.Row.AdminCode.EndsWith("00", StringComparison.Ordinal) || clinic.Clinic.AdminCode.EndsWith("00", StringComparison.Ordinal));
        var sameCounty = row.Row.AdminCode == clinic.Clinic.AdminCode || cityOnly;
        var phone = row.Row.Phones.FirstOrDefault(p => clinic.Clinic.Phones.Contains(p, StringComparer.Ordinal));
        var sameAddress = row.Address.Length > 0 && row.Address == clinic.Address;
        double? metres = row.Row.Location is { } at && row.Row.LocationPrecision is { } precision
                         && precision <= LocationPrecision.Street && clinic.Clinic.LocationPrecision <= LocationPrecision.Street
            ? Geodesic.DistanceMeters(at, clinic.Clinic.Location)
            : null;
        var comparison = new Comparison(clinic.Clinic, name, sameCounty, phone is not null, sameAddress, metres, []);
        if (!comparison.IsCandidate)
            return null;

        var evidence = new List<string>();
        if (name != NameAgreement.None)
            evidence.Add(name switch { NameAgreement.Equal => "name equal", NameAgreement.Alias => "name equal without place names", _ => "name a character or two apart" });
        if (sameCounty)
            evidence.Add(cityOnly ? "same city, one of them without a county" : "same county");
        if (phone is not null)
            evidence.Add($"phone {phone}");
        if (sameAddress)
            evidence.Add("same address");
        if (metres is { } m)
            evidence.Add($"{m:0} m apart");
        return comparison with { Evidence = evidence };
    }

    /// <summary>
    /// Characters that tell hospitals apart rather than being misspelt: numerals and ordinals (第一 / 第二人民医院),
    /// directions and relative positions (东院 / 西院, 新院 / 老院). A name differing in one of them is another clinic.
    /// </summary>
    private const string Significant = "0123456789零〇一二三四五六七八九十百壹贰叁肆伍陆柒捌玖拾东南西北中上下前后左右新老大小甲乙丙丁分总";

    private static bool DiffersInASignificantCharacter(string a, string b) =>
        a.Except(b).Concat(b.Except(a)).Any(c => Significant.Contains(c, StringComparison.Ordinal));

    /// <summary>Typos tolerated for a name of this many characters: none under 4, one under 10, two from 10.</summary>
    private static int MaxTypos(int length) => length < 4 ? 0 : length < 10 ? 1 : 2;

    private static string WithoutPlaces(string key, params string?[] places)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var place in places)
            {
                foreach (var form in PlaceForms(place))
                {
                    if (form.Length > 0 && key.Length > form.Length && key.StartsWith(form, StringComparison.Ordinal))
                    {
                        key = key[form.Length..];
                        changed = true;
                    }
                }
            }
        }
        return key;
    }

    private static IEnumerable<string> PlaceForms(string? place)
    {
        var key = TextNormalizer.MatchKey(place);
        if (key.Length == 0)
            yield break;
        yield return key;
        if (key.Length > 2 && key[^1] is '省' or '市' or '区' or '县')
            yield return key[..^1];
    }

    /// <summary>A published clinic with its normalised name and address.</summary>
    private sealed record Published(Clinic Clinic, string Key, string Address);

    /// <summary>A row with its normalised name, the name without the place names it starts with, and its normalised address.</summary>
    private sealed record Probe(StagedRow Row, string Key, string Address)
    {
        // Only the province and city are removed: a county's name is what tells 威县中医院 from 临西县中医院.
        public string Core { get; } = WithoutPlaces(Key, Row.Province, Row.City);
    }

    private enum NameAgreement
    {
        None,
        Typo,
        Alias,
        Equal,
    }

    private sealed record Comparison(Clinic Clinic, NameAgreement Name, bool SameCounty, bool SharedPhone, bool SameAddress, double? Metres, IReadOnlyList<string> Evidence)
    {
        private bool Near => Metres is < NearMetres;

        public bool IsCandidate => Name != NameAgreement.None || (SameCounty && (SharedPhone || SameAddress || Near));

        public double Score => (int)Name + (SameCounty ? 1 : 0) + (SharedPhone ? 1 : 0) + (SameAddress ? 1 : 0) + (Near ? 1 : 0);

        /// <param name="sureNamesInPool">How many clinics of the pool have an equal (or alias-equal) name.</param>
        public bool IsSure(int sureNamesInPool) =>
            (Name >= NameAgreement.Alias && (SameCounty || sureNamesInPool == 1))
            || (Name == NameAgreement.Typo && SameCounty && (SharedPhone || SameAddress || Near));
    }
}
