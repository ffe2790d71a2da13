namespace ClinicMap.Data.Access;

/// <summary>A key as listed: never its secret, which exists only in the answer to its creation.</summary>
public sealed record ApiKey(string Id, string Name, ApiRole Role, string Jurisdiction, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt)
{
    /// <summary>The clinics a reporter key may report on; empty for every other role.</summary>
    public IReadOnlyList<Guid> ClinicIds { get; init; } = [];
}
