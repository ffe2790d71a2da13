using ClinicMap.Api.Serving;

namespace ClinicMap.Api.Apis;

/// <summary><c>/healthz</c> (the process is up) and <c>/readyz</c> (it can answer from a published dataset).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("healthz", () => TypedResults.Ok(new { status = "ok" })).WithName("Health").WithSummary("Liveness");
        app.MapGet("readyz", ReadyAsync).WithName("Ready").WithSummary("Readiness: the database answers and a dataset is published");
        return app;
    }

    /// <summary>
    /// Ready when the index holds a published version; "degraded" (still 200: residents are served from memory)
    /// when the read side or the primary did not answer the last time it was asked; 503 when there is nothing to
    /// serve, and while the process drains before it stops (<see cref="Http.DrainOnStop"/>), so that the balancer
    /// sends it nothing new. With a standby, how far it trails the primary.
    /// </summary>
    private static IResult ReadyAsync(ServingIndex serving, Http.DrainState drain)
    {
        if (drain.Draining)
            return TypedResults.Json(new { status = "draining" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        if (serving.Current is not { } index)
        {
            return TypedResults.Json(new { status = serving.DatabaseError is null ? "no-dataset" : "database-unreachable" },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var standby = serving.StandbyLag is { } lag ? new { lagBytes = lag.Bytes, secondsSinceReplay = lag.SecondsSinceReplay } : null;
        var reason = (serving.DatabaseError, serving.PrimaryError) switch
        {
            (null, null) => null,
            (not null, _) => "the database does not answer; serving the last loaded version",
            (null, not null) => "the primary database does not answer: writes are refused; reads follow the standby",
        };
        return TypedResults.Ok(new { status = reason is null ? "ready" : "degraded", dataset = index.Version.Version, clinics = index.Count, reason, standby });
    }
}
