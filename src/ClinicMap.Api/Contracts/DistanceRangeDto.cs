namespace ClinicMap.Api.Contracts;

/// <summary>
/// How near and how far an approximately placed clinic can be from the resident, in metres: from the nearest to
/// the farthest point of the area it may be in (its township, county or city).
/// </summary>
public sealed record DistanceRangeDto(double MinMeters, double MaxMeters);
