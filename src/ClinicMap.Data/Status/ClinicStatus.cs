namespace ClinicMap.Data.Status;

/// <summary>What a hospital says of its clinic right now. <c>unknown</c> is never reported: it is what no valid report reads as.</summary>
public enum ClinicState
{
    Open,
    Suspended,
    Full,
    ClosedToday,
}

/// <summary>The wire names of <see cref="ClinicState"/>: <c>open</c>, <c>suspended</c>, <c>full</c>, <c>closed-today</c>.</summary>
public static class ClinicStateNames
{
    public static string ToWire(this ClinicState state) => state switch
    {
        ClinicState.Open => "open",
        ClinicState.Suspended => "suspended",
        ClinicState.Full => "full",
        ClinicState.ClosedToday => "closed-today",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown state"),
    };

    public static ClinicState? FromWire(string? wire) => wire switch
    {
        "open" => ClinicState.Open,
        "suspended" => ClinicState.Suspended,
        "full" => ClinicState.Full,
        "closed-today" => ClinicState.ClosedToday,
        _ => null,
    };
}

/// <summary>A report as a reporter sends it, already validated (see <see cref="StatusStore.ReportAsync"/>).</summary>
public sealed record StatusReport(ClinicState State, int? WaitMinutes, int? BedsAvailable, int? BedsTotal, string? Note, DateTimeOffset ValidUntil);

/// <summary>
/// One stored report: <see cref="Seq"/> orders every report of every clinic (the change feed's cursor), and the
/// latest of a clinic is its status until <see cref="ValidUntil"/>, after which it reads as unknown.
/// </summary>
public sealed record ClinicStatus(long Seq, Guid ClinicId, ClinicState State, int? WaitMinutes, int? BedsAvailable, int? BedsTotal,
    string? Note, DateTimeOffset ReportedAt, DateTimeOffset ValidUntil, string ReportedBy)
{
    /// <summary>Longest note kept: a line a resident reads on a phone.</summary>
    public const int MaxNoteLength = 200;

    /// <summary>Longest validity of a report; the default when the reporter names none is <see cref="DefaultValidity"/>.</summary>
    public static readonly TimeSpan MaxValidity = TimeSpan.FromHours(24);

    public static readonly TimeSpan DefaultValidity = TimeSpan.FromHours(6);

    public bool IsValidAt(DateTimeOffset now) => now < ValidUntil;
}
