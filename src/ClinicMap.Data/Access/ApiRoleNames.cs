namespace ClinicMap.Data.Access;

/// <summary>Wire names of <see cref="ApiRole"/>.</summary>
public static class ApiRoleNames
{
    public static string ToWire(this ApiRole role) => role switch
    {
        ApiRole.Reporter => "reporter",
        ApiRole.Operator => "operator",
        ApiRole.Publisher => "publisher",
        ApiRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    public static ApiRole? FromWire(string? wire) => wire switch
    {
        "reporter" => ApiRole.Reporter,
        "operator" => ApiRole.Operator,
        "publisher" => ApiRole.Publisher,
        "admin" => ApiRole.Admin,
        _ => null,
    };
}
