namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// The short forms divisions are published under: <c>新疆维吾尔自治区</c> → <c>新疆</c>, <c>恩施土家族苗族自治州</c> →
/// <c>恩施</c> and <c>恩施州</c>, <c>东城区</c> → <c>东城</c>. A stem shorter than two characters is never produced,
/// because one character (<c>城区</c> → <c>城</c>) matches far too much.
/// </summary>
public static class DivisionNames
{
    // Longest first, so 自治区 wins over 区.
    private static readonly string[] Suffixes =
    [
        "特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "新区", "地区", "矿区", "特区",
        "省", "市", "区", "县", "旗", "盟",
    ];

    // Ethnic-group names as they appear inside autonomous division names (族 forms and the four without 族).
    private static readonly string[] Peoples =
    [
        "维吾尔", "哈萨克", "柯尔克孜", "蒙古", "壮族", "回族", "藏族", "苗族", "彝族", "布依族", "侗族", "瑶族", "白族",
        "土家族", "哈尼族", "傣族", "傈僳族", "佤族", "畲族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "土族",
        "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "普米族", "塔吉克族", "怒族",
        "鄂温克族", "保安族", "裕固族", "京族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族", "黎族",
        "朝鲜族", "满族", "阿昌族", "德昂族", "各族", "蒙古族",
    ];

    /// <summary>
    /// The name without its administrative suffix and, for autonomous divisions, without the peoples' names:
    /// <c>巴音郭楞蒙古自治州</c> → <c>巴音郭楞</c>. Returns <c>null</c> when nothing useful (two or more characters) remains.
    /// </summary>
    public static string? Stem(string name)
    {
        var stem = name.Trim();
        foreach (var suffix in Suffixes)
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal) && stem.Length > suffix.Length)
            {
                stem = stem[..^suffix.Length];
                break;
            }
        }
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var people in Peoples)
            {
                if (stem.EndsWith(people, StringComparison.Ordinal) && stem.Length - people.Length >= 2)
                {
                    stem = stem[..^people.Length];
                    changed = true;
                }
            }
        }
        return stem.Length >= 2 && stem != name ? stem : null;
    }

    /// <summary>
    /// Every form a name is commonly published under, the name itself first: the stem, and for autonomous
    /// divisions the stem with their level's plain suffix (<c>延边州</c>, <c>新疆自治区</c>, <c>焉耆县</c> for
    /// 焉耆回族自治县, <c>鄂伦春旗</c> for 鄂伦春自治旗).
    /// </summary>
    public static IReadOnlyList<string> Forms(string name)
    {
        var forms = new List<string> { name };
        if (Stem(name) is not { } stem)
            return forms;
        forms.Add(stem);
        if (name.EndsWith("自治州", StringComparison.Ordinal))
            forms.Add(stem + "州");
        if (name.EndsWith("自治区", StringComparison.Ordinal))
            forms.Add(stem + "自治区");
        if (name.EndsWith("自治县", StringComparison.Ordinal))
            forms.Add(stem + "县");
        if (name.EndsWith("自治旗", StringComparison.Ordinal))
            forms.Add(stem + "旗");
        if (name.EndsWith("地区", StringComparison.Ordinal) || name.EndsWith('盟'))
            forms.Add(stem + "市");
        return forms.Distinct(StringComparer.Ordinal).ToList();
    }
}
