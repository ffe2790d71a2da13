namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// What a row says about where it is: its province, city and county columns, its address text, and the clinic's
/// name, which often names its county or township (巴里坤县人民医院, 金山镇卫生院).
/// </summary>
public sealed record DivisionHint(string? Province, string? City, string? County, string? Address, string? Name = null);
