namespace ClinicMap.Core.Clinics;

/// <summary>The wire names of <see cref="ClinicKind"/>: <c>fever-clinic</c>, <c>designated-hospital</c>, <c>fever-room</c>.</summary>
public static class ClinicKindNames
{
    public static IReadOnlyList<ClinicKind> All { get; } = Enum.GetValues<ClinicKind>();

    public static string ToWire(this ClinicKind kind) => kind switch
    {
        ClinicKind.FeverClinic => "fever-clinic",
        ClinicKind.DesignatedHospital => "designated-hospital",
        ClinicKind.FeverRoom => "fever-room",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? text, out ClinicKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
