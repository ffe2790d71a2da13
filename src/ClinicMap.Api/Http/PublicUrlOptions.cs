namespace ClinicMap.Api.Http;

/// <summary>
/// Section <c>PublicUrl</c>: the address residents and clients reach the API at. Links the API writes into
/// cacheable answers (OData's <c>@odata.context</c> and <c>@odata.nextLink</c>) are built from it, never from the
/// request's <c>Host</c> header, which a client chooses and a shared cache would then serve to everyone.
/// </summary>
public sealed class PublicUrlOptions
{
    public const string Section = "PublicUrl";

    /// <summary>Scheme, host, port and path base, without a trailing slash (https://clinics.example.gov.cn).</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The base URL as a URI ending in a slash; a malformed setting fails at start-up, not per request.</summary>
    public Uri Root => Uri.TryCreate(BaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        ? uri
        : throw new InvalidOperationException($"PublicUrl:BaseUrl '{BaseUrl}' is not an absolute http(s) URL");
}
