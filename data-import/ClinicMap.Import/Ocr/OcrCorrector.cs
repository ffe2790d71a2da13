using ClinicMap.Core.Text;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// Corrects what OCR misreads, with what ClinicMap knows, only when the correction is small and unambiguous:
/// a district cell one character away from exactly one county name (<c>池桥区</c> → <c>灞桥区</c>); a clinic
/// name whose ending is one character away from exactly one institution pattern (<c>人民医阮</c> → <c>人民医院</c>);
/// an address token misread as a look-alike (<c>路</c>, <c>号</c> …). Several candidates at the same distance
/// make the correction ambiguous, and the caller sends the row to review. O(candidates × length).
/// </summary>
public sealed partial class OcrCorrector
{
    private static readonly string[] InstitutionEndings =
    [
        "人民医院", "中医医院", "中医院", "中西医结合医院", "妇幼保健院", "妇幼保健计划生育服务中心", "卫生院", "中心卫生院",
        "社区卫生服务中心", "医院", "总医院", "第一医院", "第二医院", "第三医院", "人民医院分院", "医疗中心", "保健院", "骨科医院", "传染病医院",
        "分院", "院区", "门诊部", "卫生服务站", "中蒙医院", "蒙医医院", "蒙医院", "藏医院",
    ];

    private const string PlaceSuffixes = "省市县区旗州盟";

    private readonly Dictionary<int, List<string>> _countiesByLength;
    private readonly ILookup<string, string> _prefecturesByCountyName;
    private readonly HashSet<string> _placeNames;
    private readonly ILookup<(int Length, char Last), string> _placesByShape;
    private readonly ILookup<string, string> _provincesOfName;
    private readonly Dictionary<string, HashSet<string>> _countiesOfPrefectureName;

    private readonly ILookup<string, string> _countyCodesByName;
    private readonly ILookup<string, string> _prefecturesByShortForm;
    private readonly TownshipIndex _townships;
    private readonly Lazy<IReadOnlySet<string>>? _writable;

    /// <param name="townships">The townships whose names addresses are checked against; <see cref="TownshipIndex.Embedded"/> by default.</param>
    /// <param name="writable">The characters the OCR models can write (<see cref="OcrEnginePool.Writable"/>); without them no place is inferred from what they cannot.</param>
    public OcrCorrector(DivisionGazetteer gazetteer, TownshipIndex? townships = null, Lazy<IReadOnlySet<string>>? writable = null)
    {
        _townships = townships ?? TownshipIndex.Embedded;
        _writable = writable;
        var counties = gazetteer.Provinces.SelectMany(p => gazetteer.CountiesUnder(p)).ToList();
        _countyCodesByName = counties.SelectMany(c => c.Aliases.Prepend(c.Name).SelectMany(DivisionNames.Forms).Select(n => (Name: n, c.Code))).ToLookup(c => c.Name, c => c.Code, StringComparer.Ordinal);
        _countiesByLength = counties.Select(c => c.Name).Distinct(StringComparer.Ordinal)
            .GroupBy(n => n.Length).ToDictionary(g => g.Key, g => g.ToList());
        _prefecturesByCountyName = counties.ToLookup(c => c.Name, c => c.ParentCode ?? "", StringComparer.Ordinal);
        var prefectures = gazetteer.Provinces.SelectMany(p => gazetteer.ChildrenOf(p.Code)).Where(p => p.Level == Core.Divisions.DivisionLevel.Prefecture).ToList();
        // Aliases are names too: a former name (海门市, now 海门区) must not be "repaired" into a neighbour (海安市).
        // So are the short forms that keep a suffix (焉耆县 for 焉耆回族自治县, 恩施州): bare stems (东城) are not.
        _placeNames = gazetteer.Provinces.Concat(prefectures).Concat(counties).SelectMany(d => d.Aliases.Prepend(d.Name).SelectMany(Suffixed))
            .Where(n => n.Length >= 2 && !n.Contains("直辖", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        _placesByShape = _placeNames.ToLookup(n => (n.Length, n[^1]));
        _provincesOfName = gazetteer.Provinces.Concat(prefectures).Concat(counties)
            .SelectMany(d => d.Aliases.Prepend(d.Name).SelectMany(Suffixed).Select(n => (Name: n, Province: d.Code[..2])))
            .ToLookup(p => p.Name, p => p.Province, StringComparer.Ordinal);
        _prefecturesByShortForm = prefectures.SelectMany(p => DivisionNames.Forms(p.Name).Skip(1).Select(f => (Form: f, p.Name))).ToLookup(p => p.Form, p => p.Name, StringComparer.Ordinal);
        _countiesOfPrefectureName = prefectures.GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => gazetteer.CountiesUnder(p)).SelectMany(c => Suffixed(c.Name)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>A name and those of its short forms that still end in a division suffix.</summary>
    private static IEnumerable<string> Suffixed(string name) =>
        DivisionNames.Forms(name).Where((form, k) => k == 0 || form.Length >= 3 && PlaceSuffixes.Contains(form[^1], StringComparison.Ordinal));

    /// <summary>
    /// What <see cref="PlaceNames"/> did to a text: the corrected text, each change, the windows it could not decide,
    /// and those it decided only by what the models cannot write (<see cref="Inferred"/>, made but to be checked).
    /// </summary>
    public sealed record PlaceCorrection(string Text, IReadOnlyList<string> Changes, IReadOnlyList<string> Ambiguous, IReadOnlyList<string> Inferred);

    /// <summary>
    /// Snaps misread place names inside a name or address (<c>扎责特旗</c> → <c>扎赉特旗</c>, <c>扬州市邢江区</c> →
    /// <c>扬州市邗江区</c>): every run that ends in a division suffix and is not itself a division name is compared
    /// with the names of the same length and suffix one character away — first those the row's own cells name
    /// (<paramref name="context"/>, real division names only), then the counties of a prefecture named just before
    /// it, then the counties of the prefectures the row names anywhere (<paramref name="rowPrefectures"/>: 兴安盟 in
    /// the district cell decides 扎责特旗 for 扎赉特旗 rather than 扎鲁特旗), then (three characters or more, or a
    /// one-character county such as 隰县) every division — within the provinces of the places the row names, when
    /// it names any (伊宁市边合区 is not Nanjing's 六合区; such a run is reported, not corrected). One candidate
    /// corrects; several are reported as ambiguous. A run ending where a known name does (朔州市应县, not 宝应县) is
    /// left alone. A real county name right after a prefecture it does not belong to (阳泉市理县 for 阳泉市盂县) is
    /// treated as a misread too: corrected to that prefecture's one county a character away, or reported.
    /// Where several names qualify, the cell's other <paramref name="readings"/> of the same length (other models')
    /// narrow them to those a character or less from what each of them reads there: 马岛街道, 马知街道 and 马香街道
    /// are all one character from 定海区's 马岙街道, only the first from its 千岛街道. O(length × candidates).
    /// </summary>
    public PlaceCorrection PlaceNames(string text, IReadOnlyCollection<string> context, IReadOnlyCollection<string>? rowPrefectures = null, IReadOnlyCollection<string>? readings = null)
    {
        // The other readings that line up with this one character for character.
        var aligned = (readings ?? []).Where(r => r.Length == text.Length && r != text).ToList();
        List<string> Narrowed(List<string> candidates, int start) =>
            candidates.Count < 2 || aligned.Count == 0 ? candidates
            : candidates.Where(n => aligned.All(r => TextDistance.Substitutions(n, r.Substring(start, n.Length)) <= 1)).ToList() is { Count: > 0 } narrowed ? narrowed : candidates;
        var rowCounties = (rowPrefectures ?? []).SelectMany(p => _countiesOfPrefectureName.GetValueOrDefault(p) ?? []).ToHashSet(StringComparer.Ordinal);
        HashSet<string>? rowProvinces = null;
        // Only real division names are context: a district cell misread the same way as the name must not vouch for it.
        context = context.Where(_placeNames.Contains).ToList();
        var chars = text.ToCharArray();
        var changes = new List<string>();
        var ambiguous = new List<string>();
        var inferred = new List<string>();
        string? PrefectureBefore(int start)
        {
            for (var length = Math.Min(LongestName, start); length >= 2; length--)
            {
                if (new string(chars, start - length, length) is var name && _countiesOfPrefectureName.ContainsKey(name))
                    return name;
            }
            return null;
        }
        bool Known(string window) => _placeNames.Contains(window) || context.Contains(window);
        // A county right after its prefecture's name must be one of that prefecture's (阳泉市理县 is a misread of 阳泉市盂县).
        bool Foreign(string window, string? prefecture) => prefecture is not null && window[^1] is '县' or '区' or '旗' && !_countiesOfPrefectureName[prefecture].Contains(window) && !NotAPlace().IsMatch(window);
        for (var end = 1; end < chars.Length; end++)
        {
            if (!PlaceSuffixes.Contains(chars[end], StringComparison.Ordinal))
                continue;
            // A known name ending here that starts where a place name may (朔州市应县) is read right, whatever a longer run would be one character from (宝应县).
            var lengths = Enumerable.Range(2, Math.Min(LongestName, end + 1) - 1).ToList();
            if (lengths.Any(l => end - l + 1 is var s && (s == 0 || PlaceSuffixes.Contains(chars[s - 1], StringComparison.Ordinal)) && new string(chars, s, l) is var w && Known(w) && !Foreign(w, PrefectureBefore(s))))
                continue;
            for (var length = lengths[^1]; length >= 2; length--)
            {
                var start = end - length + 1;
                var window = new string(chars, start, length);
                var prefecture = PrefectureBefore(start);
                var known = Known(window);
                var foreign = known && Foreign(window, prefecture);
                if (known && !foreign)
                    break;
                var near = (IEnumerable<string> names) => names.Where(n => n.Length == length && n[^1] == window[^1] && TextDistance.Substitutions(n, window) == 1).Distinct(StringComparer.Ordinal).ToList();
                // A place name starts the text or follows another place name; any other run is part of a word.
                var placed = start == 0 || PlaceSuffixes.Contains(chars[start - 1], StringComparison.Ordinal);
                if (NotAPlace().IsMatch(window))
                {
                    // A run that reads like a zone (新城区) is a misread only of the row's own district (游城区 for 潞城区).
                    if (placed && near(context) is [var own])
                    {
                        own.CopyTo(0, chars, start, length);
                        changes.Add($"{window} → {own}");
                    }
                    break;
                }
                if (!placed)
                    continue;
                // The row's own cells first — but after a prefecture's name, only those that are its counties.
                var candidates = near(prefecture is null ? context : context.Where(_countiesOfPrefectureName[prefecture].Contains));
                if (candidates.Count == 0 && prefecture is not null)
                    candidates = near(_countiesOfPrefectureName[prefecture]);
                if (candidates.Count == 0 && prefecture is null)
                    candidates = near(rowCounties);
                if (candidates.Count == 0 && (length >= 3 || window[^1] == '县') && !foreign)
                {
                    // Anywhere — but within the provinces the row's known places are in, when it names any.
                    var anywhere = near(_placesByShape[(length, window[^1])]);
                    rowProvinces ??= ProvincesNamedIn(context.Concat(rowPrefectures ?? []).Append(text));
                    candidates = rowProvinces.Count == 0 ? anywhere : anywhere.Where(n => _provincesOfName[n].Any(rowProvinces.Contains)).ToList();
                    if (candidates.Count == 0 && anywhere.Count > 0)
                    {
                        ambiguous.Add($"{window} ({string.Join("/", anywhere.Take(4))} in another province)");
                        break;
                    }
                }
                candidates = Narrowed(candidates, start);
                if (candidates.Count == 1)
                {
                    candidates[0].CopyTo(0, chars, start, length);
                    changes.Add($"{window} → {candidates[0]}");
                    break;
                }
                if (candidates.Count > 1 && Unreadable(candidates, window) is [var (only, character)])
                {
                    // The models read the other candidates' characters well enough to have given one of them.
                    only.CopyTo(0, chars, start, length);
                    inferred.Add($"{window} → {only} (of {string.Join("/", candidates.Take(4))}, the only one the models cannot read: none writes {character})");
                    break;
                }
                if (candidates.Count > 1)
                {
                    ambiguous.Add($"{window} ({string.Join("/", candidates.Take(4))})");
                    break;
                }
                if (foreign)
                {
                    ambiguous.Add($"{window} (not a county of {prefecture})");
                    break;
                }
            }
        }
        Townships(chars, context, changes, Narrowed);
        return new PlaceCorrection(new string(chars), changes, ambiguous, inferred);
    }

    /// <summary>The candidates whose character where they differ from <paramref name="window"/> no OCR model can write, with that character.</summary>
    private List<(string Name, char Character)> Unreadable(List<string> candidates, string window) =>
        _writable is null ? []
        : candidates.SelectMany(n => n.Where((c, k) => c != window[k] && !_writable.Value.Contains(c.ToString())).Take(1).Select(c => (n, c))).ToList();

    /// <summary>
    /// Snaps a misread township right after its county, written in full or short (上栗县上粥镇 → 上栗县上栗镇,
    /// 鄂托克前旗敞勒召其镇 → 敖勒召其镇, 洪泽高良润街道 → 高良涧街道), or a clinic named after it (<see cref="TownHospital"/>),
    /// or at the start of the text when the row's district cell names the county: the run up to the first 镇, 乡 or
    /// 街道 is compared with that county's townships of the same length and ending, one character away; one
    /// candidate corrects (after the other readings have <paramref name="narrowed"/> several), a known township (or
    /// one known under a newer form) or any other count leaves it. O(length × townships of the county).
    /// </summary>
    private void Townships(char[] chars, IReadOnlyCollection<string> context, List<string> changes, Func<List<string>, int, List<string>> narrowed)
    {
        var text = new string(chars);
        var starts = new List<(int Start, string County, bool Written)>();
        starts.AddRange(context.Where(_countyCodesByName.Contains).Select(c => (0, c, false)));
        starts.AddRange(Occurrences(text, _countyCodesByName.Contains, 2).Select(o => (o.Start + o.Name.Length, o.Name, true)));
        // Where two county names end at the same place, the longer is the one written (乡宁县, not 宁县).
        foreach (var (start, county, written) in starts.GroupBy(s => s.Start).Select(g => g.MaxBy(s => s.County.Length)))
        {
            var end = Enumerable.Range(start + 1, Math.Max(0, Math.Min(chars.Length, start + 8) - start - 1))
                .FirstOrDefault(e => chars[e] is '镇' or '乡' || chars[e] == '道' && chars[e - 1] == '街', -1);
            var names = _countyCodesByName[county].SelectMany(_townships.InCounty).Select(t => t.Name).ToList();
            if (end < 0)
            {
                // Only after a county's full name written in the text: after a short form (如东 of 如东县) the run
                // would begin with its suffix, and at the start of 岚县人民医院 it would be the county itself.
                if (written && _placeNames.Contains(county))
                    TownHospital(chars, start, names, changes);
                continue;
            }
            var run = new string(chars, start, end - start + 1);
            var stem = TownStem(run);
            // Known, or known under a newer form: a town since made a street office (敖阳镇, now 敖阳街道), or the
            // town named after its county (海门市海门镇), the county seat, which is the most often renamed.
            if (names.Contains(run) || names.Any(n => n.StartsWith(stem, StringComparison.Ordinal) && n.Length > stem.Length && !char.IsAsciiLetterOrDigit(n[stem.Length]) && n[stem.Length] is '镇' or '乡' or '街')
                || stem.Length >= 2 && county.StartsWith(stem, StringComparison.Ordinal))
                continue;
            var near = narrowed(names.Where(n => n.Length == run.Length && n[^1] == run[^1] && TextDistance.Substitutions(n, run) == 1).Distinct(StringComparer.Ordinal).ToList(), start);
            if (near is not [var township])
                continue;
            township.CopyTo(0, chars, start, township.Length);
            changes.Add($"{run} → {township}");
        }
    }

    /// <summary>A township's name without its 镇, 乡 or 街道.</summary>
    private static string TownStem(string township) => township[..^(township.EndsWith("街道", StringComparison.Ordinal) ? 2 : 1)];

    /// <summary>
    /// A clinic named after its town right after the county (泰州市姜堰区溱潼人民医院, read 汪潼): the characters before an
    /// institution ending are compared with the names of the county's townships without 镇, 乡 or 街道; one a
    /// character away corrects, an exact one or several leave it.
    /// </summary>
    private static void TownHospital(char[] chars, int start, List<string> townships, List<string> changes)
    {
        var text = new string(chars);
        var stems = townships.Select(TownStem).Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal).ToList();
        // Where the first institution ending begins; right after the county (德安县人民医院) there is no town.
        var ending = InstitutionEndings.Select(e => text.IndexOf(e, start, StringComparison.Ordinal)).Where(at => at >= 0).DefaultIfEmpty(-1).Min();
        if (ending < start + 2)
            return;
        var run = text[start..ending];
        if (stems.Contains(run))
            return;
        var near = stems.Where(n => n.Length == run.Length && TextDistance.Substitutions(n, run) == 1).ToList();
        if (near is not [var town])
            return;
        town.CopyTo(0, chars, start, town.Length);
        changes.Add($"{run} → {town}");
    }

    /// <summary>The longest division name (巴音郭楞蒙古自治州 and its like), the longest run <see cref="Occurrences"/> looks at.</summary>
    private const int LongestName = 16;

    /// <summary>Every run of <paramref name="minLength"/> to <see cref="LongestName"/> characters of the text that <paramref name="isName"/> accepts, with where it starts. O(length × <see cref="LongestName"/>).</summary>
    private static IEnumerable<(int Start, string Name)> Occurrences(string text, Func<string, bool> isName, int minLength)
    {
        for (var start = 0; start < text.Length; start++)
        {
            for (var length = minLength; length <= LongestName && start + length <= text.Length; length++)
            {
                var run = text.Substring(start, length);
                if (isName(run))
                    yield return (start, run);
            }
        }
    }

    /// <summary>
    /// Prefecture names written out in any of <paramref name="texts"/> (阳泉市 in 阳泉市盂县秀水西街, 兴安盟 as a
    /// district cell), or a prefecture's short form opening one (唐山 in 唐山华佗医院: clinics are named after their
    /// city): they tell which counties a misread name in the same row can be.
    /// </summary>
    public IReadOnlyCollection<string> PrefecturesNamedIn(IEnumerable<string?> texts)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts.OfType<string>())
        {
            found.UnionWith(Occurrences(text, _countiesOfPrefectureName.ContainsKey, 2).Select(o => o.Name));
            found.UnionWith(Enumerable.Range(2, Math.Max(0, Math.Min(LongestName, text.Length) - 1)).SelectMany(l => _prefecturesByShortForm[text[..l]]));
        }
        return found;
    }

    /// <summary>
    /// The provinces (two-digit code prefixes) of the division names of three or more characters written out in
    /// <paramref name="texts"/> (伊宁市 in 伊宁市边合区287号: Xinjiang, so 边合区 is not Nanjing's 六合区).
    /// </summary>
    private HashSet<string> ProvincesNamedIn(IEnumerable<string> texts)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var (_, name) in Occurrences(text, _placeNames.Contains, 3))
                found.UnionWith(_provincesOfName[name]);
        }
        return found;
    }

    /// <summary>
    /// Whether a district cell needs no correction: a real division name of any level or an alias, a zone
    /// (<see cref="NotAPlace"/>, but not a run ending in 城区 that no district bears: 游城区 is 潞城区 misread), or a
    /// prefecture's short form: its first two or more characters and its last, as 昌吉州 is of 昌吉回族自治州.
    /// </summary>
    public bool IsKnownPlace(string text) =>
        _placeNames.Contains(text) || NotAPlace().IsMatch(text) && !text.EndsWith("城区", StringComparison.Ordinal)
        || text.Length >= 3 && _countiesOfPrefectureName.Keys.Any(p => p.Length > text.Length && p[^1] == text[^1] && p.StartsWith(text[..^1], StringComparison.Ordinal));

    /// <summary>The prefectures that have a county of this exact name (one for most names; 朝阳区 has two).</summary>
    public IEnumerable<string> PrefecturesOf(string countyName) => _prefecturesByCountyName[countyName];

    /// <summary>The outcome of trying to correct one cell.</summary>
    public sealed record Correction(string Text, bool Changed, IReadOnlyList<string> Candidates)
    {
        public bool Ambiguous => Candidates.Count > 1;
    }

    /// <summary>
    /// Snaps a district cell to the one county name within one substituted character. A cell that names a real
    /// division of any level (邢台市, 兴安盟 — a prefecture in the district column), a prefecture's short form
    /// (昌吉州) or a zone (高新区) is left alone. When the row names prefectures elsewhere (阳泉市 in the address,
    /// <paramref name="rowPrefectures"/>), only their counties count if any qualify; otherwise, when several
    /// qualify and the table's other district cells place it in <paramref name="prefecture"/> (a code), only that
    /// prefecture's count.
    /// </summary>
    public Correction District(string text, string? prefecture = null, IReadOnlyCollection<string>? rowPrefectures = null)
    {
        if (!_countiesByLength.TryGetValue(text.Length, out var names) || IsKnownPlace(text))
            return new Correction(text, false, []);
        var candidates = names.Where(n => TextDistance.Substitutions(n, text) == 1).ToList();
        var inRow = candidates.Where(n => rowPrefectures?.Any(p => _countiesOfPrefectureName.GetValueOrDefault(p)?.Contains(n) == true) == true).ToList();
        if (inRow.Count > 0)
            candidates = inRow;
        else if (candidates.Count > 1 && prefecture is not null)
        {
            var local = candidates.Where(n => PrefecturesOf(n).Contains(prefecture)).ToList();
            if (local.Count == 1)
                candidates = local;
        }
        return candidates.Count == 1 ? new Correction(candidates[0], true, candidates) : new Correction(text, false, candidates);
    }

    /// <summary>Repairs a clinic name's institution ending when exactly one known ending is one character away.</summary>
    public static Correction InstitutionName(string text)
    {
        if (InstitutionEndings.Any(e => text.EndsWith(e, StringComparison.Ordinal)))
            return new Correction(text, false, []);
        var candidates = InstitutionEndings
            .Where(e => text.Length > e.Length && e.Length >= 3 && TextDistance.Substitutions(e, text[^e.Length..]) == 1)
            .Select(e => text[..^e.Length] + e)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return candidates.Count == 1 ? new Correction(candidates[0], true, candidates) : new Correction(text, false, candidates);
    }


    /// <summary>
    /// Removes the stray <c>1</c> (or l, I, |) that the cell's left rule becomes when OCR glues it to a landline's
    /// area code (<c>10359一2355990</c> → <c>0359一2355990</c>); the separators, 一 included, are
    /// <see cref="PhoneNormalizer"/>'s to read. No Chinese number starts with <c>10</c> and an area code, so a real
    /// number is never touched.
    /// </summary>
    public static Correction Phone(string text)
    {
        var repaired = RuleBeforeAreaCode().Replace(text, "");
        return new Correction(repaired, repaired != text, []);
    }

    /// <summary>A 1/l/I/| glued before an area code (010, 02x, 0xxx) that is followed by a local number, as PhoneNormalizer reads one.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d-])[1lI|](?=0(?:10|2\d|[3-9]\d{2})[-\s—－一]*[1-9]\d{6,7}(?!\d))")]
    private static partial System.Text.RegularExpressions.Regex RuleBeforeAreaCode();

    /// <summary>Words ending like a division that are not divisions: zones, estates, campuses, the city's own area.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("(开发|高新|经开|新|小|社|园|院|城|市|山|景|片|校|厂|矿|林|牧|营|保税|示范|试验|管理|风景|度假|工业|港|湾|东|西|南|北|中)区$")]
    private static partial System.Text.RegularExpressions.Regex NotAPlace();
}
