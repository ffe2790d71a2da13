using System.Text;
using ClinicMap.Core.Divisions;
using ClinicMap.Data.Geocoding;
using ClinicMap.Geocoding.Gazetteer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>Public division outlines from our own gazetteer: the maps draw them when no basemap is reachable.</summary>
public static class DivisionsApi
{
    public static IEndpointRouteBuilder MapDivisionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/v1/divisions/{code}/boundary", BoundaryAsync).WithName("DivisionBoundary")
            .WithSummary("A county's outline (or a city's or province's counties) as a GeoJSON Feature in WGS-84");
        app.MapGet("api/v1/divisions/provinces.geojson", ProvincesAsync).WithName("ProvinceOutlines")
            .WithSummary("Every province's outline (simplified to ~3 km) as a GeoJSON FeatureCollection in WGS-84");
        return app;
    }

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> BoundaryAsync(string code, BoundaryStore boundaries, CancellationToken cancellationToken)
    {
        if (!AdminCode.IsWellFormed(code))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [$"'{code}' is not a 6-digit GB/T 2260 code"] });
        var division = DivisionGazetteer.Embedded.Find(code);
        var geometry = division is null ? null : await boundaries.GeoJsonAsync(code, cancellationToken);
        if (division is null || geometry is null)
            return TypedResults.Problem(title: "No boundary", detail: $"no boundary is loaded for {code}", statusCode: StatusCodes.Status404NotFound);
        var name = System.Text.Json.JsonSerializer.Serialize(division.Name);
        // RFC 7946 Feature, assembled around PostGIS's geometry so the coordinates are not parsed and re-written.
        return TypedResults.Content($$"""{"type":"Feature","properties":{"code":"{{code}}","name":{{name}}},"geometry":{{geometry}}}""", "application/geo+json", Encoding.UTF8);
    }

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
