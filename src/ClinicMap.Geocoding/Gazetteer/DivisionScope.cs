using ClinicMap.Core.Divisions;
using ClinicMap.Core.Text;

namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// The division a whole list covers, for rows that name no province or city (a city commission's list names
/// only districts): from an operator's code prefix, or from a sheet name or title such as
/// <c>武汉市发热门诊一览表</c>. Only an unambiguous match counts.
/// </summary>
public sealed class DivisionScope(DivisionGazetteer gazetteer)
{
    /// <summary>The division a 2-, 4- or 6-digit code prefix denotes (<c>42</c>, <c>4201</c>, <c>420102</c>), or <c>null</c>.</summary>
    public AdminDivision? FromCode(string? prefix) => prefix?.Trim() switch
    {
        { Length: 2 } p when p.All(char.IsAsciiDigit) => gazetteer.Find(p + "0000"),
        { Length: 4 } p when p.All(char.IsAsciiDigit) => gazetteer.Find(p + "00"),
        { Length: 6 } p => gazetteer.Find(p),
        _ => null,
    };

    /// <summary>
    /// The one prefecture (else province) that <paramref name="text"/> is, or names in full: a sheet called
    /// <c>黄石</c> or <c>黄石市</c>, a title containing <c>宜昌市</c>. <c>null</c> when none or several match.
    /// </summary>
    public AdminDivision? FromText(string? text)
    {
        var clean = TextNormalizer.Clean(text);
        if (clean is null)
            return null;
        var prefectures = gazetteer.Prefectures;
        var exact = gazetteer.Match(prefectures, clean);
        if (exact.Count == 1)
            return exact[0];
        var named = prefectures.Where(p => p.Name.Length >= 3 && clean.Contains(p.Name, StringComparison.Ordinal)).ToList();
        if (named.Count == 1)
            return named[0];
        if (named.Count > 1)
            return null;
        var provinces = gazetteer.Provinces.Where(p => DivisionNames.Forms(p.Name).Concat(p.Aliases).Any(f => f.Length >= 2 && clean.Contains(f, StringComparison.Ordinal))).ToList();
        return provinces.Count == 1 ? provinces[0] : null;
    }
}
