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
    /// when the database did not answer the last time it was asked; 503 when there is nothing to serve.
    /// </summary>
    private static IResult ReadyAsync(ServingIndex serving)
    {
        if (serving.Current is not { } index)
        {
            return TypedResults.Json(new { status = serving.DatabaseError is null ? "no-dataset" : "database-unreachable" },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return serving.DatabaseError is null
            ? TypedResults.Ok(new { status = "ready", dataset = index.Version.Version, clinics = index.Count })
            : TypedResults.Ok(new { status = "degraded", dataset = index.Version.Version, clinics = index.Count, reason = "the database does not answer; serving the last loaded version" });
    }
}
