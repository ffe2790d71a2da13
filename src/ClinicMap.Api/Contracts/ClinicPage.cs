namespace ClinicMap.Api.Contracts;

/// <summary>One page of <c>GET /api/v1/clinics</c>, in id order; <see cref="Next"/> is the cursor of the next page, <c>null</c> on the last.</summary>
public sealed record ClinicPage(DatasetRef Dataset, IReadOnlyList<ClinicDto> Results, string? Next);
