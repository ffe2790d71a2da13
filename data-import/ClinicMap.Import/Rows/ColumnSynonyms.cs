using ClinicMap.Core.Text;

namespace ClinicMap.Import.Rows;

/// <summary>
/// Header text → canonical <see cref="Field"/>, by the Chinese and English names commissions and volunteers
/// use. Headers are compared by <see cref="TextNormalizer.MatchKey"/>, so spacing, brackets and full-width
/// forms do not matter. A header that maps to nothing is kept verbatim in the row's raw cells.
/// </summary>
public static class ColumnSynonyms
{
    private static readonly Dictionary<string, Field> Map = Build(new()
    {
        [Field.Name] = ["name", "hospital", "hospitalname", "医院名称", "医疗机构名称", "机构名称", "单位名称", "名称", "医院", "医疗机构", "发热门诊名称", "定点医院名称"],
        [Field.Province] = ["province", "省", "省份", "所在省", "省级"],
        [Field.City] = ["city", "市", "城市", "地市", "所在市", "市州", "省市", "所在地市", "所属城市"],
        [Field.County] = ["county", "district", "区", "区县", "县区", "所在区", "所在区县", "辖区", "县市区", "区市县", "行政区"],
        [Field.Address] = ["address", "addr", "地址", "详细地址", "院址", "医院地址", "门诊地址", "发热门诊地址"],
        [Field.Phone] = ["tel", "phone", "telephone", "联系电话", "电话", "咨询电话", "发热门诊电话", "联系方式", "值班电话"],
        [Field.Hours] = ["hours", "openinghours", "开诊时间", "接诊时间", "门诊时间", "开放时间", "服务时间"],
        [Field.Level] = ["level", "grade", "等级", "医院等级", "级别"],
        [Field.Designated] = ["isdesignated", "designated", "定点医院", "是否定点医院", "是否为定点医院"],
        [Field.Kind] = ["kind", "type", "类别", "类型", "机构类别"],
        [Field.Note] = ["note", "remark", "remarks", "备注", "说明"],
        [Field.Latitude] = ["lat", "latitude", "纬度", "y"],
        [Field.Longitude] = ["lng", "lon", "long", "longitude", "经度", "x"],
    });

    /// <summary>The field a header names, or <c>null</c>.</summary>
    public static Field? FieldOf(string header) =>
        Map.TryGetValue(TextNormalizer.MatchKey(header), out var field) ? field : null;

    /// <summary>
    /// The field a header names: the source's <paramref name="overrides"/> (keyed by <see cref="TextNormalizer.MatchKey"/>)
    /// first, else the synonyms — tolerating one misread character when <paramref name="readByOcr"/>.
    /// </summary>
    public static Field? FieldOf(string header, IReadOnlyDictionary<string, Field>? overrides, bool readByOcr = false) =>
        overrides is not null && overrides.TryGetValue(TextNormalizer.MatchKey(header), out var field) ? field
        : readByOcr ? FieldOfMisread(header) : FieldOf(header);

    /// <summary>
    /// For headers read by OCR: the field whose synonyms (of three characters or more) include one a single edit away
    /// from the header (<c>医院名杯</c>, <c>医院和名称</c> → name); <c>null</c> when none or several fields qualify.
    /// </summary>
    public static Field? FieldOfMisread(string header)
    {
        if (FieldOf(header) is { } exact)
            return exact;
        var key = TextNormalizer.MatchKey(header);
        var fields = Map.Where(p => p.Key.Length >= 3 && TextDistance.OneEditApart(p.Key, key)).Select(p => p.Value).Distinct().ToList();
        return fields.Count == 1 ? fields[0] : null;
    }

    private static Dictionary<string, Field> Build(Dictionary<Field, string[]> synonyms)
    {
        var map = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var (field, names) in synonyms)
        {
            foreach (var name in names)
                map.Add(TextNormalizer.MatchKey(name), field);
        }
        return map;
    }
}
