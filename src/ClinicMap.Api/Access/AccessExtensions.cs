using System.Globalization;
using System.Threading.RateLimiting;
using ClinicMap.Data.Access;
using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Access;

/// <summary>Keys on the write side, the per-key rate limit of writes and the per-address limit of public reads.</summary>
public static class AccessExtensions
{
    /// <summary>The rate-limit policy of the public read endpoints: a token bucket per client address.</summary>
    public const string PublicPolicy = "reads-per-address";

    /// <summary>Rate-limits a public read endpoint (or group) per client address, by <see cref="PublicLimitOptions"/>.</summary>
    public static TBuilder RequirePublicRateLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(PublicPolicy);

    /// <summary>
    /// Requires a key of at least <paramref name="minimum"/>, verified and rate-limited per key by
    /// <see cref="ApiKeyAuthentication"/> before the body is read; a write body is at most <see cref="MaxWriteBodyBytes"/>
    /// unless the endpoint says otherwise (uploads).
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiRole minimum) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiKeyRequirement(minimum), new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxWriteBodyBytes))
            .AddEndpointFilter(new ApiKeyFilter());

    /// <summary>The largest JSON body a review or publish request may send: an edited row is a few kilobytes.</summary>
    public const long MaxWriteBodyBytes = 64 * 1024;

    /// <summary>Tells a limited client when to come back, when the limiter knows (both limits answer 429 this way).</summary>
    public static void SetRetryAfter(HttpResponse response, RateLimitLease lease)
    {
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Registers the public per-address limit; the write limit's sizes (<see cref="WriteLimitOptions"/>) are read by <see cref="ApiKeyAuthentication"/>.</summary>
    public static void AddWriteRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WriteLimitOptions>(configuration.GetSection(WriteLimitOptions.Section));
        services.Configure<PublicLimitOptions>(configuration.GetSection(PublicLimitOptions.Section));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<PublicLimitOptions>>().Value;
                SetRetryAfter(context.HttpContext.Response, context.Lease);
                context.HttpContext.RequestServices.GetRequiredService<Telemetry.ApiMetrics>().RateLimited("public");
                await TypedResults.Problem(title: "Too many requests from this address", detail: $"at most {options.PerSecond} requests per second per address, bursts of {options.Burst}",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
            limiter.AddPolicy(PublicPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<PublicLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
    }
}
