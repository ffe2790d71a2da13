using ClinicMap.Api.Serving;
using ClinicMap.Core.Geography;
using ClinicMap.Data.Clinics;

namespace ClinicMap.Api.Apis;

/// <summary>
/// The query string of <c>GET /api/v1/clinics/nearest</c>, bound as text so that every malformed value is
/// reported against its own field in one problem+json answer rather than as a generic binding failure.
/// </summary>
public sealed record NearestRequest(string? Lat, string? Lon, string? Crs, string? Limit, string[]? Kind, string? MaxDistanceKm, string? Open24h, string? Level, string? Open, string? Region)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    /// <summary>Checks every field; returns the query in WGS-84 and its filter, or the errors keyed by field name.</summary>
    /// <param name="mayBeOpen">What <c>open=true</c> keeps (<see cref="StatusOverlay.MayBeOpen"/>).</param>
    public (NearestQuery? Query, ClinicFilter Filter, CoordinateSystem Crs, Dictionary<string, string[]> Errors) Validate(Func<Guid, bool>? mayBeOpen = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var crs = QueryFields.Crs(Crs, errors);
        var lat = QueryFields.Number(Lat, "lat", -90, 90, required: true, errors);
        var lon = QueryFields.Number(Lon, "lon", -180, 180, required: true, errors);
        var limit = QueryFields.Limit(Limit, DefaultLimit, MaxLimit, errors);
        var filter = QueryFields.Filter(Kind, Open24h, Level, errors, Open, mayBeOpen, Region);
        var maxKm = QueryFields.Number(MaxDistanceKm, "maxDistanceKm", 0, 20_000, required: false, errors);
        if (errors.Count > 0)
            return (null, filter, crs, errors);
        var origin = new GeoPoint(lat!.Value, lon!.Value, crs).To(CoordinateSystem.Wgs84);
        return (new NearestQuery(origin, limit, filter.Kinds, maxKm * 1000), filter, crs, errors);
    }
}
