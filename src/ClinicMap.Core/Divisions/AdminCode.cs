namespace ClinicMap.Core.Divisions;

/// <summary>Helpers for 6-digit GB/T 2260 codes such as <c>440106</c> (广州市天河区).</summary>
public static class AdminCode
{
    /// <summary>Six ASCII digits.</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: 6 } && code.All(char.IsAsciiDigit);

    /// <summary>The level a code denotes: <c>xx0000</c> a province, <c>xxxx00</c> a prefecture, otherwise a county.</summary>
    public static DivisionLevel LevelOf(string code) =>
        code.EndsWith("0000", StringComparison.Ordinal) ? DivisionLevel.Province
        : code.EndsWith("00", StringComparison.Ordinal) ? DivisionLevel.Prefecture
        : DivisionLevel.County;

    /// <summary>The province code (<c>440000</c>) containing any code.</summary>
    public static string ProvinceOf(string code) => string.Concat(code.AsSpan(0, 2), "0000");

    /// <summary>The prefecture code (<c>440100</c>) containing a county or prefecture code.</summary>
    public static string PrefectureOf(string code) => string.Concat(code.AsSpan(0, 4), "00");

    /// <summary>True when <paramref name="code"/> lies within a jurisdiction given as a code prefix such as <c>44</c> or <c>4401</c>.</summary>
    public static bool IsWithin(string code, string jurisdictionPrefix) =>
        code.StartsWith(jurisdictionPrefix, StringComparison.Ordinal);
}
