using ClinicMap.Api.Access;
using ClinicMap.Api.Contracts;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using System.Text.Json;
using ClinicMap.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>Dataset versions: public history, diffs and the changes feed; publishing and rollback behind a key.</summary>
public static class DatasetsApi
{
    private const int FeedPageVersions = 20;

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var datasets = app.MapGroup("api/v1/datasets");
        datasets.MapGet("", ListAsync).RequirePublicRateLimit().Produces<IReadOnlyList<DatasetVersionDto>>(StatusCodes.Status200OK).WithName("ListDatasets").WithSummary("Published dataset versions, newest first");
        datasets.MapGet("{version:int}/diff", DiffAsync).RequirePublicRateLimit().Produces<DiffDto>(StatusCodes.Status200OK)
            .WithName("DatasetDiff").WithSummary("Clinics added, changed (field by field) and closed by a version");
        datasets.MapPost("", PublishAsync).RequireApiKey(ApiRole.Publisher)
            .WithName("PublishDataset").WithSummary("Publish a new version from the staged batches in the key's jurisdiction");
        datasets.MapPost("{version:int}/rollback", RollbackAsync).RequireApiKey(ApiRole.Admin)
            .WithName("RollbackDataset").WithSummary("Publish an earlier version's content as a new version");
        app.MapGet("api/v1/changes", ChangesAsync).RequirePublicRateLimit().Produces<ChangesDto>(StatusCodes.Status200OK)
            .WithName("Changes").WithSummary("The diffs of every version after since, oldest first");
        return app;
    }

    /// <summary>The published versions, newest first: read once per served version and <c>limit</c> (1–500) and kept.</summary>
    public static async Task<FileContentHttpResult> ListAsync(IDatasetStore store, ServingIndex serving, CancellationToken cancellationToken, int limit = 50)
    {
        limit = Math.Clamp(limit, 1, 500);
        async Task<byte[]> Read() => JsonSerializer.SerializeToUtf8Bytes(
            (await store.ListAsync(limit, cancellationToken)).Select(DatasetVersionDto.From).ToList(), ContractJson.Options);
        var body = serving.Current is { } index ? await index.DocumentAsync($"datasets|{limit}", Read) : await Read();
        return TypedResults.Bytes(body, "application/json");
    }

    /// <summary>
    /// A version's diff. Immutable, so it is read from PostgreSQL once per served version and kept with the index's
    /// other derived answers (a version newer than the one served is 404 until it is served, without a query).
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> DiffAsync(
        int version, string? crs, IDatasetStore store, ServingIndex serving, CancellationToken cancellationToken)
    {
        if (QueryFields.ParseCrs(crs) is not { } system)
            return QueryFields.BadCrs(crs);
        if (serving.Current is not { } index || version < 1 || version > index.Version.Version)
            return NoVersion(version);
        var body = await index.DocumentAsync($"diff|{version}|{system}", async () =>
        {
            var diff = await store.DiffAsync(version, cancellationToken);
            return diff is null ? [] : JsonSerializer.SerializeToUtf8Bytes(DiffDto.From(diff, system), ContractJson.Options);
        });
        return body.Length == 0 ? NoVersion(version) : TypedResults.Bytes(body, "application/json");
    }

    /// <summary>
    /// The feed: the diffs of up to <see cref="FeedPageVersions"/> versions after <c>since</c>, up to the version
    /// served. Kept per served version and <c>since</c> (clamped to the served version), so a poll costs no query.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ChangesAsync(
        int? since, string? crs, IDatasetStore store, ServingIndex serving, CancellationToken cancellationToken)
    {
        if (QueryFields.ParseCrs(crs) is not { } system)
            return QueryFields.BadCrs(crs);
        if (since is < 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["since"] = ["since is a version number, 0 for everything"] });
        if (serving.Current is not { } index)
            return TypedResults.Problem(title: "No dataset has been published yet", statusCode: StatusCodes.Status503ServiceUnavailable);
        var current = index.Version.Version;
        var from = Math.Min(since ?? 0, current);
        var body = await index.DocumentAsync($"changes|{from}|{system}", async () =>
        {
            var diffs = (await store.ChangesSinceAsync(from, FeedPageVersions, cancellationToken)).Where(d => d.Version.Version <= current).ToList();
            var changes = new ChangesDto(from, diffs.Count == 0 ? from : diffs[^1].Version.Version, current, diffs.Select(d => DiffDto.From(d, system)).ToList());
            return JsonSerializer.SerializeToUtf8Bytes(changes, ContractJson.Options);
        });
        return TypedResults.Bytes(body, "application/json");
    }

    private static ProblemHttpResult NoVersion(int version) =>
        TypedResults.Problem(title: "No such dataset version", detail: $"there is no published version {version}", statusCode: StatusCodes.Status404NotFound);

    public static async Task<Created<DatasetVersionDto>> PublishAsync(PublishRequest request, HttpContext context, IDatasetStore store, CancellationToken cancellationToken)
    {
        var published = await store.PublishAsync(ApiKeyAuthentication.ActorOf(context), request.Batches, request.Note, request.Force, cancellationToken);
        return TypedResults.Created($"/api/v1/datasets/{published.Version}/diff", DatasetVersionDto.From(published));
    }

    public static async Task<Results<Created<DatasetVersionDto>, ValidationProblem>> RollbackAsync(int version, RollbackRequest request, HttpContext context, IDatasetStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["a rollback states why"] });
        var published = await store.RollbackAsync(ApiKeyAuthentication.ActorOf(context), version, request.Reason, cancellationToken);
        return TypedResults.Created($"/api/v1/datasets/{published.Version}/diff", DatasetVersionDto.From(published));
    }
}
