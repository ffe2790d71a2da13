namespace ClinicMap.Core.Divisions;

/// <summary>The three levels of GB/T 2260 that ClinicMap resolves rows to.</summary>
public enum DivisionLevel
{
    /// <summary>省级: province, autonomous region, municipality, SAR.</summary>
    Province = 1,

    /// <summary>地级: prefecture-level city, prefecture, league, autonomous prefecture.</summary>
    Prefecture = 2,

    /// <summary>县级: district, county, county-level city, banner.</summary>
    County = 3,
}
