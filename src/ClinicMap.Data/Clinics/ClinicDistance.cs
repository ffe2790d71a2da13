using ClinicMap.Core.Clinics;

namespace ClinicMap.Data.Clinics;

/// <summary>A clinic and its geodesic distance (WGS-84 ellipsoid, metres) from a query origin.</summary>
public sealed record ClinicDistance(Clinic Clinic, double DistanceMeters);
