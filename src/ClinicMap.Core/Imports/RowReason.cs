namespace ClinicMap.Core.Imports;

/// <summary>
/// A machine-readable reason attached to a row: a stable dotted <paramref name="Code"/> such as
/// <c>division.county_unknown</c>, the <paramref name="Field"/> it concerns (or <c>null</c> for the whole row),
/// and a message for people that names the value. <paramref name="Severity"/> says whether it decided the outcome.
/// </summary>
public sealed record RowReason(string Code, string? Field, string Message, ReasonSeverity Severity);
