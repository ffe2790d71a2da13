using System.Globalization;
using System.Threading.RateLimiting;
using ClinicMap.Data.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Access;

/// <summary>Keys on the write side, the per-key rate limit of writes and the per-address limit of public reads.</summary>
public static class AccessExtensions
{
    /// <summary>The rate-limit policy of every write endpoint: a token bucket per key (per client address without one).</summary>
    public const string WritePolicy = "writes-per-key";

    /// <summary>The rate-limit policy of the public read endpoints: a token bucket per client address.</summary>
    public const string PublicPolicy = "reads-per-address";

    /// <summary>Rate-limits a public read endpoint (or group) per client address, by <see cref="PublicLimitOptions"/>.</summary>
    public static TBuilder RequirePublicRateLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(PublicPolicy);

    /// <summary>Requires a key of at least <paramref name="minimum"/> and rate-limits per key.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiRole minimum) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ApiKeyFilter(minimum)).RequireRateLimiting(WritePolicy);

    /// <summary>Registers the per-key token bucket; its sizes come from <see cref="WriteLimitOptions"/>, read when a key first writes.</summary>
    public static void AddWriteRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WriteLimitOptions>(configuration.GetSection(WriteLimitOptions.Section));
        services.Configure<PublicLimitOptions>(configuration.GetSection(PublicLimitOptions.Section));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var services = context.HttpContext.RequestServices;
                var isPublic = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName == PublicPolicy;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                ProblemHttpResult problem;
                if (isPublic)
                {
                    var options = services.GetRequiredService<IOptions<PublicLimitOptions>>().Value;
                    problem = TypedResults.Problem(title: "Too many requests from this address", detail: $"at most {options.PerSecond} requests per second per address, bursts of {options.Burst}",
                        statusCode: StatusCodes.Status429TooManyRequests);
                }
                else
                {
                    var options = services.GetRequiredService<IOptions<WriteLimitOptions>>().Value;
                    problem = TypedResults.Problem(title: "Too many requests for this key", detail: $"at most {options.PerSecond} write requests per second per key, bursts of {options.Burst}",
                        statusCode: StatusCodes.Status429TooManyRequests);
                }
                await problem.ExecuteAsync(context.HttpContext);
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
            limiter.AddPolicy(WritePolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<WriteLimitOptions>>().Value;
                var header = context.Request.Headers.Authorization.ToString();
                var id = ApiKeyStore.IdOf(header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null);
                var partition = id is null ? "ip:" + context.Connection.RemoteIpAddress : "key:" + id;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
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

/// <summary>Section <c>WriteLimit</c>: the per-key limit of the write endpoints.</summary>
public sealed class WriteLimitOptions
{
    public const string Section = "WriteLimit";

    /// <summary>Requests a key may make per second, sustained.</summary>
    public int PerSecond { get; set; } = 10;

    /// <summary>Requests a key may make at once before the sustained rate applies.</summary>
    public int Burst { get; set; } = 30;
}

/// <summary>
/// Section <c>PublicLimit</c>: the per-address limit of the public read endpoints. Generous on purpose: behind a
/// carrier's NAT one address is many residents; the limit exists to stop one scraper, not to ration a city.
/// </summary>
public sealed class PublicLimitOptions
{
    public const string Section = "PublicLimit";

    /// <summary>Requests one client address may make per second, sustained.</summary>
    public int PerSecond { get; set; } = 200;

    /// <summary>Requests one client address may make at once before the sustained rate applies.</summary>
    public int Burst { get; set; } = 400;
}
