using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;

namespace ClinicMap.Geocoding.Providers;

/// <summary>
/// Tencent Location Service geocoder (<c>GET /ws/geocoder/v1/?address=&amp;key=</c>), GCJ-02. One result per query,
/// with <c>level</c> (1 city … 7 road, 9 house number, 10 building, 11 POI) and <c>reliability</c> (1–10, 7 and above
/// the service's own threshold for a usable point). Status 0 ok, 347 no result, 120 too many per second, 121 daily
/// quota spent; anything else is a refused key or request.
/// </summary>
public sealed class TencentProvider(ProviderSettings settings, HttpClient http, IGeocodeCache cache) : GeocodingProvider(settings, http, cache)
{
    protected override Uri BuildUri(ProviderQuery query) =>
        Endpoint("ws/geocoder/v1/", ("address", WithCity(query)), ("key", Settings.Key));

    protected override bool IsTooFrequent(JsonElement root) => root.GetProperty("status").GetInt32() == 120;

    protected override ProviderAnswer Parse(JsonElement root)
    {
        var status = root.GetProperty("status").GetInt32();
        var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
        switch (status)
        {
            case 0:
                break;
            case 347:
                return ProviderAnswer.None($"status 347: {message}");
            case 121:
                return new ProviderAnswer(ProviderStatus.QuotaExceeded, [], $"status 121: {message}");
            default:
                return ProviderAnswer.Failed($"status {status}: {message}");
        }
        var result = root.GetProperty("result");
        var location = result.GetProperty("location");
        var level = result.TryGetProperty("level", out var l) ? l.GetInt32() : 0;
        var reliability = result.TryGetProperty("reliability", out var r) ? r.GetInt32() : 0;
        var precision = level switch
        {
            9 => LocationPrecision.Exact,
            10 or 11 => LocationPrecision.Poi,
            7 or 8 => LocationPrecision.Street,
            1 => LocationPrecision.City,
            _ => LocationPrecision.District,
        };
        var gcj = new GeoPoint(location.GetProperty("lat").GetDouble(), location.GetProperty("lng").GetDouble(), CoordinateSystem.Gcj02);
        var adcode = result.TryGetProperty("ad_info", out var ad) && ad.TryGetProperty("adcode", out var a) ? a.ToString() : null;
        var label = result.TryGetProperty("title", out var t) ? t.GetString() : null;
        var candidate = new ProviderCandidate(gcj.To(CoordinateSystem.Wgs84), CoordinateSystem.Gcj02, precision,
            string.Create(CultureInfo.InvariantCulture, $"level {level}, reliability {reliability}"), reliability >= 7, label, adcode);
        return new ProviderAnswer(ProviderStatus.Found, [candidate], $"level {level}, reliability {reliability}");
    }
}
