using ClinicMap.Core.Divisions;

namespace ClinicMap.Data.Access;

/// <summary>
/// Who acts: a name for the audit log, a role, and a jurisdiction given as an admin-code prefix (<c>44</c>,
/// <c>4401</c>; <c>""</c> = the whole country). Stores check the jurisdiction inside the same transaction as the write.
/// A reporter has no jurisdiction: it covers no division, only the clinics its key names (<see cref="ClinicIds"/>).
/// </summary>
public sealed record Actor(string Name, ApiRole Role, string Jurisdiction)
{
    /// <summary>The clinics a reporter key may report the status of; empty for every other role.</summary>
    public IReadOnlyList<Guid> ClinicIds { get; init; } = [];

    /// <summary>Whether this actor may report the live status of <paramref name="clinicId"/>, in <paramref name="adminCode"/>.</summary>
    public bool MayReportStatus(Guid clinicId, string adminCode) =>
        Role == ApiRole.Reporter ? ClinicIds.Contains(clinicId) : Covers(adminCode);

    /// <summary>The command line on this machine: an administrator for the whole country.</summary>
    public static Actor Cli(string name) => new(name, ApiRole.Admin, string.Empty);

    public bool Covers(string adminCode) => Role != ApiRole.Reporter && AdminCode.IsWithin(adminCode, Jurisdiction);

    /// <summary>True when everything under <paramref name="scope"/> (an admin-code prefix) lies in this jurisdiction.</summary>
    public bool CoversScope(string scope) => Role != ApiRole.Reporter && scope.StartsWith(Jurisdiction, StringComparison.Ordinal);

    public string JurisdictionText => Jurisdiction.Length == 0 ? "the whole country" : $"admin codes starting {Jurisdiction}";

    /// <summary>Throws <see cref="AccessDeniedException"/> unless <paramref name="adminCode"/> is in this jurisdiction.</summary>
    public void Require(string? adminCode, string what)
    {
        if (adminCode is null || !Covers(adminCode))
            throw new AccessDeniedException($"{what} is in {adminCode ?? "no known division"}; this key acts only within {JurisdictionText}");
    }
}
