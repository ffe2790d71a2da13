using ClinicMap.Core.Text;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Import.Ocr.Correction;

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
        var counties = gazetteer.Counties.ToList();
        _countyCodesByName = counties.SelectMany(c => c.Aliases.Prepend(c.Name).SelectMany(DivisionNames.Forms).Select(n => (Name: n, c.Code))).ToLookup(c => c.Name, c => c.Code, StringComparer.Ordinal);
        _countiesByLength = counties.Select(c => c.Name).Distinct(StringComparer.Ordinal)
            .GroupBy(n => n.Length).ToDictionary(g => g.Key, g => g.ToList());
        _prefecturesByCountyName = counties.ToLookup(c => c.Name, c => c.ParentCode ?? "", StringComparer.Ordinal);
        var prefectures = gazetteer.Prefectures.ToList();
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
