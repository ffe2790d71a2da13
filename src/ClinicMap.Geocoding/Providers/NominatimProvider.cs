using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;

namespace ClinicMap.Geocoding.Providers;

/// <summary>
/// Nominatim search (<c>GET /search?q=&amp;format=jsonv2&amp;countrycodes=cn&amp;limit=5&amp;email=</c>), WGS-84 (OpenStreetMap).
/// An array of places, best first, each with <c>lat</c>/<c>lon</c> as strings and <c>place_rank</c> (30 a building or
/// POI, 28–29 a house, 26–27 a street, lower an area). An empty array is no result; HTTP 429 means slow down (its
/// usage policy allows one request a second, which is the default rate here).
/// </summary>
public sealed class NominatimProvider(ProviderSettings settings, HttpClient http, IGeocodeCache cache) : GeocodingProvider(settings, http, cache)
{
    protected override Uri BuildUri(ProviderQuery query) =>
        Endpoint("search", ("q", WithCity(query)), ("format", "jsonv2"), ("countrycodes", "cn"), ("limit", "5"), ("accept-language", "zh"), ("email", Settings.Key));

    protected override bool IsTooFrequent(JsonElement root) => false;

    protected override ProviderAnswer Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
            throw new JsonException("expected an array of places");
        if (root.GetArrayLength() == 0)
            return ProviderAnswer.None("no place found");
        var candidates = root.EnumerateArray().Select(place =>
        {
            var rank = place.TryGetProperty("place_rank", out var r) ? r.GetInt32() : 0;
            var category = place.TryGetProperty("category", out var c) ? c.GetString() : null;
            var precision = rank switch
            {
                >= 30 => LocationPrecision.Poi,
                28 or 29 => LocationPrecision.Exact,
                26 or 27 => LocationPrecision.Street,
                <= 12 => LocationPrecision.City,
                _ => LocationPrecision.District,
            };
            var wgs = new GeoPoint(
                double.Parse(place.GetProperty("lat").GetString()!, CultureInfo.InvariantCulture),
                double.Parse(place.GetProperty("lon").GetString()!, CultureInfo.InvariantCulture));
            var label = place.TryGetProperty("display_name", out var d) ? d.GetString() : null;
            return new ProviderCandidate(wgs, CoordinateSystem.Wgs84, precision, string.Create(CultureInfo.InvariantCulture, $"place_rank {rank}, {category}"), true, label, null);
        }).ToList();
        return new ProviderAnswer(ProviderStatus.Found, candidates, $"{candidates.Count} place(s)");
    }
}
