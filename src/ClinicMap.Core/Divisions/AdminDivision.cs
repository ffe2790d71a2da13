using ClinicMap.Core.Geography;

namespace ClinicMap.Core.Divisions;

/// <summary>One GB/T 2260 division with the WGS-84 point used when a clinic can only be placed at its centre.</summary>
/// <param name="Centre">WGS-84; <c>null</c> when no public source gives one.</param>
/// <param name="Aliases">Other names the division is published under (short, historical, non-standard), excluding <paramref name="Name"/>.</param>
public sealed record AdminDivision(
    string Code,
    string Name,
    DivisionLevel Level,
    string? ParentCode,
    GeoPoint? Centre,
    IReadOnlyList<string> Aliases);
