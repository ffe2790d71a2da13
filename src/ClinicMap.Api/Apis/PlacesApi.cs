using ClinicMap.Api.Access;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;
using ClinicMap.Geocoding.Gazetteer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>
/// What the resident map needs when a phone will not share its location: divisions to pick or type (from the
/// embedded gazetteer, with their WGS-84 centres), explicit coordinate conversion for a map drawn on a Chinese
/// provider's basemap, and the map's own configuration.
/// </summary>
public static class PlacesApi
{
    public const int MaxPlaces = 20;

    /// <summary>The longest place name looked up: the longest division name is under 20 characters.</summary>
    public const int MaxQueryLength = 40;

    public static IEndpointRouteBuilder MapPlacesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/v1/places", Places).RequirePublicRateLimit()
            .WithName("Places").WithSummary("Divisions whose name matches q (or every prefecture with level=prefecture), with their WGS-84 centres");
        app.MapGet("api/v1/coordinates/convert", Convert).RequirePublicRateLimit()
            .WithName("ConvertCoordinates").WithSummary("A point converted between wgs84, gcj02 and bd09");
        app.MapGet("api/v1/map-config", (Microsoft.Extensions.Options.IOptions<MapOptions> options) => TypedResults.Ok(options.Value))
            .WithName("MapConfig").WithSummary("The resident map's basemap (tile URL and its coordinate system), or none");
        return app;
    }

    /// <summary>A place a resident can pick: a division and the centre the map recentres on.</summary>
    public sealed record PlaceDto(string Code, string Name, string Level, string? Province, double Lat, double Lon, string Crs);

    /// <summary>
    /// Divisions whose name or any published form starts with <paramref name="q"/> (广州, 广州市, 朝阳 — all 朝阳s, each
    /// with its province), prefectures before counties; or, with <c>level=prefecture</c>, every prefecture in code
    /// order for a picker. Divisions without a centre are left out: there is nowhere to go.
    /// </summary>
    public static Results<Ok<IReadOnlyList<PlaceDto>>, ValidationProblem> Places(string? q, string? level, string? crs)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var system = QueryFields.Crs(crs, errors);
        var gazetteer = DivisionGazetteer.Embedded;
        IEnumerable<AdminDivision> found;
        if (level is "prefecture")
        {
            // A municipality has no prefecture under it: it is its own entry.
            found = gazetteer.Provinces.SelectMany(p => gazetteer.ChildrenOf(p.Code).Where(c => c.Level == DivisionLevel.Prefecture).ToList() is { Count: > 0 } prefectures
                ? prefectures
                : [p]);
        }
        else if (level is not null)
        {
            errors["level"] = ["the only level listed whole is prefecture"];
            found = [];
        }
        else if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["say which place: q=广州, or level=prefecture for the list"];
            found = [];
        }
        else if (q.Length > MaxQueryLength)
        {
            errors["q"] = [$"a place name is at most {MaxQueryLength} characters"];
            found = [];
        }
        else
        {
            var key = Core.Text.TextNormalizer.MatchKey(q);
            found = key.Length == 0 ? [] : All(gazetteer)
                .Where(d => gazetteer.FormsOf(d).Any(f => f.StartsWith(key, StringComparison.Ordinal)))
                .OrderBy(d => d.Level == DivisionLevel.Prefecture ? 0 : d.Level == DivisionLevel.Province ? 1 : 2)
                .ThenBy(d => d.Code, StringComparer.Ordinal)
                .Take(MaxPlaces);
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The place query has invalid parameters");
        var places = found.Where(d => d.Centre is not null).Select(d =>
        {
            var centre = d.Centre!.Value.To(system);
            var province = gazetteer.Find(d.Code[..2] + "0000")?.Name;
            return new PlaceDto(d.Code, d.Name, d.Level.ToString().ToLowerInvariant(), province, Math.Round(centre.Latitude, 6), Math.Round(centre.Longitude, 6), system.ToWire());
        }).ToList();
        return TypedResults.Ok<IReadOnlyList<PlaceDto>>(places);
    }

    private static IEnumerable<AdminDivision> All(DivisionGazetteer gazetteer)
    {
        foreach (var province in gazetteer.Provinces)
        {
            yield return province;
            foreach (var child in gazetteer.ChildrenOf(province.Code))
            {
                yield return child;
                foreach (var county in gazetteer.ChildrenOf(child.Code))
                    yield return county;
            }
        }
    }

    /// <summary>The point converted from <c>from</c> to <c>to</c>; GCJ-02 applies on the mainland only, as everywhere in ClinicMap.</summary>
    public static Results<Ok<Contracts.LocationDto>, ValidationProblem> Convert(string? lat, string? lon, string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var latitude = QueryFields.Number(lat, "lat", -90, 90, required: true, errors);
        var longitude = QueryFields.Number(lon, "lon", -180, 180, required: true, errors);
        // Both systems are required here: a conversion to or from an assumed default would say nothing.
        if (from is null)
            errors["from"] = ["from is required: wgs84, gcj02 or bd09"];
        if (to is null)
            errors["to"] = ["to is required: wgs84, gcj02 or bd09"];
        var source = QueryFields.Crs(from, errors, "from");
        var target = QueryFields.Crs(to, errors, "to");
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The conversion has invalid parameters");
        var point = new GeoPoint(latitude!.Value, longitude!.Value, source).To(target);
        return TypedResults.Ok(new Contracts.LocationDto(Math.Round(point.Latitude, 7), Math.Round(point.Longitude, 7), target.ToWire()));
    }
}
