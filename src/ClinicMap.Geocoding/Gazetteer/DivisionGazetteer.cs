using System.Collections.Frozen;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Text;

namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// GB/T 2260 provinces, prefectures and counties with WGS-84 centres, looked up by code or by any published
/// form of their name within a parent. Immutable and thread-safe once built; <see cref="Embedded"/> is the
/// copy shipped in this assembly (about 3,200 divisions, loaded once, ~20 ms).
/// </summary>
public sealed class DivisionGazetteer
{
    private static readonly Lazy<DivisionGazetteer> EmbeddedInstance = new(LoadEmbedded);

    private readonly FrozenDictionary<string, AdminDivision> _byCode;
    private readonly FrozenDictionary<string, AdminDivision[]> _children;
    private readonly FrozenDictionary<string, string[]> _forms;
    private readonly FrozenDictionary<string, string> _nameKeys;

    public DivisionGazetteer(IEnumerable<AdminDivision> divisions)
    {
        var list = divisions.ToList();
        _byCode = list.ToFrozenDictionary(d => d.Code, StringComparer.Ordinal);
        _children = list.Where(d => d.ParentCode is not null)
            .GroupBy(d => d.ParentCode!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(d => d.Code, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _forms = list.ToFrozenDictionary(
            d => d.Code,
            d => d.Aliases.Prepend(d.Name).SelectMany(DivisionNames.Forms).Select(TextNormalizer.MatchKey).Distinct(StringComparer.Ordinal).ToArray(),
            StringComparer.Ordinal);
        _nameKeys = list.ToFrozenDictionary(d => d.Code, d => TextNormalizer.MatchKey(d.Name), StringComparer.Ordinal);
        Provinces = list.Where(d => d.Level == DivisionLevel.Province).OrderBy(d => d.Code, StringComparer.Ordinal).ToArray();
        Prefectures = Provinces.SelectMany(p => ChildrenOf(p.Code)).Where(d => d.Level == DivisionLevel.Prefecture).ToArray();
        Counties = Provinces.SelectMany(CountiesUnder).ToArray();
        Count = list.Count;
    }

    /// <summary>The gazetteer built into ClinicMap.Geocoding (see Gazetteer/Data/NOTICE.md for its sources).</summary>
    public static DivisionGazetteer Embedded => EmbeddedInstance.Value;

    public IReadOnlyList<AdminDivision> Provinces { get; }

    /// <summary>Every prefecture-level division (the municipalities' own included), province by province.</summary>
    public IReadOnlyList<AdminDivision> Prefectures { get; }

    /// <summary>Every county-level division, province by province.</summary>
    public IReadOnlyList<AdminDivision> Counties { get; }

    public int Count { get; }

    /// <summary>The division with this code, or <c>null</c>.</summary>
    public AdminDivision? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>The direct children of a division, ordered by code; empty when it has none.</summary>
    public IReadOnlyList<AdminDivision> ChildrenOf(string code) => _children.GetValueOrDefault(code) ?? [];

    /// <summary>Every published form of the division's name, as match keys (<see cref="TextNormalizer.MatchKey"/>).</summary>
    public IReadOnlyList<string> FormsOf(AdminDivision division) => _forms[division.Code];

    /// <summary>
    /// The divisions among <paramref name="candidates"/> that <paramref name="text"/> names, trying in turn: the
    /// official name; any published form (<c>东城</c>, <c>延边州</c>, an alias); the stem of the text against those
    /// forms, which finds a county under its pre-reform suffix (<c>梁平县</c> for today's <c>梁平区</c>). The first
    /// step that matches anything decides. O(candidates).
    /// </summary>
    public IReadOnlyList<AdminDivision> Match(IEnumerable<AdminDivision> candidates, string? text)
    {
        var key = TextNormalizer.MatchKey(text);
        if (key.Length == 0)
            return [];
        var pool = candidates as IReadOnlyCollection<AdminDivision> ?? candidates.ToList();
        var exact = pool.Where(d => _nameKeys[d.Code] == key).ToList();
        if (exact.Count > 0)
            return exact;
        var byForm = pool.Where(d => _forms[d.Code].Contains(key)).ToList();
        if (byForm.Count > 0 || DivisionNames.Stem(TextNormalizer.Clean(text)!) is not { } stem)
            return byForm;
        var stemKey = TextNormalizer.MatchKey(stem);
        return pool.Where(d => _forms[d.Code].Contains(stemKey)).ToList();
    }

    /// <summary>The county-level divisions under a prefecture, or under a whole province for a municipality.</summary>
    public IReadOnlyList<AdminDivision> CountiesUnder(AdminDivision scope) => scope.Level switch
    {
        DivisionLevel.County => [],
        DivisionLevel.Prefecture => ChildrenOf(scope.Code),
        _ => ChildrenOf(scope.Code).SelectMany(p => p.Level == DivisionLevel.County ? [p] : ChildrenOf(p.Code)).ToList(),
    };

    private static DivisionGazetteer LoadEmbedded()
    {
        using var stream = typeof(DivisionGazetteer).Assembly.GetManifestResourceStream("Gazetteer/divisions.tsv")
            ?? throw new InvalidOperationException("the embedded gazetteer (Gazetteer/divisions.tsv) is missing from ClinicMap.Geocoding");
        using var reader = new StreamReader(stream);
        return new DivisionGazetteer(GazetteerFile.Read(reader));
    }
}
