using ClinicMap.Api.Apis;
using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Http;

/// <summary>
/// Headers every answer carries: a strict Content-Security-Policy (scripts, styles, data and frames from this origin
/// only; no inline script, no plug-ins, no base-URI or form hijack), <c>X-Content-Type-Options: nosniff</c> and
/// <c>Referrer-Policy: no-referrer</c>. They go on JSON answers too: a browser that is tricked into rendering one as
/// a page then runs nothing. No page may be framed (<c>frame-ancestors 'none'</c>); the operator pages, which hold
/// a key, are the reason, and the resident map has no embedding origin configured.
/// </summary>
/// <remarks>Images may come from the configured basemap's host (<see cref="MapOptions.TileUrl"/>) and as <c>data:</c>/<c>blob:</c> (icons, page crops).</remarks>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<MapOptions> map)
{
    private readonly string _policy = Policy(map.Value.TileUrl);

    /// <summary>The policy for a basemap template such as <c>https://{s}.tile.example.org/{z}/{x}/{y}.png</c>, empty for none.</summary>
    public static string Policy(string tileUrl)
    {
        var images = "'self' data: blob:";
        if (TileSource(tileUrl) is { } source)
            images += " " + source;
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + images + "; connect-src 'self'; font-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>The scheme and host of the tile template as a CSP source (<c>{s}</c> becomes a wildcard label); null when there is none or it is not http(s).</summary>
    public static string? TileSource(string tileUrl)
    {
        if (string.IsNullOrWhiteSpace(tileUrl))
            return null;
        var probe = tileUrl.Replace("{s}", "a", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return null;
        var hostStart = tileUrl.IndexOf("://", StringComparison.Ordinal) + 3;
        var host = tileUrl.Contains("{s}", StringComparison.Ordinal) && tileUrl.IndexOf("{s}", StringComparison.Ordinal) == hostStart
            ? "*." + uri.Host[2..]
            : uri.Host;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        return next(context);
    }
}
