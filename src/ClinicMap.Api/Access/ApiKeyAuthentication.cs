using System.Threading.RateLimiting;
using ClinicMap.Data.Access;
using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Access;

/// <summary>
/// Guards every endpoint that carries an <see cref="ApiKeyRequirement"/>, before its body is read or bound: reads
/// <c>Authorization: Bearer cmk_…</c>, verifies the key (401 otherwise), rate-limits, checks the role (403) and puts
/// the <see cref="Actor"/> on the request. The write limit is a token bucket per <em>verified</em> key; requests
/// without a valid key draw on a bucket of their client address, so a forged key id can neither use up a real
/// key's budget nor escape the limit by changing with every request.
/// </summary>
public sealed class ApiKeyAuthentication(RequestDelegate next, IOptions<WriteLimitOptions> options) : IAsyncDisposable
{
    private const string ActorKey = "clinicmap.actor";

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(partition =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.Burst,
            TokensPerPeriod = options.Value.PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>The actor <see cref="InvokeAsync"/> verified for this request.</summary>
    public static Actor ActorOf(HttpContext context) =>
        context.Items[ActorKey] as Actor ?? throw new InvalidOperationException("the endpoint does not require an API key");

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequirement>() is not { } requirement)
        {
            await next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var actor = token is null or { Length: 0 or > MaxTokenLength }
            ? null
            : await context.RequestServices.GetRequiredService<ApiKeyStore>().AuthenticateAsync(token, context.RequestAborted);
        var partition = actor is null ? "address:" + context.Connection.RemoteIpAddress : "key:" + ApiKeyStore.IdOf(token);
        using var lease = _limiter.AttemptAcquire(partition);
        if (!lease.IsAcquired)
        {
            AccessExtensions.SetRetryAfter(context.Response, lease);
            context.RequestServices.GetRequiredService<Telemetry.ApiMetrics>().RateLimited("write");
            await Problem(context, StatusCodes.Status429TooManyRequests, actor is null ? "Too many requests from this address" : "Too many requests for this key",
                $"at most {options.Value.PerSecond} write requests per second per key (per address without a valid key), bursts of {options.Value.Burst}");
            return;
        }
        if (actor is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problem(context, StatusCodes.Status401Unauthorized, "An API key is needed",
                token is null ? "send Authorization: Bearer <key>" : "the key is unknown, malformed or revoked");
            return;
        }
        if (actor.Role < requirement.Minimum)
        {
            await Problem(context, StatusCodes.Status403Forbidden, "Outside this key's rights",
                $"this needs a {requirement.Minimum.ToWire()} key; {actor.Name} is a {actor.Role.ToWire()} key");
            return;
        }
        context.Items[ActorKey] = actor;
        await next(context);
    }

    /// <summary>A key is ~50 characters; a longer header value is not looked up.</summary>
    public const int MaxTokenLength = 256;

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
