namespace ClinicMap.Geocoding.Providers;

/// <summary>
/// One online geocoding provider as configured: enabled only when configured, with its key, where it answers,
/// and how hard it may be asked.
/// </summary>
/// <param name="Name">tencent, amap, baidu or nominatim.</param>
/// <param name="BaseUrl">The service root; the documented public one unless overridden (a local server in tests).</param>
/// <param name="Key">The API key (Baidu calls it <c>ak</c>); Nominatim needs none but a contact e-mail is polite.</param>
/// <param name="RequestsPerSecond">The client never sends faster (Nominatim's usage policy allows 1).</param>
/// <param name="Timeout">Per attempt.</param>
/// <param name="MaxRetries">Retries after a timeout, a 5xx, a 429 or the provider's "too frequent" answer, with exponential backoff.</param>
public sealed record ProviderSettings(string Name, Uri BaseUrl, string? Key, double RequestsPerSecond, TimeSpan Timeout, int MaxRetries)
{
    public static readonly IReadOnlyDictionary<string, (string Url, double RequestsPerSecond)> Defaults = new Dictionary<string, (string, double)>(StringComparer.Ordinal)
    {
        ["tencent"] = ("https://apis.map.qq.com/", 5),
        ["amap"] = ("https://restapi.amap.com/", 50),
        ["baidu"] = ("https://api.map.baidu.com/", 30),
        ["nominatim"] = ("https://nominatim.openstreetmap.org/", 1),
    };

    /// <summary>
    /// The providers configured in the environment, in chain order (tencent, amap, baidu, nominatim):
    /// <c>CLINICMAP_GEOCODER_{NAME}_KEY</c> enables one (for nominatim, <c>CLINICMAP_GEOCODER_NOMINATIM_EMAIL</c>
    /// does); <c>…_URL</c>, <c>…_RPS</c>, <c>…_TIMEOUT_MS</c> and <c>…_RETRIES</c> override the defaults;
    /// <c>CLINICMAP_GEOCODERS</c> (comma-separated names) sets another order or a subset.
    /// </summary>
    public static IReadOnlyList<ProviderSettings> FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var order = read("CLINICMAP_GEOCODERS") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : Defaults.Keys.ToArray();
        var result = new List<ProviderSettings>();
        foreach (var name in order)
        {
            if (!Defaults.TryGetValue(name, out var defaults))
                throw new ArgumentException($"CLINICMAP_GEOCODERS: '{name}' is not a provider; use {string.Join(", ", Defaults.Keys)}");
            var prefix = "CLINICMAP_GEOCODER_" + name.ToUpperInvariant() + "_";
            var key = read(prefix + (name == "nominatim" ? "EMAIL" : "KEY"));
            if (string.IsNullOrWhiteSpace(key))
                continue;
            result.Add(new ProviderSettings(
                name,
                new Uri(read(prefix + "URL") is { Length: > 0 } url ? url : defaults.Url),
                key,
                Number(read, prefix + "RPS") ?? defaults.RequestsPerSecond,
                TimeSpan.FromMilliseconds(Number(read, prefix + "TIMEOUT_MS") ?? 5000),
                (int)(Number(read, prefix + "RETRIES") ?? 3)));
        }
        return result;
    }

    private static double? Number(Func<string, string?> read, string name)
    {
        var text = read(name);
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name}: '{text}' is not a positive number");
    }
}
