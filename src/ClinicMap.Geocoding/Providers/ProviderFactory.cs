namespace ClinicMap.Geocoding.Providers;

/// <summary>Builds the configured providers, in order, sharing one <see cref="HttpClient"/> and one cache.</summary>
public static class ProviderFactory
{
    public static IReadOnlyList<GeocodingProvider> Create(IEnumerable<ProviderSettings> settings, HttpClient http, IGeocodeCache cache) =>
        settings.Select<ProviderSettings, GeocodingProvider>(s => s.Name switch
        {
            "tencent" => new TencentProvider(s, http, cache),
            "amap" => new AmapProvider(s, http, cache),
            "baidu" => new BaiduProvider(s, http, cache),
            "nominatim" => new NominatimProvider(s, http, cache),
            _ => throw new ArgumentException($"'{s.Name}' is not a provider"),
        }).ToList();
}
