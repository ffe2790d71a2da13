using ClinicMap.Api.Access;
using ClinicMap.Api.Contracts;
using ClinicMap.Core.Geography;
using ClinicMap.Data.Access;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Datasets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>Dataset versions: public history, diffs and the changes feed; publishing and rollback behind a key.</summary>
public static class DatasetsApi
{
    private const int FeedPageVersions = 20;

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var datasets = app.MapGroup("api/v1/datasets");
        datasets.MapGet("", ListAsync).WithName("ListDatasets").WithSummary("Published dataset versions, newest first");
        datasets.MapGet("{version:int}/diff", DiffAsync).WithName("DatasetDiff").WithSummary("Clinics added, changed (field by field) and closed by a version");
        datasets.MapPost("", PublishAsync).RequireApiKey(ApiRole.Publisher)
            .WithName("PublishDataset").WithSummary("Publish a new version from the staged batches in the key's jurisdiction");
        datasets.MapPost("{version:int}/rollback", RollbackAsync).RequireApiKey(ApiRole.Admin)
            .WithName("RollbackDataset").WithSummary("Publish an earlier version's content as a new version");
        app.MapGet("api/v1/changes", ChangesAsync).WithName("Changes").WithSummary("The diffs of every version after since, oldest first");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<DatasetVersionDto>>> ListAsync(IDatasetStore store, CancellationToken cancellationToken, int limit = 50) =>
        TypedResults.Ok<IReadOnlyList<DatasetVersionDto>>((await store.ListAsync(Math.Clamp(limit, 1, 500), cancellationToken)).Select(DatasetVersionDto.From).ToList());

    public static async Task<Results<Ok<DiffDto>, ValidationProblem, ProblemHttpResult>> DiffAsync(int version, string? crs, IDatasetStore store, CancellationToken cancellationToken)
    {
        if (QueryFields.ParseCrs(crs) is not { } system)
            return QueryFields.BadCrs(crs);
        var diff = await store.DiffAsync(version, cancellationToken);
        return diff is null
            ? TypedResults.Problem(title: "No such dataset version", detail: $"there is no version {version}", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(DiffDto.From(diff, system));
    }

    public static async Task<Results<Ok<ChangesDto>, ValidationProblem>> ChangesAsync(int? since, string? crs, IDatasetStore store, IClinicStore clinics, CancellationToken cancellationToken)
    {
        if (QueryFields.ParseCrs(crs) is not { } system)
            return QueryFields.BadCrs(crs);
        if (since is < 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["since"] = ["since is a version number, 0 for everything"] });
        var from = since ?? 0;
        var diffs = await store.ChangesSinceAsync(from, FeedPageVersions, cancellationToken);
        var current = await clinics.CurrentVersionAsync(cancellationToken);
        return TypedResults.Ok(new ChangesDto(from, diffs.Count == 0 ? from : diffs[^1].Version.Version, current?.Version, diffs.Select(d => DiffDto.From(d, system)).ToList()));
    }

    public static async Task<Created<DatasetVersionDto>> PublishAsync(PublishRequest request, HttpContext context, IDatasetStore store, CancellationToken cancellationToken)
    {
        var published = await store.PublishAsync(ApiKeyFilter.ActorOf(context), request.Batches, request.Note, request.Force, cancellationToken);
        return TypedResults.Created($"/api/v1/datasets/{published.Version}/diff", DatasetVersionDto.From(published));
    }

    public static async Task<Results<Created<DatasetVersionDto>, ValidationProblem>> RollbackAsync(int version, RollbackRequest request, HttpContext context, IDatasetStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["a rollback states why"] });
        var published = await store.RollbackAsync(ApiKeyFilter.ActorOf(context), version, request.Reason, cancellationToken);
        return TypedResults.Created($"/api/v1/datasets/{published.Version}/diff", DatasetVersionDto.From(published));
    }
}
