using ClinicMap.Data.Clinics;

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

    private static async Task<IResult> ReadyAsync(IClinicStore store, CancellationToken cancellationToken)
    {
        try
        {
            var version = await store.CurrentVersionAsync(cancellationToken);
            return version is null
                ? TypedResults.Json(new { status = "no-dataset" }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Ok(new { status = "ready", dataset = version.Version });
        }
        catch (Npgsql.NpgsqlException)
        {
            return TypedResults.Json(new { status = "database-unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
