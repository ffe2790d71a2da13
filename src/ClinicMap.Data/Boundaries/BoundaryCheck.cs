namespace ClinicMap.Data.Boundaries;

/// <summary>Where a probe's point lies relative to its division.</summary>
/// <param name="HasBoundary">False when no boundary is loaded for the code; the other values are then meaningless.</param>
/// <param name="DistanceMeters">0 inside; outside, the geodesic distance to the nearest point of the boundary.</param>
public sealed record BoundaryCheck(int Index, bool HasBoundary, double DistanceMeters);
