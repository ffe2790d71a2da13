using ClinicMap.Core.Divisions;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Geocoding.Addresses;

namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// Resolves a row's province / city / county columns to GB/T 2260 divisions with the <see cref="DivisionGazetteer"/>.
/// </summary>
/// <remarks>
/// Rules, in order: the province by any published form; the city within it (for a municipality, the
/// municipality itself; a county-level city directly under the province, such as 仙桃市, is both city and
/// county); the county within the city, after removing a repeated city prefix (<c>拉萨市城关区</c>). Words that
/// mean "the city itself" (<c>市区</c>, <c>市本级</c>, <c>市直</c> …) or the city's own name leave the county empty.
/// With no county column, the <see cref="AddressParser"/> looks for the county in the address within the resolved
/// city — by name, or through a township only one of its counties has — and the row says so.
/// A name that matches nothing, or several, stops resolution with a review reason that names the value: the
/// resolver never picks one of several candidates by itself. O(number of children of each level).
/// </remarks>
public sealed class DivisionResolver(DivisionGazetteer gazetteer, AddressParser addresses)
{
    public DivisionResolver(DivisionGazetteer gazetteer) : this(gazetteer, new AddressParser(gazetteer, TownshipIndex.Embedded))
    {
    }

    private static readonly HashSet<string> CityItselfWords = new(StringComparer.Ordinal)
    {
        "市区", "城区", "市本级", "本级", "市直", "市属", "主城区", "市辖区", "全市", "直属", "省直", "省属", "中心城区",
    };

    public DivisionResolution Resolve(DivisionHint hint)
    {
        var reasons = new List<RowReason>();
        var (provinceText, cityText, countyText) = Infer(hint, reasons);

        if (provinceText is null)
            return Stop(null, null, reasons, "division.province_missing", "province", "the row names no province");
        var provinces = gazetteer.Match(gazetteer.Provinces, provinceText);
        if (provinces.Count != 1)
            return Stop(null, null, reasons, provinces.Count == 0 ? "division.province_unknown" : "division.province_ambiguous",
                "province", $"province '{provinceText}' is not a GB/T 2260 province");
        var province = provinces[0];

        var (prefecture, directCounty) = ResolveCity(province, cityText);
        if (prefecture is null && cityText is not null && CountyNamedAsCity(province, cityText) is { } countyAsCity)
        {
            // 巩义市, 兰考县 …: counties the province governs directly are often listed in the city column.
            reasons.Add(new RowReason("division.city_is_county", "city",
                $"city '{cityText}' is the county {countyAsCity.Name} ({countyAsCity.Code}) of {gazetteer.Find(countyAsCity.ParentCode!)?.Name}", ReasonSeverity.Info));
            return new DivisionResolution(province, gazetteer.Find(countyAsCity.ParentCode!), countyAsCity, reasons);
        }
        if (prefecture is null)
        {
            if (cityText is null)
                return Stop(province, null, reasons, "division.city_missing", "city", "the row names no city");
            return Stop(province, null, reasons, "division.city_unknown", "city",
                $"city '{cityText}' is not a prefecture of {province.Name}");
        }
        if (directCounty is not null)
            return new DivisionResolution(province, prefecture, directCounty, reasons);

        var county = NamesPrefecture(countyText, prefecture) ? null : StripPrefix(countyText, prefecture, province);
        var countiesHere = gazetteer.CountiesUnder(prefecture);
        if (county is null || MeansCityItself(county) && gazetteer.Match(countiesHere, county).Count == 0
            || NamesPrefecture(county, prefecture))
        {
            return new DivisionResolution(province, prefecture, CountyFromAddressOrName(hint, province, prefecture, reasons), reasons);
        }

        var counties = gazetteer.Match(countiesHere, county);
        if (counties.Count == 1)
            return new DivisionResolution(province, prefecture, counties[0], reasons);
        if (counties.Count == 0 && IsZone(county))
        {
            var within = CountyFromAddressOrName(hint, province, prefecture, reasons);
            reasons.Insert(reasons.Count - (within is null ? 0 : 1), new RowReason("division.zone_not_division", "county",
                $"'{countyText}' is a development or management zone, not a GB/T 2260 county; resolved to {(within ?? prefecture).Name}"
                + (within is null ? " only" : ""), ReasonSeverity.Info));
            return new DivisionResolution(province, prefecture, within, reasons);
        }
        return Stop(province, prefecture, reasons, counties.Count == 0 ? "division.county_unknown" : "division.county_ambiguous", "county",
            counties.Count == 0
                ? $"county '{countyText}' is not a county of {prefecture.Name}"
                : $"county '{countyText}' could be {string.Join(" or ", counties.Select(c => $"{c.Name} ({c.Code})"))}");
    }

    /// <summary>
    /// The row's division from its columns and its address together, and the address parsed in that context: what
    /// the import's geocode stage and <c>clinicmap-import geocode</c> work from. When the columns resolve no province
    /// at all, the address's own divisions decide.
    /// </summary>
    public (DivisionResolution Division, ParsedAddress? Parsed) ResolveWithAddress(DivisionHint hint)
    {
        var division = Resolve(hint);
        var parsed = addresses.ParseRow(hint.Address, hint.Name, AddressContext.From(division));
        if (division.Province is null && parsed?.AdminCode is not null)
            division = new DivisionResolution(parsed.Province, parsed.City, parsed.County, []);
        return (division, parsed);
    }

    /// <summary>
    /// The row's columns as a person reads them: a missing province is the one province its city, or else its county,
    /// or else its address names; a missing city is the one prefecture of the province its county belongs to, or
    /// else the one its address names; a municipality's district written in the city column, with no county beside
    /// it, is the county. Each inference is an info reason naming the column it came from; a name that fits several
    /// infers nothing.
    /// </summary>
    private (string? Province, string? City, string? County) Infer(DivisionHint hint, List<RowReason> reasons)
    {
        var provinceText = TextNormalizer.Clean(hint.Province);
        var cityText = TextNormalizer.Clean(hint.City);
        var countyText = TextNormalizer.Clean(hint.County);
        // A "省市" column holding both (湖北省武汉市): the province and the city it names.
        if (provinceText is null && cityText is not null && OneProvince(gazetteer.Prefectures, cityText) is null
            && addresses.Parse(cityText) is { Parts: { Province: not null, City: not null }, Province: { } cellProvince, City: { } cellCity })
        {
            provinceText = cellProvince.Name;
            cityText = cellCity.Name;
            reasons.Add(new RowReason("division.province_inferred", "province", $"province {cellProvince.Name} taken from the city '{TextNormalizer.Clean(hint.City)}'", ReasonSeverity.Info));
        }
        if (provinceText is null)
        {
            var (province, from) = OneProvince(gazetteer.Prefectures, cityText) is { } byCity ? (byCity, $"city '{cityText}'")
                : OneProvince(gazetteer.Counties, countyText) is { } byCounty ? (byCounty, $"county '{countyText}'")
                : OneProvince(gazetteer.Counties, cityText) is { } byCityAsCounty ? (byCityAsCounty, $"city '{cityText}'")
                : hint.Address is not null && addresses.Parse(hint.Address).Province is { } byAddress ? (byAddress, $"the address '{TextNormalizer.Clean(hint.Address)}'")
                : (null, null);
            if (province is not null)
            {
                provinceText = province.Name;
                reasons.Add(new RowReason("division.province_inferred", "province", $"province {province.Name} taken from the {from}", ReasonSeverity.Info));
            }
        }
        var provinceMatch = provinceText is null ? [] : gazetteer.Match(gazetteer.Provinces, provinceText);
        if (provinceMatch is not [var scope])
            return (provinceText, cityText, countyText);
        if (IsMunicipality(scope))
        {
            if (countyText is null && cityText is not null && gazetteer.Match(gazetteer.CountiesUnder(scope), cityText) is [var district])
            {
                reasons.Add(new RowReason("division.county_in_city_column", "city", $"city '{cityText}' is the district {district.Name} ({district.Code}) of {scope.Name}", ReasonSeverity.Info));
                return (provinceText, scope.Name, district.Name);
            }
            return (provinceText, cityText, countyText);
        }
        if (cityText is null)
        {
            var county = countyText is null ? null : gazetteer.Match(gazetteer.CountiesUnder(scope), countyText) is [var one] ? one : null;
            var prefecture = county?.ParentCode is { } parent && gazetteer.Find(parent) is { Level: DivisionLevel.Prefecture } p && !p.Name.Contains("直辖", StringComparison.Ordinal) ? p
                : hint.Address is not null && addresses.Parse(hint.Address, new AddressContext(scope, null, null)).City is { } named && named.Code[..2] == scope.Code[..2] ? named
                : null;
            if (prefecture is not null)
            {
                cityText = prefecture.Name;
                reasons.Add(new RowReason("division.city_inferred", "city",
                    $"city {prefecture.Name} taken from the {(county is not null ? $"county '{countyText}'" : $"address '{TextNormalizer.Clean(hint.Address)}'")}", ReasonSeverity.Info));
            }
            else if (county is not null && county.ParentCode is { } directParent && gazetteer.Find(directParent) is { } pseudo && pseudo.Name.Contains("直辖", StringComparison.Ordinal))
            {
                // 仙桃市, 济源市 …: a county the province governs directly is its own city.
                cityText = county.Name;
            }
        }
        return (provinceText, cityText, countyText);
    }

    /// <summary>The one province every division of <paramref name="pool"/> that <paramref name="text"/> names lies in, or <c>null</c>.</summary>
    private AdminDivision? OneProvince(IReadOnlyList<AdminDivision> pool, string? text)
    {
        if (text is null)
            return null;
        // Published forms only: the stem step of Match would read 朝阳区 as the city 朝阳 of Liaoning.
        var key = TextNormalizer.MatchKey(text);
        var provinces = pool.Where(d => gazetteer.FormsOf(d).Contains(key)).Select(d => AdminCode.ProvinceOf(d.Code)).Distinct(StringComparer.Ordinal).ToList();
        return provinces is [var code] ? gazetteer.Find(code) : null;
    }

    /// <summary>
    /// The county of <paramref name="prefecture"/> the address names (by name, or through a township only one of its
    /// counties has), else the one the clinic's name does (巴里坤县人民医院, 金山镇卫生院); the reason says which.
    /// </summary>
    private AdminDivision? CountyFromAddressOrName(DivisionHint hint, AdminDivision province, AdminDivision prefecture, List<RowReason> reasons)
    {
        var context = new AddressContext(province, prefecture, null);
        foreach (var (text, field, what) in new[] { (hint.Address, "address", "the address"), (hint.Name, "name", "the clinic's name") })
        {
            var parsed = text is null ? null : field == "name" ? addresses.ParseName(text, context) : addresses.Parse(text, context);
            if (CountyIn(parsed, prefecture) is not { } found)
                continue;
            reasons.Add(new RowReason($"division.county_from_{field}", field,
                $"county {found.Name} taken from {what} '{TextNormalizer.Clean(text)}'"
                + (parsed!.Township is { } town && parsed.Parts.County is null ? $" through its township {town.Name}" : ""), ReasonSeverity.Info));
            return found;
        }
        return null;
    }

    /// <summary>The county a parse found, when it lies in <paramref name="prefecture"/> (a county-level city under the province counts).</summary>
    private static AdminDivision? CountyIn(ParsedAddress? parsed, AdminDivision prefecture) =>
        parsed?.County is { } found && found.ParentCode is { } parent && (parent == prefecture.Code || found.Code[..4] == prefecture.Code[..4]) ? found : null;

    /// <summary>The prefecture for the city text, and the county when the "city" is a county-level city under the province.</summary>
    private (AdminDivision? Prefecture, AdminDivision? DirectCounty) ResolveCity(AdminDivision province, string? cityText)
    {
        var prefectures = gazetteer.ChildrenOf(province.Code);
        if (prefectures.Count == 1 && gazetteer.ChildrenOf(prefectures[0].Code).Count > 0 && IsMunicipality(province))
            return (prefectures[0], null);
        if (cityText is null)
            return (null, null);
        var matches = gazetteer.Match(prefectures, cityText);
        if (matches.Count == 1)
            return (matches[0], null);
        if (matches.Count > 1)
            return (null, null);
        // 仙桃市, 济源市, 五指山市 …: county-level cities governed directly by the province sit under a pseudo-prefecture.
        var direct = gazetteer.Match(prefectures.SelectMany(p => gazetteer.ChildrenOf(p.Code)).Where(c => c.ParentCode!.EndsWith("9000", StringComparison.Ordinal)), cityText);
        return direct.Count == 1 ? (gazetteer.Find(direct[0].ParentCode!), direct[0]) : (null, null);
    }

    /// <summary>The one county of the province the text names, or <c>null</c> when none or several do.</summary>
    private AdminDivision? CountyNamedAsCity(AdminDivision province, string text)
    {
        var matches = gazetteer.Match(gazetteer.CountiesUnder(province), text);
        return matches.Count == 1 ? matches[0] : null;
    }

    private bool NamesPrefecture(string? text, AdminDivision prefecture) =>
        text is not null && gazetteer.FormsOf(prefecture).Contains(TextNormalizer.MatchKey(text));

    private static bool MeansCityItself(string county) =>
        CityItselfWords.Contains(county) || county.StartsWith("市直", StringComparison.Ordinal) || county.StartsWith("市属", StringComparison.Ordinal);

    /// <summary>Development, high-tech, port and management zones: real places, but not GB/T 2260 divisions.</summary>
    private static bool IsZone(string county) =>
        ZoneSuffixes.Any(suffix => county.EndsWith(suffix, StringComparison.Ordinal));

    private static readonly string[] ZoneSuffixes =
        ["开发区", "高新区", "新区", "经开区", "园区", "风景区", "管理区", "度假区", "保税区", "试验区", "示范区", "经济区", "港区", "特区"];

    private static bool IsMunicipality(AdminDivision province) => province.Code is "110000" or "120000" or "310000" or "500000";

    /// <summary>Removes a repeated province or city name in front of the county (<c>拉萨市城关区</c> → <c>城关区</c>).</summary>
    private static string? StripPrefix(string? county, AdminDivision prefecture, AdminDivision province)
    {
        if (county is null)
            return null;
        foreach (var division in new[] { province, prefecture })
        {
            foreach (var form in division.Aliases.Prepend(division.Name).SelectMany(DivisionNames.Forms).OrderByDescending(f => f.Length))
            {
                if (county.Length > form.Length + 1 && county.StartsWith(form, StringComparison.Ordinal))
                {
                    county = county[form.Length..];
                    break;
                }
            }
        }
        return county;
    }

    private static DivisionResolution Stop(AdminDivision? province, AdminDivision? prefecture, List<RowReason> reasons, string code, string field, string message)
    {
        reasons.Add(new RowReason(code, field, message, ReasonSeverity.Review));
        return new DivisionResolution(province, prefecture, null, reasons);
    }
}
