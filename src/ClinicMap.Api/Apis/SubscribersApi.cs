using ClinicMap.Api.Access;
using ClinicMap.Data.Access;
using ClinicMap.Data.Subscriptions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>
/// Partners' subscriptions, for admins: <c>POST /api/v1/subscribers</c> registers one (its signing secret is in the
/// answer, once) and <c>GET /api/v1/subscribers/{id}/deliveries</c> is its delivery log. The deliveries themselves
/// are made and sent by the worker (<c>clinicmap-import worker</c>), never by this process.
/// </summary>
public static class SubscribersApi
{
    public static IEndpointRouteBuilder MapSubscribersApi(this IEndpointRouteBuilder app)
    {
        var subscribers = app.MapGroup("api/v1/subscribers").RequireApiKey(ApiRole.Admin);
        subscribers.MapPost("", CreateAsync).WithName("CreateSubscriber")
            .WithSummary("Register a partner's webhook: URL, scope (admin-code prefix), events; the signing secret is returned once");
        subscribers.MapDelete("{id:long}", RevokeAsync).WithName("RevokeSubscriber")
            .WithSummary("Stop telling a subscriber anything (a leaked secret: revoke, then register it again)");
        subscribers.MapGet("{id:long}/deliveries", DeliveriesAsync).WithName("SubscriberDeliveries")
            .WithSummary("A subscriber's newest deliveries: event, state (pending, delivered, dead), attempts, last answer");
        return app;
    }

    /// <summary>The body of <c>POST /api/v1/subscribers</c>.</summary>
    public sealed record SubscriberRequest(string? Name, string? Url, string? Scope, string[]? Events);

    public static async Task<Results<Created<object>, ValidationProblem>> CreateAsync(SubscriberRequest request, HttpContext context, Npgsql.NpgsqlDataSource primary, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            errors["name"] = ["who receives: 1 to 200 characters"];
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || request.Url!.Length > 2000)
            errors["url"] = ["an http(s) URL of at most 2,000 characters"];
        if (request.Scope is null || !ApiKeyStore.IsJurisdiction(request.Scope))
            errors["scope"] = ["an admin-code prefix: 44, 4401, 440106, or \"\" for the whole country"];
        if (request.Events is not { Length: > 0 } events || events.Any(e => !Subscriber.AllEvents.Contains(e)))
            errors["events"] = [$"one or more of {string.Join(", ", Subscriber.AllEvents)}"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The subscriber has invalid fields");
        var (subscriber, secret) = await new SubscriptionStore(primary).CreateAsync(ApiKeyAuthentication.ActorOf(context), request.Name!.Trim(), request.Url!,
            request.Scope!, request.Events!, cancellationToken);
        return TypedResults.Created($"/api/v1/subscribers/{subscriber.Id}", (object)new { subscriber, secret });
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, HttpContext context, Npgsql.NpgsqlDataSource primary, CancellationToken cancellationToken, string? why = null) =>
        await new SubscriptionStore(primary).RevokeAsync(ApiKeyAuthentication.ActorOf(context), id, why, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "No such subscriber", detail: $"there is no live subscriber {id}", statusCode: StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<IReadOnlyList<Delivery>>, ProblemHttpResult>> DeliveriesAsync(long id, HttpContext context, Npgsql.NpgsqlDataSource primary,
        CancellationToken cancellationToken, int limit = 100)
    {
        var store = new SubscriptionStore(primary);
        if (await store.FindAsync(id, cancellationToken) is not { } subscriber)
            return TypedResults.Problem(title: "No such subscriber", statusCode: StatusCodes.Status404NotFound);
        var actor = ApiKeyAuthentication.ActorOf(context);
        if (!actor.CoversScope(subscriber.Scope))
            return TypedResults.Problem(title: "Outside this key's rights", detail: $"subscriber {id} has scope '{subscriber.Scope}'; this key acts only within {actor.JurisdictionText}", statusCode: StatusCodes.Status403Forbidden);
        return TypedResults.Ok(await store.DeliveriesAsync(id, Math.Clamp(limit, 1, 1000), cancellationToken));
    }
}
