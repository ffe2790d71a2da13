using ClinicMap.Core.Geography;

namespace ClinicMap.Core.Clinics;

/// <summary>One clinic of a published dataset version. <see cref="Id"/> stays the same across versions.</summary>
/// <param name="Location">Always WGS-84; convert at the edge with <see cref="GeoPoint.To"/>.</param>
/// <param name="LocationMethod">One of the <see cref="Clinics.LocationMethod"/> constants.</param>
public sealed record Clinic(
    Guid Id,
    string Name,
    IReadOnlyList<ClinicKind> Kinds,
    string? Address,
    string AdminCode,
    string Province,
    string? City,
    string? District,
    IReadOnlyList<string> Phones,
    string? Hours,
    string? Level,
    GeoPoint Location,
    LocationPrecision LocationPrecision,
    string LocationMethod,
    SourceDocument? Source)
{
    /// <summary>Every published document that supported this clinic up to its version, newest first (filled when one clinic is asked for).</summary>
    public IReadOnlyList<SourceDocument> Sources { get; init; } = [];
}
