namespace ClinicMap.Api.Contracts;

/// <summary>The answer of <c>GET /api/v1/clinics/nearest</c>: results ordered by geodesic distance, nearest first.</summary>
public sealed record NearestResponse(DatasetRef Dataset, IReadOnlyList<ClinicDto> Results);
