using ClinicMap.Data.Access;

namespace ClinicMap.Api.Access;

/// <summary>Endpoint metadata: the endpoint needs a live key of at least <see cref="Minimum"/> (read by <see cref="ApiKeyAuthentication"/>).</summary>
public sealed record ApiKeyRequirement(ApiRole Minimum);
