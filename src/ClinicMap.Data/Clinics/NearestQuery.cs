using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;

namespace ClinicMap.Data.Clinics;

/// <summary>A nearest-clinics question. <paramref name="Origin"/> must be WGS-84; an empty <paramref name="Kinds"/> means any kind.</summary>
public sealed record NearestQuery(GeoPoint Origin, int Limit, IReadOnlyList<ClinicKind> Kinds, double? MaxDistanceMeters);
