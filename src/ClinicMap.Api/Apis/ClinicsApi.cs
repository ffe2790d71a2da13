using ClinicMap.Api.Access;
using ClinicMap.Api.Contracts;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Api.Serving;
using ClinicMap.Data.Clinics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>
/// The public read endpoints: <c>/api/v1/clinics</c> (nearest, bbox list, by id, GeoJSON) and the vector tiles at
/// <c>/tiles/clinics/{z}/{x}/{y}.mvt</c>. All but the by-id sources answer from the in-memory index.
/// </summary>
public static class ClinicsApi
{
    /// <summary>The deepest tile zoom served: z 20 tiles are ~38 m wide, far finer than any clinic's position needs.</summary>
    public const int MaxTileZoom = 20;

    public static IEndpointRouteBuilder MapClinicsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/clinics").RequirePublicRateLimit();
        api.MapGet("nearest", Nearest).Produces<NearestResponse>(StatusCodes.Status200OK)
            .WithName("NearestClinics")
            .WithSummary("The clinics nearest to a point, ordered by geodesic distance on the WGS-84 ellipsoid");
        api.MapGet("", List)
            .WithName("ListClinics")
            .WithSummary("The clinics inside a bbox (minLon,minLat,maxLon,maxLat), in id order, a page at a time (cursor)");
        api.MapGet("{id:guid}", GetByIdAsync).Produces<ClinicDto>(StatusCodes.Status200OK)
            .WithName("GetClinic")
            .WithSummary("One clinic of the current dataset version, with every document that supported it");
        app.MapGet("api/v1/clinics.geojson", GeoJsonAsync).RequirePublicRateLimit()
            .WithName("ClinicsGeoJson")
            .WithSummary("Every clinic of the current version as an RFC 7946 FeatureCollection");
        app.MapGet("tiles/clinics/{z:int}/{x:int}/{y:int}.mvt", TileAsync).RequirePublicRateLimit()
            .WithName("ClinicTile")
            .WithSummary("A Mapbox Vector Tile (layer 'clinics', Web Mercator of WGS-84) of the current version");
        return app;
    }

    /// <summary>
    /// Answered from the in-memory index of the current version; the database is not asked. The body is the JSON of
    /// <see cref="NearestResponse"/>, written from each clinic's cached serialisation (<see cref="NearestJsonResult"/>).
    /// </summary>
    public static Results<NearestJsonResult, ValidationProblem, ProblemHttpResult> Nearest([AsParameters] NearestRequest request, ServingIndex serving, StatusOverlay statuses)
    {
        var (query, filter, crs, errors) = request.Validate(statuses.MayBeOpen);
        if (query is null)
            return TypedResults.ValidationProblem(errors, title: "The nearest-clinics query has invalid parameters");
        if (serving.Current is not { } index)
            return NoDataset();
        var nearest = index.NearestPositions(query, filter);
        return new NearestJsonResult(index, nearest, index.DistanceRanges(query.Origin, nearest), crs, statuses);
    }

    /// <summary>
    /// A page of clinics in id order. A cursor belongs to the version that made it: after a publish it is refused
    /// (409), because pages of two versions together could miss or repeat clinics.
    /// </summary>
    public static Results<Ok<ClinicPage>, ValidationProblem, ProblemHttpResult> List([AsParameters] ClinicListRequest request, ServingIndex serving, StatusOverlay statuses)
    {
        var (box, filter, crs, limit, cursorVersion, after, errors) = request.Validate(statuses.MayBeOpen);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The clinic list query has invalid parameters");
        if (serving.Current is not { } index)
            return NoDataset();
        if (cursorVersion is { } v && v != index.Version.Version)
        {
            return TypedResults.Problem(title: "The dataset changed since this cursor was made",
                detail: $"the cursor belongs to version {v}; version {index.Version.Version} is current: start again without a cursor",
                statusCode: StatusCodes.Status409Conflict);
        }
        var (page, more) = index.InBox(box, filter, after, limit);
        var next = more ? ClinicListRequest.WriteCursor(index.Version.Version, page[^1].Id) : null;
        return TypedResults.Ok(new ClinicPage(new DatasetRef(index.Version.Version, index.Version.PublishedAt),
            page.Select(c => index.Answer(c, crs, null) with { Status = statuses.DtoOf(c.Id) }).ToList(), next));
    }

    /// <summary>
    /// From the index when it has the clinic; the database adds the list of every supporting document, once per
    /// served version and system (kept with the other derived answers: the keys are bounded by the version's clinics).
    /// An id the version does not hold is 404 without a query.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetByIdAsync(
        Guid id, string? crs, ServingIndex serving, IClinicStore store, StatusOverlay statuses, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var system = QueryFields.Crs(crs, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (serving.Current is not { } index)
            return NoDataset();
        var version = index.Version;
        if (index.Find(id) is not { } indexed)
            return TypedResults.Problem(title: "No such clinic", detail: $"dataset version {version.Version} has no clinic {id}", statusCode: StatusCodes.Status404NotFound);
        static byte[] Json(Clinic clinic, CoordinateSystem system) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ClinicDto.From(clinic, system), ContractJson.Options);
        if (serving.DatabaseError is not null)
            return TypedResults.Bytes(WithStatus(Json(indexed, system), statuses.JsonOf(id)), "application/json");
        byte[] body;
        try
        {
            body = await index.DocumentAsync($"clinic|{id:N}|{system}", async () => Json(await store.FindAsync(version.Version, id, cancellationToken) ?? indexed, system));
        }
        catch (Npgsql.NpgsqlException)
        {
            // The database is down: the index's record (newest document only) still answers, and is not kept.
            body = Json(indexed, system);
        }
        return TypedResults.Bytes(WithStatus(body, statuses.JsonOf(id)), "application/json");
    }

    /// <summary>A clinic's JSON object (kept without status, which changes between versions) with its live <c>status</c> member added last.</summary>
    private static byte[] WithStatus(byte[] clinic, byte[] status)
    {
        ReadOnlySpan<byte> member = ",\"status\":"u8;
        var joined = new byte[clinic.Length + member.Length + status.Length];
        clinic.AsSpan(0, clinic.Length - 1).CopyTo(joined);
        member.CopyTo(joined.AsSpan(clinic.Length - 1));
        status.CopyTo(joined.AsSpan(clinic.Length - 1 + member.Length));
        joined[^1] = (byte)'}';
        return joined;
    }

    /// <summary>
    /// The whole current version (or the clinics passing <c>kind</c>/<c>open24h</c>/<c>level</c>) as GeoJSON;
    /// <c>properties=summary</c> (name, kinds, open24h, locationPrecision) or a comma list keeps a map's download
    /// small. Each form is written once per version and kept.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GeoJsonAsync(
        string? crs, string[]? kind, string? open24h, string? level, string? region, string? properties, ServingIndex serving, StatusOverlay statuses)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var system = QueryFields.Crs(crs, errors);
        var filter = QueryFields.Filter(kind, open24h, level, errors, region: region);
        IReadOnlyList<string> wanted = properties switch
        {
            null or "" or "all" => GeoJsonWriter.AllProperties,
            "summary" => GeoJsonWriter.Summary,
            _ => properties.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList(),
        };
        if (wanted.Except(GeoJsonWriter.AllProperties).FirstOrDefault() is { } unknown)
            errors["properties"] = [$"'{unknown}' is not a property; use summary, all, or a comma list of {string.Join(", ", GeoJsonWriter.AllProperties)}"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The GeoJSON query has invalid parameters");
        if (serving.Current is not { } index)
            return NoDataset();
        var body = await index.GeoJsonAsync(system, filter, wanted, statuses);
        return TypedResults.Bytes(body, GeoJsonWriter.MediaType);
    }

    /// <summary>
    /// Built from the serving index (<see cref="ClinicTiles"/>) the first time a tile of a version is asked for, then
    /// kept (within the cache's caps) for as long as that version is current; answered while the database is down.
    /// Tiles are Web Mercator of WGS-84 only; a map on a GCJ-02 basemap uses the GeoJSON export with <c>crs=gcj02</c>.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> TileAsync(int z, int x, int y, ServingIndex serving)
    {
        if (z is < 0 or > MaxTileZoom || x < 0 || y < 0 || x >= 1L << z || y >= 1L << z)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["z"] = [$"tiles exist for z 0..{MaxTileZoom} with x and y in 0..2^z-1; {z}/{x}/{y} is not one"],
            }, title: "No such tile");
        }
        if (serving.Current is not { } index)
            return NoDataset();
        return TypedResults.Bytes(await index.TileAsync(z, x, y), ClinicTiles.MediaType);
    }

    private static ProblemHttpResult NoDataset() =>
        TypedResults.Problem(title: "No dataset has been published yet", detail: "import a list and publish it first", statusCode: StatusCodes.Status503ServiceUnavailable);
}
