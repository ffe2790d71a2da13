using ClinicMap.Api.Serving;
using Microsoft.Net.Http.Headers;

namespace ClinicMap.Api.Http;

/// <summary>
/// Conditional GETs for the answers computed from the in-memory index: their <c>ETag</c> is the served dataset
/// version, so a client (or a cache in front of the API) that holds an answer of the current version gets
/// <c>304 Not Modified</c> without any work, and <c>Cache-Control</c> lets shared caches keep it briefly. The ETag
/// is weak (<c>W/</c>) because compression may change the bytes of the same answer.
/// </summary>
/// <remarks>Only successful answers keep the headers: an error names no version.</remarks>
public sealed class DatasetCacheHeaders(RequestDelegate next, ServingIndex serving)
{
    /// <summary>Paths answered from the index, whose content changes only with a publish.</summary>
    private static readonly string[] Prefixes = ["/api/v1/clinics", "/tiles/", "/odata"];

    /// <summary>How long a shared cache may keep an answer without asking again: a publish shows within this.</summary>
    public const int MaxAgeSeconds = 30;

    /// <summary>A plain loop: this runs on every request, and a predicate lambda would allocate its closure each time.</summary>
    private static bool FromTheIndex(string? path)
    {
        if (path is null)
            return false;
        foreach (var prefix in Prefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || serving.Current is not { } index
            || !FromTheIndex(request.Path.Value))
            return next(context);
        var tag = $"W/\"v{index.Version.Version}\"";
        var headers = context.Response.Headers;
        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == tag || t.Trim() == "*")))
        {
            headers.ETag = tag;
            headers.CacheControl = $"public, max-age={MaxAgeSeconds}";
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                headers.ETag = tag;
                headers.CacheControl = $"public, max-age={MaxAgeSeconds}";
                headers.Append(HeaderNames.Vary, "Accept-Encoding");
            }
            else
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
