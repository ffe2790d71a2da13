using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// Corrects what OCR misreads, with what ClinicMap knows, only when the correction is small and unambiguous:
/// a district cell one character away from exactly one county name (<c>池桥区</c> → <c>灞桥区</c>); a clinic
/// name whose ending is one character away from exactly one institution pattern (<c>人民医阮</c> → <c>人民医院</c>);
/// an address token misread as a look-alike (<c>路</c>, <c>号</c> …). Several candidates at the same distance
/// make the correction ambiguous, and the caller sends the row to review. O(candidates × length).
/// </summary>
public sealed class OcrCorrector
{
    private static readonly string[] InstitutionEndings =
    [
        "人民医院", "中医医院", "中医院", "中西医结合医院", "妇幼保健院", "妇幼保健计划生育服务中心", "卫生院", "中心卫生院",
        "社区卫生服务中心", "医院", "总医院", "第一医院", "第二医院", "第三医院", "人民医院分院", "医疗中心", "保健院", "骨科医院", "传染病医院",
    ];

    private readonly Dictionary<int, List<string>> _countiesByLength;
    private readonly ILookup<string, string> _prefecturesByCountyName;

    public OcrCorrector(DivisionGazetteer gazetteer)
    {
        var counties = gazetteer.Provinces.SelectMany(p => gazetteer.CountiesUnder(p)).ToList();
        _countiesByLength = counties.Select(c => c.Name).Distinct(StringComparer.Ordinal)
            .GroupBy(n => n.Length).ToDictionary(g => g.Key, g => g.ToList());
        _prefecturesByCountyName = counties.ToLookup(c => c.Name, c => c.ParentCode ?? "", StringComparer.Ordinal);
    }

    /// <summary>The prefectures that have a county of this exact name (one for most names; 朝阳区 has two).</summary>
    public IEnumerable<string> PrefecturesOf(string countyName) => _prefecturesByCountyName[countyName];

    /// <summary>The outcome of trying to correct one cell.</summary>
    public sealed record Correction(string Text, bool Changed, IReadOnlyList<string> Candidates)
    {
        public bool Ambiguous => Candidates.Count > 1;
    }

    /// <summary>
    /// Snaps a district cell to the one county name within one substituted character; when several qualify and
    /// the table's other district cells place it in <paramref name="prefecture"/>, only that prefecture's count.
    /// </summary>
    public Correction District(string text, string? prefecture = null)
    {
        if (!_countiesByLength.TryGetValue(text.Length, out var names) || names.Contains(text))
            return new Correction(text, false, []);
        var candidates = names.Where(n => Substitutions(n, text) == 1).ToList();
        if (candidates.Count > 1 && prefecture is not null)
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
            .Where(e => text.Length > e.Length && e.Length >= 3 && Substitutions(e, text[^e.Length..]) == 1)
            .Select(e => text[..^e.Length] + e)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return candidates.Count == 1 ? new Correction(candidates[0], true, candidates) : new Correction(text, false, candidates);
    }

    /// <summary>Number of differing characters between two strings of equal length; <c>int.MaxValue</c> otherwise.</summary>
    internal static int Substitutions(string a, string b)
    {
        if (a.Length != b.Length)
            return int.MaxValue;
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
                count++;
        }
        return count;
    }

    /// <summary>Whether any county of GB/T 2260 bears this name (used to decide that a district cell needs no correction).</summary>
    public bool IsCountyName(string text) => _countiesByLength.TryGetValue(text.Length, out var names) && names.Contains(text);
}
