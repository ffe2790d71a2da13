using ClinicMap.Api.Access;
using ClinicMap.Api.Contracts;
using ClinicMap.Data.Access;
using ClinicMap.Data.Sources;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>
/// What the watchers of the commissions' notice pages did, for operators: <c>GET /api/v1/sources</c> (each source's
/// last poll, change and error) and <c>GET /api/v1/sources/events?since=</c> (batches, duplicates and errors, oldest
/// first), both limited to the key's jurisdiction. The watchers write; the API only reads.
/// </summary>
public static class SourcesApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        var sources = app.MapGroup("api/v1/sources").RequireApiKey(ApiRole.Operator);
        sources.MapGet("", ListAsync).Produces<List<WatchedSourceDto>>(StatusCodes.Status200OK)
            .WithName("WatchedSources").WithSummary("Each watched source of the key's jurisdiction: last poll, last change, last error");
        sources.MapGet("events", EventsAsync).Produces<SourceEventsDto>(StatusCodes.Status200OK)
            .WithName("SourceEvents").WithSummary("The watchers' events after since (an event's id), oldest first, in the key's jurisdiction");
        return app;
    }

    public static async Task<Ok<List<WatchedSourceDto>>> ListAsync(HttpContext context, Npgsql.NpgsqlDataSource primary, CancellationToken cancellationToken)
    {
        var actor = ApiKeyAuthentication.ActorOf(context);
        var rows = await new WatchStore(primary).SourcesAsync(cancellationToken);
        return TypedResults.Ok(rows.Where(s => actor.CoversScope(s.Jurisdiction))
            .Select(s => new WatchedSourceDto(s.Name, s.Jurisdiction, s.LastPollAt, s.LastChangeAt, s.LastErrorAt, s.LastError, s.Polls, s.Notices, s.Batches)).ToList());
    }

    public static async Task<Results<Ok<SourceEventsDto>, ValidationProblem>> EventsAsync(
        string? since, string? limit, HttpContext context, Npgsql.NpgsqlDataSource primary, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var after = (long)(QueryFields.Number(since, "since", 0, long.MaxValue, required: false, errors) ?? 0);
        var count = QueryFields.Limit(limit, DefaultLimit, MaxLimit, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var actor = ApiKeyAuthentication.ActorOf(context);
        var rows = await new WatchStore(primary).EventsAsync(after, actor.Jurisdiction, count + 1, cancellationToken);
        var page = rows.Take(count).Select(e => new SourceEventDto(e.Id, e.Source, e.Jurisdiction, e.At, e.Kind, e.NoticeUrl, e.Url, e.Message, e.BatchId, e.Mode, e.PublishedIn)).ToList();
        return TypedResults.Ok(new SourceEventsDto(after, page.Count > 0 ? page[^1].Id : after, rows.Count > count, page));
    }
}
