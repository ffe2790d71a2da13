using ClinicMap.Core.Clinics;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Which clinics a read question wants: any of <see cref="Kinds"/> (empty = any kind), open round the clock or not
/// (<c>null</c> = either), and a level that starts with <see cref="Level"/> (<c>三级</c> takes 三级甲等 and 三级乙等).
/// </summary>
public sealed record ClinicFilter(IReadOnlyList<ClinicKind> Kinds, bool? RoundTheClock = null, string? Level = null)
{
    /// <summary><c>region=4401</c>: only the clinics whose admin code starts with this prefix (2, 4 or 6 digits); <c>null</c> for all.</summary>
    public string? Region { get; init; }

    /// <summary>
    /// <c>open=true</c>: keeps only the clinics this says may be taking patients now, by their stable id
    /// (<see cref="StatusOverlay.MayBeOpen"/>); <c>null</c> keeps every clinic.
    /// </summary>
    public Func<Guid, bool>? Open { get; init; }

    public static ClinicFilter Any { get; } = new([]);
}
