using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;

namespace ClinicMap.Geocoding.Providers;

/// <summary>
/// AMap web-service geocoder (<c>GET /v3/geocode/geo?address=&amp;city=&amp;key=</c>), GCJ-02. <c>status</c> "1" with
/// <c>geocodes</c> (possibly several, each with <c>location</c> "lng,lat", <c>level</c> in words and <c>adcode</c>);
/// "0" with an <c>infocode</c>: 10003/10044 daily quota spent, 10004/10019/10020/10021 too frequent, others refused.
/// </summary>
public sealed class AmapProvider(ProviderSettings settings, HttpClient http, IGeocodeCache cache) : GeocodingProvider(settings, http, cache)
{
    private static readonly string[] TooFrequent = ["10004", "10019", "10020", "10021"];
    private static readonly string[] Quota = ["10003", "10044"];

    protected override Uri BuildUri(ProviderQuery query) =>
        Endpoint("v3/geocode/geo", ("address", query.Address), ("city", query.City), ("output", "JSON"), ("key", Settings.Key));

    protected override bool IsTooFrequent(JsonElement root) =>
        root.GetProperty("status").GetString() == "0" && TooFrequent.Contains(root.GetProperty("infocode").GetString());

    protected override ProviderAnswer Parse(JsonElement root)
    {
        var info = root.TryGetProperty("info", out var i) ? i.GetString() : null;
        var infocode = root.TryGetProperty("infocode", out var c) ? c.GetString() : null;
        if (root.GetProperty("status").GetString() != "1")
        {
            return Quota.Contains(infocode)
                ? new ProviderAnswer(ProviderStatus.QuotaExceeded, [], $"infocode {infocode}: {info}")
                : ProviderAnswer.Failed($"infocode {infocode}: {info}");
        }
        var geocodes = root.GetProperty("geocodes");
        if (geocodes.ValueKind != JsonValueKind.Array || geocodes.GetArrayLength() == 0)
            return ProviderAnswer.None("count 0");
        var candidates = geocodes.EnumerateArray().Select(g =>
        {
            var parts = g.GetProperty("location").GetString()!.Split(',');
            var gcj = new GeoPoint(double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[0], CultureInfo.InvariantCulture), CoordinateSystem.Gcj02);
            var level = g.TryGetProperty("level", out var l) ? l.GetString() ?? "" : "";
            var precision = level switch
            {
                "门牌号" or "单元号" => LocationPrecision.Exact,
                "兴趣点" => LocationPrecision.Poi,
                "道路" or "道路交叉路口" => LocationPrecision.Street,
                "省" or "市" or "国家" => LocationPrecision.City,
                _ => LocationPrecision.District,
            };
            var adcode = g.TryGetProperty("adcode", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            var label = g.TryGetProperty("formatted_address", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            return new ProviderCandidate(gcj.To(CoordinateSystem.Wgs84), CoordinateSystem.Gcj02, precision, level, true, label, adcode);
        }).ToList();
        return new ProviderAnswer(ProviderStatus.Found, candidates, $"{candidates.Count} geocode(s), level {candidates[0].ProviderPrecision}");
    }
}
