using System.Text.Encodings.Web;
using ClinicMap.Api.Access;
using ClinicMap.Core.Clinics;
using ClinicMap.Geocoding.Gazetteer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Apis;

/// <summary>
/// Section <c>Embed</c>: which sites may frame a jurisdiction's map. <c>Embed:AllowedOrigins:4401</c> lists the
/// origins (scheme, host and port, such as <c>https://wjw.gz.gov.cn</c>) that may show <c>/embed?region=4401</c>;
/// a province's entry also covers its prefectures and counties. Every other page, and a region with no entry, may
/// not be framed at all.
/// </summary>
public sealed class EmbedOptions
{
    public const string Section = "Embed";

    public Dictionary<string, string[]> AllowedOrigins { get; set; } = [];

    /// <summary>The lengths of a province's, a prefecture's and a county's admin-code prefix.</summary>
    private static readonly int[] PrefixLengths = [2, 4, 6];

    /// <summary>The origins allowed to frame <paramref name="region"/>'s map: its own entry and its parents'.</summary>
    public IReadOnlyList<string> OriginsFor(string region) =>
        [.. PrefixLengths.Where(n => n <= region.Length).SelectMany(n => AllowedOrigins.GetValueOrDefault(region[..n]) ?? []).Distinct()];

    /// <summary>Whether <paramref name="origin"/> is an http(s) origin alone (no path, query, fragment or user), as CSP wants it.</summary>
    public static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.AbsolutePath == "/" && uri.Query.Length == 0
        && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0 && !origin.EndsWith('/') && !origin.Contains(';', StringComparison.Ordinal);
}

/// <summary>
/// <c>GET /embed?region=4401[&amp;kind=…][&amp;lang=en]</c>: the resident map reduced to one jurisdiction, for a health
/// commission's own site or WeChat account. It is the resident page itself (the same code, accessibility and privacy
/// rules: no cookie, no third host) with the region, its name and the kind set on its body; the map's script then
/// asks only for that region's clinics. Framing is allowed by CSP <c>frame-ancestors</c> for the origins configured
/// for the region (<see cref="EmbedOptions"/>) and denied everywhere else.
/// </summary>
public static class EmbedApi
{
    public static IEndpointRouteBuilder MapEmbedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("embed", EmbedAsync).RequirePublicRateLimit().ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<ContentHttpResult, ValidationProblem>> EmbedAsync(
        string? region, string? kind, string? lang, HttpContext context, IWebHostEnvironment environment, IOptions<EmbedOptions> options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var division = QueryFields.IsRegion(region) ? DivisionGazetteer.Embedded.Find(region!.PadRight(6, '0')) : null;
        if (division is null)
            errors["region"] = ["say which jurisdiction: region=44, 4401 or 440106 (a province, prefecture or county ClinicMap knows)"];
        if (kind is not null && !ClinicKindNames.TryParse(kind, out _))
            errors["kind"] = [$"use {string.Join(", ", ClinicKindNames.All.Select(k => k.ToWire()))}"];
        if (lang is not (null or "zh" or "en"))
            errors["lang"] = ["zh or en"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The embedded map's parameters are invalid");

        var origins = options.Value.OriginsFor(region!);
        var headers = context.Response.Headers;
        var policy = headers.ContentSecurityPolicy.ToString();
        if (origins.Count > 0)
        {
            headers.ContentSecurityPolicy = policy.Replace("frame-ancestors 'none'", "frame-ancestors " + string.Join(' ', origins), StringComparison.Ordinal);
            headers.Remove("X-Frame-Options");
        }
        var page = await File.ReadAllTextAsync(environment.WebRootFileProvider.GetFileInfo("index.html").PhysicalPath!, context.RequestAborted);
        var attributes = HtmlEncoder.Default;
        var body = $"<body data-embed=\"true\" data-region=\"{attributes.Encode(region!)}\" data-region-name=\"{attributes.Encode(division!.Name)}\"" +
                   $" data-kind=\"{attributes.Encode(kind ?? "")}\" data-lang=\"{attributes.Encode(lang ?? "")}\">";
        return TypedResults.Content(page.Replace("<body>", body, StringComparison.Ordinal), "text/html; charset=utf-8");
    }
}
