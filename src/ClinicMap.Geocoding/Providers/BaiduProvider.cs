using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;

namespace ClinicMap.Geocoding.Providers;

/// <summary>
/// Baidu Maps geocoder v3 (<c>GET /geocoding/v3/?address=&amp;city=&amp;output=json&amp;ak=</c>), BD-09 (<c>bd09ll</c>).
/// One result with <c>precise</c> (1: a point on the address itself), <c>confidence</c> (0–100; 70 and above means an
/// error under ~100 m) and <c>level</c> in words. Status 0 ok; 1 with 无相关结果 no result, otherwise a server error;
/// 4 and 3xx quota; 401 too much concurrency; others refused.
/// </summary>
public sealed class BaiduProvider(ProviderSettings settings, HttpClient http, IGeocodeCache cache) : GeocodingProvider(settings, http, cache)
{
    private static readonly string[] PoiLevels =
        ["医疗", "教育", "商务大厦", "政府机构", "地产小区", "公司企业", "生活服务", "购物", "宾馆", "金融", "交通设施", "旅游景点", "休闲娱乐", "餐饮"];

    protected override Uri BuildUri(ProviderQuery query) =>
        Endpoint("geocoding/v3/", ("address", query.Address), ("city", query.City), ("output", "json"), ("ak", Settings.Key));

    protected override bool IsTooFrequent(JsonElement root) =>
        root.GetProperty("status").GetInt32() == 401
        || root.GetProperty("status").GetInt32() == 1 && !Message(root).Contains("无相关结果", StringComparison.Ordinal);

    protected override ProviderAnswer Parse(JsonElement root)
    {
        var status = root.GetProperty("status").GetInt32();
        var message = Message(root);
        if (status == 1 && message.Contains("无相关结果", StringComparison.Ordinal))
            return ProviderAnswer.None($"status 1: {message}");
        if (status == 4 || status is >= 300 and < 400)
            return new ProviderAnswer(ProviderStatus.QuotaExceeded, [], $"status {status}: {message}");
        if (status != 0)
            return ProviderAnswer.Failed($"status {status}: {message}");
        var result = root.GetProperty("result");
        var location = result.GetProperty("location");
        var precise = result.TryGetProperty("precise", out var p) && p.GetInt32() == 1;
        var confidence = result.TryGetProperty("confidence", out var c) ? c.GetInt32() : 0;
        var level = result.TryGetProperty("level", out var l) ? l.GetString() ?? "" : "";
        var precision = level switch
        {
            "门址" => precise ? LocationPrecision.Exact : LocationPrecision.Street,
            "道路" or "交叉路口" => LocationPrecision.Street,
            _ when PoiLevels.Contains(level) => LocationPrecision.Poi,
            "城市" or "省" or "国家" => LocationPrecision.City,
            _ => LocationPrecision.District,
        };
        var bd = new GeoPoint(location.GetProperty("lat").GetDouble(), location.GetProperty("lng").GetDouble(), CoordinateSystem.Bd09);
        var words = string.Create(CultureInfo.InvariantCulture, $"{level}, precise {(precise ? 1 : 0)}, confidence {confidence}");
        var candidate = new ProviderCandidate(bd.To(CoordinateSystem.Wgs84), CoordinateSystem.Bd09, precision, words, confidence >= 70, null, null);
        return new ProviderAnswer(ProviderStatus.Found, [candidate], words);
    }

    /// <summary>Baidu words its errors in <c>msg</c> or, for key and quota errors, <c>message</c>.</summary>
    private static string Message(JsonElement root) =>
        root.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()!
        : root.TryGetProperty("message", out var m2) && m2.ValueKind == JsonValueKind.String ? m2.GetString()! : "";
}
