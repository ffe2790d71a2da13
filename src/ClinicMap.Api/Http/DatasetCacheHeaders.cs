using ClinicMap.Api.Serving;
using Microsoft.Net.Http.Headers;

namespace ClinicMap.Api.Http;

/// <summary>
/// Conditional GETs for the answers computed from the in-memory index: their <c>ETag</c> is the served dataset
/// version — and, for the answers that carry live statuses (nearest, the list, one clinic, OData's clinics), the statuses' state too
/// (<see cref="StatusOverlay.Tag"/>) — so a client (or a cache in front of the API) that holds an answer of the current version gets
/// <c>304 Not Modified</c> without the bytes. The ETag is weak (<c>W/</c>) because compression may change the
/// bytes of the same answer.
/// </summary>
/// <remarks>
/// The request still runs its endpoint — its validation and its rate limit — and only a successful answer becomes
/// a 304 (its body is dropped unsent): an invalid query is a 400 whatever <c>If-None-Match</c> says, and
/// <c>If-None-Match: *</c> is no way around the limit. Answers keyed by a resident's position (nearest, and OData's
/// <c>geo.distance</c>) are <c>Cache-Control: private</c>: a shared cache must never hold a position. Errors are
/// <c>no-store</c>.
/// </remarks>
public sealed class DatasetCacheHeaders(RequestDelegate next, ServingIndex serving, StatusOverlay statuses)
{
    /// <summary>Paths answered from the index (or cached per version), whose content changes only with a publish (and, under /api/v1/clinics/, a status).</summary>
    private static readonly string[] Prefixes = ["/api/v1/clinics", "/tiles/", "/odata", "/api/v1/datasets", "/api/v1/changes", "/api/v1/divisions/"];

    /// <summary>How long a cache may keep an answer without asking again: a publish shows within this.</summary>
    public const int MaxAgeSeconds = 30;

    /// <summary>A plain loop: this runs on every request, and a predicate lambda would allocate its closure each time.</summary>
    private static bool FromTheIndex(string? path)
    {
        if (path is null)
            return false;
        foreach (var prefix in Prefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    /// <summary>True for answers that depend on a position a resident sent.</summary>
    public static bool KeyedByPosition(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/v1/clinics/nearest", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase)
            && request.QueryString.Value?.Contains("geo.", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>True when <c>If-None-Match</c> names this exact tag (a bare <c>*</c> is not a validator of a version).</summary>
    private static bool Matches(HttpRequest request, string tag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
                continue;
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (part == tag)
                    return true;
            }
        }
        return false;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || serving.Current is not { } index
            || !FromTheIndex(request.Path.Value))
        {
            await next(context);
            return;
        }
        // Nearest, the list, one clinic and OData's clinics carry live statuses: their tag also names the statuses'
        // state, and they are fresh no longer than until the next report goes stale or expires.
        var carriesStatus = request.Path.StartsWithSegments("/api/v1/clinics", StringComparison.OrdinalIgnoreCase)
                            || request.Path.StartsWithSegments("/odata/Clinics", StringComparison.OrdinalIgnoreCase)
                            || request.Path.StartsWithSegments("/api/v1/clinics.geojson", StringComparison.OrdinalIgnoreCase);
        var tag = carriesStatus ? $"W/\"v{index.Version.Version}.{statuses.Tag()}\"" : $"W/\"v{index.Version.Version}\"";
        var maxAge = carriesStatus && statuses.SecondsUntilChange() is { } change ? Math.Min(MaxAgeSeconds, change) : MaxAgeSeconds;
        var cacheControl = KeyedByPosition(request) ? $"private, max-age={maxAge}" : $"public, max-age={maxAge}";
        var response = context.Response;
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            if (response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
            {
                headers.ETag = tag;
                // An endpoint that knows its answer lives longer (the province outlines) has said so already.
                if (string.IsNullOrEmpty(headers.CacheControl))
                    headers.CacheControl = cacheControl;
                headers.Append(HeaderNames.Vary, "Accept-Encoding");
            }
            else
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        if (!Matches(request, tag))
        {
            await next(context);
            return;
        }
        // The endpoint answers into memory; only once its status is known is the answer sent or replaced by a 304.
        var body = response.Body;
        using var held = new MemoryStream();
        response.Body = held;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = body;
        }
        // A publish may have swapped the index while the answer was made: then it is of another version, and sent.
        if (response.StatusCode == StatusCodes.Status200OK && serving.Current?.Version.Version == index.Version.Version)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.ContentLength = null;
            response.Headers.ContentType = default;
            return;
        }
        await body.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), context.RequestAborted);
    }
}
