using System.Globalization;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Data.Clinics;

namespace ClinicMap.Api.Apis;

/// <summary>
/// The query string of <c>GET /api/v1/clinics/nearest</c>, bound as text so that every malformed value is
/// reported against its own field in one problem+json answer rather than as a generic binding failure.
/// </summary>
public sealed record NearestRequest(string? Lat, string? Lon, string? Crs, string? Limit, string[]? Kind, string? MaxDistanceKm)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    /// <summary>Checks every field; returns the query in WGS-84, or the errors keyed by field name.</summary>
    public (NearestQuery? Query, CoordinateSystem Crs, Dictionary<string, string[]> Errors) Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var crs = CoordinateSystem.Wgs84;
        if (Crs is not null && !CoordinateSystemNames.TryParse(Crs, out crs))
            errors["crs"] = [$"'{Crs}' is not a coordinate system; use wgs84, gcj02 or bd09"];
        var lat = ParseNumber(Lat, "lat", -90, 90, required: true, errors);
        var lon = ParseNumber(Lon, "lon", -180, 180, required: true, errors);
        var limit = DefaultLimit;
        if (Limit is not null && (!int.TryParse(Limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            errors["limit"] = [$"'{Limit}' is not a whole number from 1 to {MaxLimit}"];
        var kinds = new List<ClinicKind>();
        foreach (var text in Kind ?? [])
        {
            if (ClinicKindNames.TryParse(text, out var kind))
                kinds.Add(kind);
            else
                errors["kind"] = [$"'{text}' is not a kind; use {string.Join(", ", ClinicKindNames.All.Select(k => k.ToWire()))}"];
        }
        var maxKm = ParseNumber(MaxDistanceKm, "maxDistanceKm", 0, 20_000, required: false, errors);
        if (errors.Count > 0)
            return (null, crs, errors);
        var origin = new GeoPoint(lat!.Value, lon!.Value, crs).To(CoordinateSystem.Wgs84);
        return (new NearestQuery(origin, limit, kinds.Distinct().ToList(), maxKm * 1000), crs, errors);
    }

    private static double? ParseNumber(string? text, string field, double min, double max, bool required, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
                errors[field] = [$"{field} is required"];
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors[field] = [$"'{text}' is not a number"];
            return null;
        }
        if (value < min || value > max)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{value} is outside {min}..{max}")];
            return null;
        }
        return value;
    }
}
