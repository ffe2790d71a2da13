using System.Text;
using ClinicMap.Api.Access;
using ClinicMap.Core.Divisions;
using ClinicMap.Data.Boundaries;
using ClinicMap.Geocoding.Gazetteer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>Public division outlines from our own gazetteer: the maps draw them when no basemap is reachable.</summary>
public static class DivisionsApi
{
    public static IEndpointRouteBuilder MapDivisionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/v1/divisions/{code}/boundary", BoundaryAsync).RequirePublicRateLimit().WithName("DivisionBoundary")
            .WithSummary("A county's outline (or a city's or province's counties) as a GeoJSON Feature in WGS-84");
        app.MapGet("api/v1/divisions/provinces.geojson", ProvincesAsync).RequirePublicRateLimit().WithName("ProvinceOutlines")
            .WithSummary("Every province's outline (simplified to ~3 km) as a GeoJSON FeatureCollection in WGS-84");
        return app;
    }

    /// <summary>
    /// A division's outline, read from PostGIS once per served version and kept with the index's derived answers
    /// (only codes the gazetteer knows are asked for, so the keys are bounded by the gazetteer).
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> BoundaryAsync(
        string code, BoundaryStore boundaries, Serving.ServingIndex serving, CancellationToken cancellationToken)
    {
        if (!AdminCode.IsWellFormed(code))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["not a 6-digit GB/T 2260 code"] });
        var division = DivisionGazetteer.Embedded.Find(code);
        if (division is null)
            return NoBoundary(code);
        async Task<byte[]> Read()
        {
            var geometry = await boundaries.GeoJsonAsync(code, cancellationToken);
            if (geometry is null)
                return [];
            var name = System.Text.Json.JsonSerializer.Serialize(division.Name, Contracts.ContractJson.Options);
            // RFC 7946 Feature, assembled around PostGIS's geometry so the coordinates are not parsed and re-written.
            return Encoding.UTF8.GetBytes($$"""{"type":"Feature","properties":{"code":"{{code}}","name":{{name}}},"geometry":{{geometry}}}""");
        }
        var body = serving.Current is { } index ? await index.DocumentAsync($"boundary|{code}", Read) : await Read();
        return body.Length == 0 ? NoBoundary(code) : TypedResults.Bytes(body, "application/geo+json");
    }

    private static ProblemHttpResult NoBoundary(string code) =>
        TypedResults.Problem(title: "No boundary", detail: $"no boundary is loaded for {code}", statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// The province outlines the maps draw first, read from PostGIS once per process and kept: they change only when
    /// <c>clinicmap-import migrate</c> loads new boundaries (a restart then shows them). Names come from the gazetteer.
    /// </summary>
    public static async Task<ContentHttpResult> ProvincesAsync(BoundaryStore boundaries, HttpContext context, CancellationToken cancellationToken)
    {
        var body = await ProvinceOutlinesAsync(boundaries, cancellationToken);
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Content(body, "application/geo+json", Encoding.UTF8);
    }

    /// <summary>The outlines' GeoJSON, read once (kept only once there is something to keep: a database without boundaries yet is asked again).</summary>
    public static async Task<string> ProvinceOutlinesAsync(BoundaryStore boundaries, CancellationToken cancellationToken = default)
    {
        if (ProvinceOutlines is { } cached)
            return cached;
        var body = Named(await boundaries.ProvinceOutlinesAsync(cancellationToken));
        if (!body.Contains("\"features\":[]", StringComparison.Ordinal))
            ProvinceOutlines = body;
        return body;
    }

    private static string? ProvinceOutlines;

    private static string Named(string collection)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(collection)!;
        foreach (var feature in document["features"]!.AsArray())
        {
            var properties = feature!["properties"]!;
            properties["name"] = DivisionGazetteer.Embedded.Find(properties["code"]!.GetValue<string>())?.Name;
        }
        return document.ToJsonString(Contracts.ContractJson.Options);
    }
}
