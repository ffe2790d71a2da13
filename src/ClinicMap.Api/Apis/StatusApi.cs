using ClinicMap.Api.Access;
using ClinicMap.Api.Contracts;
using ClinicMap.Api.Serving;
using ClinicMap.Data.Access;
using ClinicMap.Data.Status;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>
/// Live status from the hospitals: <c>PUT /api/v1/clinics/{id}/status</c> (a reporter key for that clinic, or an
/// operator's key within its jurisdiction) and the public feed of every report, <c>GET /api/v1/status/changes</c>.
/// A report shows in every API process within a second (<see cref="StatusRefresher"/>) and is never a new version.
/// </summary>
public static class StatusApi
{
    public const int DefaultFeedLimit = 100;
    public const int MaxFeedLimit = 1000;

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("api/v1/clinics/{id:guid}/status", ReportAsync).RequireApiKey(ApiRole.Reporter)
            .Produces<StatusChangeDto>(StatusCodes.Status200OK)
            .WithName("ReportClinicStatus")
            .WithSummary("A hospital's live status for its clinic: open, suspended, full or closed-today, with queue and beds");
        app.MapGet("api/v1/status/reports", RecentAsync).RequireApiKey(ApiRole.Operator)
            .Produces<IReadOnlyList<StatusReportDto>>(StatusCodes.Status200OK)
            .WithName("StatusReports")
            .WithSummary("The newest status reports of the key's jurisdiction, with who made each: the operator page's view");
        app.MapGet("api/v1/status/changes", ChangesAsync).RequirePublicRateLimit()
            .Produces<StatusChangesDto>(StatusCodes.Status200OK)
            .WithName("StatusChanges")
            .WithSummary("Every status report after since (a report's seq), oldest first");
        return app;
    }

    public static async Task<Results<Ok<StatusChangeDto>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        Guid id, StatusRequest request, HttpContext context, Npgsql.NpgsqlDataSource primary, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Validate(clock.GetUtcNow()) is not { } report)
            return TypedResults.ValidationProblem(request.Errors, title: "The status report has invalid fields");
        var stored = await new StatusStore(primary).ReportAsync(ApiKeyAuthentication.ActorOf(context), id, report, cancellationToken);
        return stored is null
            ? TypedResults.Problem(title: "No such clinic", detail: $"the published dataset has no clinic {id}", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(Change(stored));
    }

    public static async Task<Results<Ok<StatusChangesDto>, ValidationProblem>> ChangesAsync(
        string? since, string? limit, Npgsql.NpgsqlDataSource primary, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var after = QueryFields.Number(since, "since", 0, long.MaxValue, required: false, errors) ?? 0;
        var count = QueryFields.Limit(limit, DefaultFeedLimit, MaxFeedLimit, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var rows = await new StatusStore(primary).SinceAsync((long)after, count + 1, cancellationToken);
        var page = rows.Take(count).Select(Change).ToList();
        return TypedResults.Ok(new StatusChangesDto((long)after, page.Count > 0 ? page[^1].Seq : (long)after, rows.Count > count, page));
    }

    public static async Task<Ok<List<StatusReportDto>>> RecentAsync(HttpContext context, Npgsql.NpgsqlDataSource primary, CancellationToken cancellationToken, int limit = 100)
    {
        var actor = ApiKeyAuthentication.ActorOf(context);
        var rows = await new StatusStore(primary).RecentAsync(actor.Jurisdiction, Math.Clamp(limit, 1, 1000), cancellationToken);
        return TypedResults.Ok(rows.Select(r => new StatusReportDto(Change(r.Status), r.ClinicName, r.AdminCode, r.Status.ReportedBy)).ToList());
    }

    private static StatusChangeDto Change(ClinicStatus s) =>
        new(s.Seq, s.ClinicId, s.State.ToWire(), s.WaitMinutes, s.BedsAvailable, s.BedsTotal, s.Note, s.ReportedAt, s.ValidUntil);
}

/// <summary>The body of <c>PUT /api/v1/clinics/{id}/status</c>, checked field by field (every error named at once).</summary>
public sealed record StatusRequest(string? State, int? WaitMinutes, int? BedsAvailable, int? BedsTotal, string? Note, DateTimeOffset? ValidUntil)
{
    /// <summary>The errors of the last <see cref="Validate"/>, keyed by field.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The report, or <c>null</c> with <see cref="Errors"/> filled.</summary>
    public StatusReport? Validate(DateTimeOffset now)
    {
        var state = ClinicStateNames.FromWire(State);
        if (state is null)
            Errors["state"] = [$"'{State}' is not a state; use open, suspended, full or closed-today"];
        if (WaitMinutes is < 0 or > 24 * 60)
            Errors["waitMinutes"] = ["a wait is 0 to 1440 minutes"];
        if (BedsAvailable is < 0)
            Errors["bedsAvailable"] = ["beds available cannot be negative"];
        if (BedsTotal is < 0)
            Errors["bedsTotal"] = ["total beds cannot be negative"];
        if (BedsAvailable is { } available && BedsTotal is { } total && available > total)
            Errors["bedsAvailable"] = [$"{available} beds available is more than the {total} in total"];
        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
        if (note is { Length: > ClinicStatus.MaxNoteLength })
            Errors["note"] = [$"a note is at most {ClinicStatus.MaxNoteLength} characters"];
        else if (note is not null && note.Any(char.IsControl))
            Errors["note"] = ["a note is one line of text, without control characters"];
        var validUntil = ValidUntil ?? now + ClinicStatus.DefaultValidity;
        if (validUntil < now + TimeSpan.FromMinutes(1) || validUntil > now + ClinicStatus.MaxValidity)
            Errors["validUntil"] = ["validUntil is between a minute and 24 hours from now (6 hours when not given)"];
        return Errors.Count > 0 ? null : new StatusReport(state!.Value, WaitMinutes, BedsAvailable, BedsTotal, note, validUntil);
    }
}
