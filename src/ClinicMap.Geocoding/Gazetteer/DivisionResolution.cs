using ClinicMap.Core.Divisions;
using ClinicMap.Core.Imports;

namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// The divisions a row resolved to, most specific last, and why it stopped where it did. When a column names a
/// division that cannot be found, the resolution stops above it and carries a <see cref="ReasonSeverity.Review"/> reason.
/// </summary>
public sealed record DivisionResolution(
    AdminDivision? Province,
    AdminDivision? Prefecture,
    AdminDivision? County,
    IReadOnlyList<RowReason> Reasons)
{
    /// <summary>The most specific division resolved, or <c>null</c> when not even the province was.</summary>
    public AdminDivision? MostSpecific => County ?? Prefecture ?? Province;

    /// <summary>True when a column named something that could not be resolved; the row must not be placed.</summary>
    public bool IsBlocked => Reasons.Any(r => r.Severity >= ReasonSeverity.Review);
}
