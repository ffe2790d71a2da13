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

    public ParsedAddress Parse(string? address, AddressContext? context = null) => Parse(address, context, countyStems: false);

    /// <summary>
    /// A clinic's name read like an address: as <see cref="Parse(string?, AddressContext?)"/>, and a county's bare
    /// stem counts right after its city's name (深圳市南山医院, 哈尔滨市道外普太平人民医院 with 区 misspelt), where in an
    /// address it would too often be a road's name (杭州市西湖大道 is not in 西湖区).
    /// </summary>
    public ParsedAddress ParseName(string? name, AddressContext? context = null) => Parse(name, context, countyStems: true);

    /// <summary>The gazetteer, for <see cref="Reading"/>.</summary>
    private DivisionGazetteer Divisions => gazetteer;

    private ParsedAddress Parse(string? address, AddressContext? context, bool countyStems)
    {
        var reading = new Reading(this, context ?? AddressContext.None, Unlabelled(TextNormalizer.Clean(address) ?? ""), countyStems);
        reading.Province();
        reading.City();
        reading.County();
        reading.Township();
        return reading.Street();
    }

    /// <summary>
    /// A row's address parsed in its context; when the address names no township, the clinic's name is read for one
    /// (固阳县金山镇中心卫生院, 金山镇卫生院): the full name (three characters or more) of a township of the row's county
    /// found there places the clinic as an address would, and a note says where it came from.
    /// </summary>
    public ParsedAddress? ParseRow(string? address, string? name, AddressContext context)
    {
        var parsed = address is null ? null : Parse(address, context);
        if (parsed?.Township is not null || name is null || (parsed?.County ?? context.County) is not { } county)
            return parsed;
        // Only the township is wanted, and only one of the county: its full name anywhere in the name is enough.
        if (TownshipsOf(county).FindInside(TextNormalizer.Clean(name) ?? "") is not { } township)
            return parsed;
        var note = $"township {township.Name} taken from the clinic's name";
        return parsed is null
            ? new ParsedAddress(new Address(null, null, null, township.Name, null, null, null, null), context.Province, context.City, county, township, [], [note])
            : parsed with { Township = township, Notes = [.. parsed.Notes, note] };
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
    private static List<(AdminDivision Division, string Form)> PrefixMatches(IEnumerable<AdminDivision> pool, string text,
        Func<AdminDivision, IReadOnlyList<AdminDivision>>? shortFormsNeedFollower = null, bool countyStems = false)
    {
        var matches = new List<(AdminDivision, string)>();
        foreach (var division in pool)
        {
            foreach (var form in FormsOf(division))
            {
                if (form.Length < 2 || !text.StartsWith(form, StringComparison.Ordinal))
                    continue;
                // A full form: the name, an alias, or a form that keeps a suffix (恩施州, 孟连县 for 孟连傣族拉祜族佤族自治县).
                var isFull = form == division.Name || division.Aliases.Contains(form) || IsSuffixed(form) || !IsBareStem(division, form);
                // A bare stem that is the whole text (武汉, 东城) is too little to go on; a full name is enough (湖北省武汉市).
                if (text.Length == form.Length && division.Level != DivisionLevel.County && !isFull)
                    continue;
                if (!isFull)
                {
                    if (division.Level == DivisionLevel.County && !countyStems)
                        continue;
                    if (shortFormsNeedFollower is not null && !shortFormsNeedFollower(division).Any(child => text.AsSpan(form.Length).StartsWith(child.Name, StringComparison.Ordinal)))
                        continue;
                }
                matches.Add((division, form));
            }
        }
        return matches.OrderByDescending(m => m.Item2.Length).ToList();
    }

    /// <summary>True when <paramref name="form"/> is the division's name (or an alias) with its suffix taken off: 东城, 海南, 孟连.</summary>
    private static bool IsBareStem(AdminDivision division, string form) =>
        division.Aliases.Prepend(division.Name).Any(n => DivisionNames.Stem(n) == form);

    /// <summary>
    /// Where the address starts when words that are not part of it come first (a person's name, the clinic's name):
    /// the first full province or prefecture name (湖北省, 武汉市) after a short run with no road or number word, when
    /// none stands at the front. <c>null</c> when the text starts with a division, or no such name follows.
    /// </summary>
    private int? LeadingWords(string text)
    {
        // Cheap first: a full province or prefecture name ends in one of these within the first words, or none follows.
        var window = text.AsSpan(0, Math.Min(text.Length, MaxLeadingWords + 8));
        if (window.IndexOfAny("省市州盟区") < 0)
            return null;
        var names = FullNames();
        if (PrefixMatches(gazetteer.Provinces.Concat(gazetteer.Prefectures), text).Count > 0)
            return null;
        var starts = names.Select(n => text.IndexOf(n, 1, Math.Min(text.Length - 1, MaxLeadingWords + n.Length), StringComparison.Ordinal))
            .Where(i => i > 0).DefaultIfEmpty(-1).Min();
        return starts > 0 && starts <= MaxLeadingWords && !NotLeadingWords().IsMatch(text[..starts]) ? starts : null;
    }

    /// <summary>The full names (and aliases) of every province and prefecture, three characters or more, suffix kept.</summary>
    private string[] FullNames() =>
        _fullNames ??= gazetteer.Provinces.Concat(gazetteer.Prefectures)
            .SelectMany(d => d.Aliases.Prepend(d.Name).Where(n => n.Length >= 3 && (IsSuffixed(n) || n.EndsWith('省'))))
            .Distinct(StringComparer.Ordinal).ToArray();

    private string[]? _fullNames;

    private const int MaxLeadingWords = 12;

    [GeneratedRegex("[路街道号巷弄楼村镇乡区县]")]
    private static partial Regex NotLeadingWords();

    /// <summary>
    /// The address without what people write around it: a label in front (<c>地址：</c>, <c>住址:</c>, <c>院址：</c>) and
    /// phone numbers with their label anywhere (<c>电话：0710-3522000</c>, <c>13800000000</c>).
    /// </summary>
    internal static string Unlabelled(string text)
    {
        var stripped = PhonePattern().Replace(AddressLabel().Replace(text, ""), " ");
        return TextNormalizer.Clean(stripped) ?? "";
    }

    [GeneratedRegex(@"^\s*(?:详细地址|单位地址|医院地址|院址|住址|地址)\s*[:：]?\s*")]
    private static partial Regex AddressLabel();

    [GeneratedRegex(@"(?:(?:联系)?电话|手机|Tel|TEL)?\s*[:：]?\s*(?<![\d-])(?:\(?0\d{2,3}\)?[-—－\s]?)?[1-9]\d{6,10}(?![\d号])")]
    private static partial Regex PhonePattern();

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

    /// <summary>The townships of a county, or of every county of a city or province, indexed once per division and kept.</summary>
    private TownshipPool TownshipsOf(AdminDivision scope) =>
        _townshipPools.GetOrAdd(scope.Code, _ => new TownshipPool(scope.Level == DivisionLevel.County
            ? townships.InCounty(scope.Code)
            : gazetteer.CountiesUnder(scope).SelectMany(c => townships.InCounty(c.Code)).ToList()));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TownshipPool> _townshipPools = new(StringComparer.Ordinal);

    /// <summary>
    /// Townships found in an address by the first character of each of their forms, so a lookup looks at the few that
    /// could start where it looks instead of every township of a city. Immutable once built.
    /// </summary>
    private sealed class TownshipPool
    {
        private readonly Dictionary<char, (Township Township, string Form)[]> _forms;
        private readonly Dictionary<char, Township[]> _names;

        public TownshipPool(IReadOnlyList<Township> pool)
        {
            _forms = pool.SelectMany(t => FormsOf(t).Where(f => f.Length >= 2).Select(f => (Township: t, Form: f)))
                .GroupBy(m => m.Form[0]).ToDictionary(g => g.Key, g => g.ToArray());
            _names = pool.Where(t => t.Name.Length >= 3).GroupBy(t => t.Name[0]).ToDictionary(g => g.Key, g => g.ToArray());
        }

        /// <summary>The township whose form is the longest at the front of <paramref name="rest"/>, if only one township has it.</summary>
        public (Township? Township, string? Text) Take(ref string rest)
        {
            if (rest.Length == 0 || !_forms.TryGetValue(rest[0], out var candidates))
                return (null, null);
            var text = rest;
            var matches = candidates.Where(m => text.StartsWith(m.Form, StringComparison.Ordinal)).OrderByDescending(m => m.Form.Length).ToList();
            if (matches.Count == 0 || matches.Count(m => m.Form == matches[0].Form) > 1)
                return (null, null);
            rest = rest[matches[0].Form.Length..];
            return (matches[0].Township, matches[0].Form);
        }

        /// <summary>The one township whose name (3+ characters) appears anywhere in <paramref name="text"/>, or <c>null</c>.</summary>
        public Township? FindInside(string text)
        {
            Township? found = null;
            for (var i = 0; i < text.Length; i++)
            {
                if (!_names.TryGetValue(text[i], out var candidates))
                    continue;
                foreach (var township in candidates)
                {
                    if (!text.AsSpan(i).StartsWith(township.Name, StringComparison.Ordinal) || ReferenceEquals(township, found))
                        continue;
                    if (found is not null)
                        return null;
                    found = township;
                }
            }
            return found;
        }
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
