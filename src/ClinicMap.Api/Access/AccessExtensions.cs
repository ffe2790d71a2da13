using System.Globalization;
using System.Threading.RateLimiting;
using ClinicMap.Data.Access;
using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Access;

/// <summary>Keys on the write side and the per-key rate limit.</summary>
public static class AccessExtensions
{
    /// <summary>The rate-limit policy of every write endpoint: a token bucket per key (per client address without one).</summary>
    public const string WritePolicy = "writes-per-key";

    /// <summary>Requires a key of at least <paramref name="minimum"/> and rate-limits per key.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiRole minimum) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ApiKeyFilter(minimum)).RequireRateLimiting(WritePolicy);

    /// <summary>Registers the per-key token bucket; its sizes come from <see cref="WriteLimitOptions"/>, read when a key first writes.</summary>
    public static void AddWriteRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WriteLimitOptions>(configuration.GetSection(WriteLimitOptions.Section));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<WriteLimitOptions>>().Value;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(title: "Too many requests for this key", detail: $"at most {options.PerSecond} write requests per second per key, bursts of {options.Burst}",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
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
