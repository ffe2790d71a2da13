using ClinicMap.Api.Contracts;
using ClinicMap.Core.Geography;
using ClinicMap.Api.Serving;
using ClinicMap.Data.Clinics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>The public read endpoints under <c>/api/v1/clinics</c>.</summary>
public static class ClinicsApi
{
    public static IEndpointRouteBuilder MapClinicsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/clinics");
        api.MapGet("nearest", Nearest)
            .WithName("NearestClinics")
            .WithSummary("The clinics nearest to a point, ordered by geodesic distance on the WGS-84 ellipsoid");
        api.MapGet("{id:guid}", GetByIdAsync)
            .WithName("GetClinic")
            .WithSummary("One clinic of the current dataset version");
        return app;
    }

    /// <summary>Answered from the in-memory index of the current version; the database is not asked.</summary>
    public static Results<Ok<NearestResponse>, ValidationProblem, ProblemHttpResult> Nearest([AsParameters] NearestRequest request, ServingIndex serving)
    {
        var (query, crs, errors) = request.Validate();
        if (query is null)
            return TypedResults.ValidationProblem(errors, title: "The nearest-clinics query has invalid parameters");
        if (serving.Current is not { } index)
            return NoDataset();
        var version = index.Version;
        var nearest = index.Nearest(query);
        return TypedResults.Ok(new NearestResponse(
            new DatasetRef(version.Version, version.PublishedAt),
            nearest.Select(n => ClinicDto.From(n.Clinic, crs, n.DistanceMeters)).ToList()));
    }

    /// <summary>From the index when it has the clinic; the database adds the list of every supporting document.</summary>
    public static async Task<Results<Ok<ClinicDto>, ValidationProblem, ProblemHttpResult>> GetByIdAsync(
        Guid id, string? crs, ServingIndex serving, IClinicStore store, CancellationToken cancellationToken)
    {
        var system = CoordinateSystem.Wgs84;
        if (crs is not null && !CoordinateSystemNames.TryParse(crs, out system))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["crs"] = [$"'{crs}' is not a coordinate system; use wgs84, gcj02 or bd09"] });
        if (serving.Current is not { } index)
            return NoDataset();
        var version = index.Version;
        var clinic = index.Find(id);
        if (clinic is not null && serving.DatabaseError is null)
        {
            try
            {
                clinic = await store.FindAsync(version.Version, id, cancellationToken) ?? clinic;
            }
            catch (Npgsql.NpgsqlException)
            {
                // The database is down: the index's record (newest document only) still answers.
            }
        }
        return clinic is null
            ? TypedResults.Problem(title: "No such clinic", detail: $"dataset version {version.Version} has no clinic {id}", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(ClinicDto.From(clinic, system));
    }

    private static ProblemHttpResult NoDataset() =>
        TypedResults.Problem(title: "No dataset has been published yet", detail: "import a list and publish it first", statusCode: StatusCodes.Status503ServiceUnavailable);
}
