using ClinicMap.Core.Divisions;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Geocoding.Tests.Addresses;

/// <summary>
/// Rows as real lists write them, resolved as the import resolves them (<see cref="DivisionResolver.ResolveWithAddress"/>,
/// the same call <c>clinicmap-import geocode</c> makes): the hand-written table of address-cases.tsv, and the same kinds
/// of variation drawn over a seeded sample of every county of the gazetteer. Every failure is listed.
/// </summary>
public class AddressCaseTableTests
{
    private static readonly DivisionGazetteer Gazetteer = DivisionGazetteer.Embedded;
    private static readonly DivisionResolver Resolver = new(Gazetteer);

    /// <summary>The seed the sampled cases were accepted on; the resolver was tuned on the hand-written table only.</summary>
    private const int Seed = 20261207;
    private const int SampledCounties = 60;

    public sealed record Case(string Category, string? Province, string? City, string? County, string Address, string ExpectedCode, bool CountyExpected);

    [Fact]
    public void TheTableHoldsAtLeastThreeHundredCasesOfEveryKind()
    {
        var cases = Cases().ToList();

        Assert.True(cases.Count >= 300, $"{cases.Count} cases");
        Assert.Superset(new HashSet<string> { "full", "city-only", "spaces", "label", "phone", "person", "city-column", "county-only", "no-province", "plain-form", "renamed", "ambiguous", "township", "hmt" },
            cases.Select(c => c.Category).ToHashSet());
    }

    [Fact]
    public void CountiesResolveExactlyAndNoRowIsPutInAnotherProvince()
    {
        var results = Cases().Select(c => (Case: c, Code: Resolve(c))).ToList();

        var wrongProvince = results.Where(r => r.Code is not null && r.Code[..2] != r.Case.ExpectedCode[..2]).Select(Describe).ToList();
        var wrong = results.Where(r => !Right(r.Case, r.Code)).Select(Describe).ToList();
        var share = 1.0 - (double)wrong.Count / results.Count;
        Assert.True(wrongProvince.Count == 0, $"{wrongProvince.Count} rows in the wrong province:\n{string.Join('\n', wrongProvince)}");
        Assert.True(share >= 0.98, $"{results.Count - wrong.Count} of {results.Count} right ({share:P1}); wrong:\n{string.Join('\n', wrong)}");
    }

    private static string? Resolve(Case c)
    {
        var (division, parsed) = Resolver.ResolveWithAddress(new DivisionHint(c.Province, c.City, c.County, c.Address));
        return division.MostSpecific?.Code ?? parsed?.AdminCode;
    }

    /// <summary>A county expected: exactly it. A city or province only: anything within it, since the row can say no more.</summary>
    private static bool Right(Case c, string? code) =>
        code is not null && (c.CountyExpected ? code == c.ExpectedCode : AdminCode.IsWithin(code, Prefix(c.ExpectedCode)));

    private static string Prefix(string code) => code.EndsWith("0000", StringComparison.Ordinal) ? code[..2] : code.EndsWith("00", StringComparison.Ordinal) ? code[..4] : code;

    private static string Describe((Case Case, string? Code) r) =>
        $"[{r.Case.Category}] {r.Case.Province}|{r.Case.City}|{r.Case.County}|{r.Case.Address} → {r.Code ?? "nothing"} ({Gazetteer.Find(r.Code ?? "")?.Name}), expected {r.Case.ExpectedCode} ({Gazetteer.Find(r.Case.ExpectedCode)?.Name})";

    public static IEnumerable<Case> Cases() => Written().Concat(Sampled());

    private static IEnumerable<Case> Written()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Addresses", "address-cases.tsv");
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1))
        {
            var f = line.Split('\t');
            var names = f[5].Split('/');
            yield return new Case(f[0], Blank(f[1]), Blank(f[2]), Blank(f[3]), f[4], CodeOf(names), names[2].Length > 0);
        }
    }

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>The code of "province/prefecture/county" by official names, the last non-empty one.</summary>
    private static string CodeOf(string[] names)
    {
        var province = Gazetteer.Provinces.Single(p => p.Name == names[0]);
        if (names[1].Length == 0)
            return province.Code;
        var prefecture = Gazetteer.ChildrenOf(province.Code).Single(p => p.Name == names[1]);
        return names[2].Length == 0 ? prefecture.Code : Gazetteer.ChildrenOf(prefecture.Code).Single(c => c.Name == names[2]).Code;
    }

    /// <summary>
    /// The kinds of variation, over counties drawn with <see cref="Seed"/> from every prefecture-level city: the full
    /// address, its parts spaced, a labelled address with only the province column, and a county column alone where
    /// the county's name is the only one in its province.
    /// </summary>
    private static IEnumerable<Case> Sampled()
    {
        var counties = Gazetteer.Provinces.Where(p => p.Code[..2] is not ("71" or "81" or "82"))
            .SelectMany(p => Gazetteer.ChildrenOf(p.Code).Where(c => c.Level == DivisionLevel.Prefecture && !c.Name.Contains("直辖", StringComparison.Ordinal))
                .SelectMany(c => Gazetteer.ChildrenOf(c.Code).Select(county => (Province: p, Prefecture: c, County: county))))
            .ToList();
        var random = new Random(Seed);
        foreach (var (province, prefecture, county) in counties.OrderBy(_ => random.Next()).Take(SampledCounties))
        {
            var city = province.Code[..2] is "11" or "12" or "31" or "50" ? "" : prefecture.Name;
            yield return new Case("full", null, null, null, $"{province.Name}{city}{county.Name}人民路1号", county.Code, true);
            yield return new Case("spaces", null, null, null, $"{province.Name} {city} {county.Name} 人民路1号".Replace("  ", " ", StringComparison.Ordinal), county.Code, true);
            yield return new Case("label", province.Name, null, null, $"地址：{city}{county.Name}人民路1号", county.Code, true);
            if (Gazetteer.CountiesUnder(province).Count(c => c.Name == county.Name) == 1)
                yield return new Case("county-only", province.Name, null, county.Name, "人民路1号", county.Code, true);
        }
    }
}
