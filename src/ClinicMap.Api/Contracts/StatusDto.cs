namespace ClinicMap.Api.Contracts;

/// <summary>
/// A clinic's live status, as its hospital reported it: <c>state</c> is <c>open</c>, <c>suspended</c>, <c>full</c>,
/// <c>closed-today</c> or <c>unknown</c> (no report, or the last one expired); <c>fresh</c> is false for a report
/// older than the freshness window (still valid, shown greyed). The other members are null when not reported.
/// </summary>
public sealed record StatusDto(string State, int? WaitMinutes, int? BedsAvailable, int? BedsTotal, string? Note, DateTimeOffset? ReportedAt, bool Fresh);

/// <summary>One report in <c>GET /api/v1/status/changes</c>: the clinic, what was said, when, and until when it holds.</summary>
public sealed record StatusChangeDto(long Seq, Guid ClinicId, string State, int? WaitMinutes, int? BedsAvailable, int? BedsTotal, string? Note,
    DateTimeOffset ReportedAt, DateTimeOffset ValidUntil);

/// <summary>A page of the status feed: reports after <c>since</c>, and the cursor to ask with next.</summary>
public sealed record StatusChangesDto(long Since, long Next, bool More, IReadOnlyList<StatusChangeDto> Changes);

/// <summary>A report as operators see it: what was said, of which clinic, and by whom (the reporting key's name).</summary>
public sealed record StatusReportDto(StatusChangeDto Report, string ClinicName, string AdminCode, string ReportedBy);
