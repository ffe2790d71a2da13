using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using ClinicMap.Core.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ClinicMap.Geocoding.Providers;

/// <summary>A query for an online provider: the address as the row has it, and the city it is in when known.</summary>
public sealed record ProviderQuery(string Address, string? City)
{
    /// <summary>The cache key: the normalised city and address.</summary>
    public string Key => TextNormalizer.MatchKey(City) + "|" + TextNormalizer.MatchKey(Address);
}

/// <summary>
/// What every online provider shares: the HTTP call with a rate limit (token bucket), a timeout per attempt and
/// retries with exponential backoff (Polly) for timeouts, 5xx, 429 and the provider's own "too frequent" answer;
/// the persistent cache consulted first; and, once a key's quota is spent, no further calls for the run.
/// Subclasses only build the request and read the documented response. Thread-safe.
/// </summary>
public abstract class GeocodingProvider : IDisposable
{
    private readonly HttpClient _http;
    private readonly IGeocodeCache _cache;
    private readonly TokenBucketRateLimiter _limiter;
    private readonly ResiliencePipeline<RawAnswer> _pipeline;
    private volatile bool _quotaSpent;

    protected GeocodingProvider(ProviderSettings settings, HttpClient http, IGeocodeCache cache)
    {
        Settings = settings;
        _http = http;
        _cache = cache;
        var perSecond = Math.Max(1, (int)Math.Ceiling(settings.RequestsPerSecond));
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perSecond / settings.RequestsPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        _pipeline = new ResiliencePipelineBuilder<RawAnswer>()
            .AddRetry(new RetryStrategyOptions<RawAnswer>
            {
                MaxRetryAttempts = Math.Max(1, settings.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = new PredicateBuilder<RawAnswer>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(answer => IsTransient(answer)),
            })
            .AddTimeout(settings.Timeout)
            .Build();
    }

    public ProviderSettings Settings { get; }

    public string Name => Settings.Name;

    /// <summary>Answers one query: from the cache if it is there, else from the provider.</summary>
    public async Task<ProviderAnswer> GeocodeAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        var cached = await _cache.GetManyAsync(Name, [query.Key], cancellationToken);
        if (cached.TryGetValue(query.Key, out var hit))
            return Read(hit) with { FromCache = true };
        if (_quotaSpent)
            return new ProviderAnswer(ProviderStatus.QuotaExceeded, [], "not asked: the key's quota was spent earlier in this run");

        RawAnswer raw;
        try
        {
            raw = await _pipeline.ExecuteAsync(async token => await SendAsync(query, token), cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            return ProviderAnswer.Failed($"no answer within {Settings.Timeout.TotalSeconds:0.#} s, {Settings.MaxRetries} retries");
        }
        catch (HttpRequestException e)
        {
            return ProviderAnswer.Failed($"HTTP error after {Settings.MaxRetries} retries: {e.Message}");
        }
        var answer = Read(raw);
        if (answer.Status == ProviderStatus.QuotaExceeded)
            _quotaSpent = true;
        if (answer.Status is ProviderStatus.Found or ProviderStatus.NoResult)
            await _cache.PutAsync(Name, query.Key, raw, cancellationToken);
        return answer;
    }

    private async Task<RawAnswer> SendAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, BuildUri(query));
        request.Headers.UserAgent.ParseAdd("ClinicMap/1.0 (+https://github.com/clinicmap)");
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new RawAnswer((int)response.StatusCode, body);
    }

    private ProviderAnswer Read(RawAnswer raw)
    {
        if (raw.HttpStatus == (int)HttpStatusCode.TooManyRequests)
            return new ProviderAnswer(ProviderStatus.Failed, [], "HTTP 429 (too many requests) after every retry");
        if (raw.HttpStatus >= 400)
            return ProviderAnswer.Failed($"HTTP {raw.HttpStatus}");
        try
        {
            using var document = JsonDocument.Parse(raw.Body);
            return Parse(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or IndexOutOfRangeException)
        {
            return ProviderAnswer.Failed($"malformed answer: {e.Message}");
        }
    }

    private bool IsTransient(RawAnswer answer)
    {
        if (answer.HttpStatus is 429 or >= 500)
            return true;
        if (answer.HttpStatus >= 400)
            return false;
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            return IsTooFrequent(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The request URI for a query, per the provider's documentation.</summary>
    protected abstract Uri BuildUri(ProviderQuery query);

    /// <summary>Reads a 2xx body. Throws (JsonException, KeyNotFoundException …) on a body that is not as documented.</summary>
    protected abstract ProviderAnswer Parse(JsonElement root);

    /// <summary>True when the body says "slow down" (a per-second limit), which is worth a retry after a pause.</summary>
    protected abstract bool IsTooFrequent(JsonElement root);

    protected Uri Endpoint(string path, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));
        return new Uri(Settings.BaseUrl, path + "?" + query);
    }

    /// <summary>The query's address with its city in front when the address does not already name it.</summary>
    protected static string WithCity(ProviderQuery query) =>
        query.City is { } city && !query.Address.Contains(city, StringComparison.Ordinal) ? city + query.Address : query.Address;

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
