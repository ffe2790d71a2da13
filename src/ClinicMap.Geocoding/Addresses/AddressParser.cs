using System.Text.RegularExpressions;
using ClinicMap.Core.Addresses;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Text;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Geocoding.Addresses;

/// <summary>What the row itself already says about where it is (its province / city / county columns, resolved).</summary>
public sealed record AddressContext(AdminDivision? Province, AdminDivision? City, AdminDivision? County)
{
    public static AddressContext None { get; } = new(null, null, null);

    public static AddressContext From(DivisionResolution resolution) => new(resolution.Province, resolution.Prefecture, resolution.County);
}

/// <summary>An address split into parts and resolved against the gazetteer.</summary>
/// <param name="CountyCandidates">When a county name fits several counties and nothing in the row decides: all of them.</param>
/// <param name="Notes">How each part was found, and any conflict with the row's context, in words for an operator.</param>
public sealed record ParsedAddress(
    Address Parts,
    AdminDivision? Province,
    AdminDivision? City,
    AdminDivision? County,
    Township? Township,
    IReadOnlyList<AdminDivision> CountyCandidates,
    IReadOnlyList<string> Notes)
{
    /// <summary>The 6-digit code of the most specific division resolved, or <c>null</c>.</summary>
    public string? AdminCode => (County ?? City ?? Province)?.Code;

    /// <summary>True when a county name was found but fits several counties.</summary>
    public bool IsAmbiguous => CountyCandidates.Count > 1;
}

/// <summary>
/// Splits a Chinese address into province / city / county / township / road / number / building / POI and
/// resolves the 6-digit admin code, with the row's own district columns as context.
/// </summary>
/// <remarks>
/// Left to right, each level is looked for at the front of what remains, among the children of the level above
/// as resolved so far (from the text, else from the context): a province by any published form; a city by its full
/// name, or by its short form when one of its counties follows (<c>武汉江岸区</c>); a county by its full name or
/// alias; a township by its name (with or without 办事处). A level the text skips is not required:
/// <c>东城区崇外大街100号</c> in a Beijing list resolves to 东城区 (110101). When a county name fits several counties
/// (朝阳区: Beijing and Changchun) the row's context decides, and when nothing does, the candidates are returned and
/// no county is chosen. A county not at the front is still found anywhere in the text when its full name (3+
/// characters) is unique in scope, and a township likewise, which then also gives its county. What follows the
/// divisions is split by the usual road, number and building words; the rest is the POI text. O(divisions in scope).
/// </remarks>
public sealed partial class AddressParser(DivisionGazetteer gazetteer, TownshipIndex townships)
{
    public AddressParser() : this(DivisionGazetteer.Embedded, TownshipIndex.Embedded)
    {
    }

    public ParsedAddress Parse(string? address, AddressContext? context = null)
    {
        context ??= AddressContext.None;
        var notes = new List<string>();
        var text = TextNormalizer.Clean(address) ?? "";
        var rest = text;

        // Province.
        var (province, provinceText) = TakePrefix(gazetteer.Provinces, ref rest, shortFormsNeedFollower: null);
        if (province is not null && context.Province is not null && province.Code != context.Province.Code)
            notes.Add($"the address names {province.Name}, the row {context.Province.Name}");
        var provinceScope = province ?? context.Province;

        // City: the municipalities' cities are the province itself.
        AdminDivision? city = null;
        string? cityText = null;
        if (provinceScope is not null && IsMunicipality(provinceScope))
        {
            city = gazetteer.ChildrenOf(provinceScope.Code).FirstOrDefault(c => c.Level == DivisionLevel.Prefecture);
            if (provinceText is null)
                (_, cityText) = TakePrefix([provinceScope], ref rest, shortFormsNeedFollower: null);
            else
                cityText = null;
        }
        else
        {
            var prefectures = provinceScope is not null
                ? gazetteer.ChildrenOf(provinceScope.Code)
                : gazetteer.Provinces.SelectMany(p => gazetteer.ChildrenOf(p.Code)).ToList();
            (city, cityText) = TakePrefix(prefectures.Where(p => p.Level == DivisionLevel.Prefecture), ref rest, shortFormsNeedFollower: c => gazetteer.CountiesUnder(c));
        }
        if (city is not null && context.City is not null && city.Code != context.City.Code && province is null)
            notes.Add($"the address names {city.Name}, the row {context.City.Name}");
        var cityScope = city ?? context.City;
        if (province is null && city is not null)
            province = gazetteer.Find(AdminCode.ProvinceOf(city.Code));

        // County.
        var countyPool = cityScope is not null ? gazetteer.CountiesUnder(cityScope)
            : provinceScope is not null ? gazetteer.CountiesUnder(provinceScope)
            : gazetteer.Provinces.SelectMany(gazetteer.CountiesUnder).ToList();
        var countyMatches = PrefixMatches(countyPool, rest);
        AdminDivision? county = null;
        string? countyText = null;
        List<AdminDivision> candidates = [];
        if (countyMatches.Count > 0)
        {
            countyText = countyMatches[0].Form;
            rest = rest[countyText.Length..];
            var distinct = countyMatches.Where(m => m.Form == countyText).Select(m => m.Division).DistinctBy(d => d.Code).ToList();
            if (distinct.Count == 1)
                county = distinct[0];
            else if (context.County is { } contextCounty && distinct.FirstOrDefault(d => d.Code == contextCounty.Code) is { } byContext)
                county = byContext;
            else
            {
                candidates = distinct;
                notes.Add($"'{countyText}' could be {string.Join(" or ", distinct.Select(Describe))}; nothing in the row decides");
            }
        }
        else if (cityScope is not null && FindInside(gazetteer.CountiesUnder(cityScope), text) is { } inside)
        {
            county = inside;
            countyText = inside.Name;
            notes.Add($"county {inside.Name} found inside the address");
        }
        if (county is not null && context.County is not null && county.Code != context.County.Code)
            notes.Add($"the address names {county.Name}, the row {context.County.Name}");
        var countyScope = county ?? (candidates.Count == 0 ? context.County : null);
        if (county is not null)
        {
            city ??= gazetteer.Find(county.ParentCode!) is { Level: DivisionLevel.Prefecture } parent ? parent : null;
            province ??= gazetteer.Find(AdminCode.ProvinceOf(county.Code));
        }

        // Township.
        Township? township = null;
        string? townshipText = null;
        if (countyScope is not null)
        {
            (township, townshipText) = TakeTownship(townships.InCounty(countyScope.Code), ref rest);
            if (township is null && FindTownshipInside(townships.InCounty(countyScope.Code), text) is { } found)
                (township, townshipText) = (found, found.Name);
        }
        else if (candidates.Count == 0 && (city ?? context.City) is { } townCity)
        {
            var pool = gazetteer.CountiesUnder(townCity).SelectMany(c => townships.InCounty(c.Code)).ToList();
            (township, townshipText) = TakeTownship(pool, ref rest);
            if (township is null && FindTownshipInside(pool, text) is { } found)
                (township, townshipText) = (found, found.Name);
            if (township is not null)
            {
                county = gazetteer.Find(township.CountyCode);
                notes.Add($"county {county?.Name} taken from the township {township.Name}");
            }
        }

        // Road, number, building, POI.
        rest = rest.TrimStart(' ', ',', '，', '、');
        string? road = null, number = null, building = null;
        if (RoadPattern().Match(rest) is { Success: true } r)
        {
            road = r.Groups[1].Value;
            rest = rest[road.Length..];
        }
        if (NumberPattern().Match(rest) is { Success: true } n)
        {
            number = n.Groups[1].Value;
            rest = rest[n.Length..];
        }
        if (BuildingPattern().Match(rest) is { Success: true } b)
        {
            building = b.Groups[1].Value;
            rest = rest[b.Length..];
        }
        var poi = rest.Trim(' ', ',', '，', '、');
        var parts = new Address(provinceText, cityText, countyText, townshipText, road, number, building, poi.Length == 0 ? null : poi);
        return new ParsedAddress(parts, province ?? context.Province, city ?? context.City, county ?? (candidates.Count == 0 ? context.County : null),
            township, candidates, notes);
    }

    /// <summary>Takes the longest division name at the front of <paramref name="rest"/>, if exactly one division has it.</summary>
    private static (AdminDivision? Division, string? Text) TakePrefix(IEnumerable<AdminDivision> pool, ref string rest, Func<AdminDivision, IReadOnlyList<AdminDivision>>? shortFormsNeedFollower)
    {
        var matches = PrefixMatches(pool, rest, shortFormsNeedFollower);
        if (matches.Count == 0)
            return (null, null);
        var best = matches[0].Form;
        var divisions = matches.Where(m => m.Form == best).Select(m => m.Division).DistinctBy(d => d.Code).ToList();
        if (divisions.Count != 1)
            return (null, null);
        rest = rest[best.Length..];
        return (divisions[0], best);
    }

    /// <summary>
    /// Divisions whose name (or an alias, or a short form followed by one of its children) starts <paramref name="text"/>,
    /// longest form first. Short forms (stems) count only when <paramref name="shortFormsNeedFollower"/> finds a child
    /// right after them, or, for provinces, when they are the province's usual short name.
    /// </summary>
    private static List<(AdminDivision Division, string Form)> PrefixMatches(IEnumerable<AdminDivision> pool, string text, Func<AdminDivision, IReadOnlyList<AdminDivision>>? shortFormsNeedFollower = null)
    {
        var matches = new List<(AdminDivision, string)>();
        foreach (var division in pool)
        {
            foreach (var form in FormsOf(division))
            {
                if (form.Length < 2 || !text.StartsWith(form, StringComparison.Ordinal) || text.Length == form.Length && division.Level != DivisionLevel.County)
                    continue;
                var isFull = form == division.Name || division.Aliases.Contains(form) || IsSuffixed(form);
                if (!isFull)
                {
                    if (division.Level == DivisionLevel.County)
                        continue;
                    if (shortFormsNeedFollower is not null && !shortFormsNeedFollower(division).Any(child => text.AsSpan(form.Length).StartsWith(child.Name, StringComparison.Ordinal)))
                        continue;
                }
                matches.Add((division, form));
            }
        }
        return matches.OrderByDescending(m => m.Item2.Length).ToList();
    }

    private static bool IsSuffixed(string form) =>
        form.EndsWith('市') || form.EndsWith('州') || form.EndsWith('盟') || form.EndsWith("地区", StringComparison.Ordinal) || form.EndsWith("自治区", StringComparison.Ordinal);

    /// <summary>The one division of <paramref name="pool"/> whose full name (3+ characters) appears in <paramref name="text"/>.</summary>
    private static AdminDivision? FindInside(IReadOnlyList<AdminDivision> pool, string text)
    {
        var found = pool.Where(d => d.Name.Length >= 3 && text.Contains(d.Name, StringComparison.Ordinal)).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>
    /// Every form a division is written in (its name and aliases, each with and without its suffix), computed once per
    /// division and kept: the parser meets the same few thousand divisions in every address of a list.
    /// </summary>
    private static string[] FormsOf(AdminDivision division) =>
        DivisionForms.GetOrAdd(division, d => d.Aliases.Prepend(d.Name).SelectMany(DivisionNames.Forms).Distinct(StringComparer.Ordinal).ToArray());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AdminDivision, string[]> DivisionForms = [];

    /// <summary>A township's forms, computed once per township and kept, as <see cref="FormsOf(AdminDivision)"/>.</summary>
    private static string[] FormsOf(Township township) =>
        TownshipForms.GetOrAdd(township, t => TownshipIndex.Forms(t).ToArray());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Township, string[]> TownshipForms = [];

    private static (Township? Township, string? Text) TakeTownship(IReadOnlyList<Township> pool, ref string rest)
    {
        var text = rest;
        var matches = pool.SelectMany(t => FormsOf(t).Select(f => (Township: t, Form: f)))
            .Where(m => m.Form.Length >= 2 && text.StartsWith(m.Form, StringComparison.Ordinal))
            .OrderByDescending(m => m.Form.Length)
            .ToList();
        if (matches.Count == 0 || matches.Count(m => m.Form == matches[0].Form) > 1)
            return (null, null);
        rest = rest[matches[0].Form.Length..];
        return (matches[0].Township, matches[0].Form);
    }

    private static Township? FindTownshipInside(IReadOnlyList<Township> pool, string text)
    {
        var found = pool.Where(t => t.Name.Length >= 3 && text.Contains(t.Name, StringComparison.Ordinal)).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    private string Describe(AdminDivision county) =>
        $"{gazetteer.Find(county.ParentCode!)?.Name}{county.Name} ({county.Code})";

    private static bool IsMunicipality(AdminDivision province) => province.Code is "110000" or "120000" or "310000" or "500000";

    // A road: the shortest run ending in a road word, where 街 is not the start of 街道 (a township word).
    [GeneratedRegex(@"^(.{1,24}?(?:大街|大道|胡同|路|街(?!道)|巷|弄|道(?!路)))")]
    private static partial Regex RoadPattern();

    [GeneratedRegex(@"^\s*(\d+(?:[-－之]\d+)?号(?!楼))")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\s*((?:\d+|[A-Za-z])(?:号楼|栋|幢|座|楼))")]
    private static partial Regex BuildingPattern();
}
