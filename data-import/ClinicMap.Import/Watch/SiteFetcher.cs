using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ClinicMap.Data.Sources;
using ClinicMap.Import.Sources;

namespace ClinicMap.Import.Watch;

/// <summary>A fetch that did not give a usable body; <see cref="Exception.Message"/> names the URL and what went wrong.</summary>
public sealed class FetchFailedException(string message) : Exception(message);

/// <summary>A body fetched, or word that it has not changed since the validators given (304).</summary>
public sealed record Fetched(Uri Url, bool NotModified, byte[] Body, string? ContentType, string? FileName, FetchValidators Validators);

/// <summary>
/// Fetches a commission's pages and attachments as a polite client: requests to one host (from every source of the
/// process; the watcher fetches one thing at a time) <see cref="WatchSettings.PolitenessSeconds"/> apart, conditional requests from the last validators, a timeout per
/// request, retries with doubling backoff on timeouts, refused connections, 5xx and 429 (never on other 4xx),
/// redirects followed by hand (at most <see cref="MaxRedirects"/>, loops named), only to the source's own hosts
/// (<see cref="WatchSettings.MayFetch"/>), and a size cap checked against Content-Length and again while reading. Every failure is a <see cref="FetchFailedException"/> naming the URL.
/// </summary>
public sealed class SiteFetcher(HttpClient http, WatchSettings settings)
{
    public const int MaxRedirects = 5;

    /// <summary>When each host was last asked, by any source of this process: two sources on one site share its politeness.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> LastRequest = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An HttpClient for watching: no automatic redirects (they are counted here), decompression, no cookies.</summary>
    public static HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("ClinicMap-watch/1.0 (+https://github.com/clinicmap)");
        return client;
    }

    public async Task<Fetched> GetAsync(Uri url, FetchValidators? validators, CancellationToken cancellationToken)
    {
        var visited = new List<Uri>();
        var current = url;
        while (true)
        {
            if (!settings.MayFetch(current))
                throw new FetchFailedException($"{current}: {current.Host} is not the index's host nor one of watch.allowedHosts; not fetched");
            visited.Add(current);
            var (response, body) = await WithRetriesAsync(current, validators, cancellationToken);
            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && status != 304)
                {
                    var location = response.Headers.Location ?? throw new FetchFailedException($"{current}: answered {status} without a Location");
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (next.Scheme is not ("http" or "https"))
                        throw new FetchFailedException($"{current}: redirects to '{next.Scheme}:', not http(s)");
                    if (visited.Contains(next))
                        throw new FetchFailedException($"{url}: redirect loop ({string.Join(" → ", visited.Append(next))})");
                    if (visited.Count > MaxRedirects)
                        throw new FetchFailedException($"{url}: more than {MaxRedirects} redirects");
                    current = next;
                    continue;
                }
                if (status == 304)
                    return new Fetched(current, true, [], null, null, validators ?? new FetchValidators(null, null, null));
                if (status is < 200 or >= 300)
                    throw new FetchFailedException($"{current}: answered {status} {response.ReasonPhrase}");
                var etag = response.Headers.ETag?.ToString();
                var modified = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);
                var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body!));
                return new Fetched(current, false, body!, response.Content.Headers.ContentType?.MediaType, FileNameOf(response.Content.Headers.ContentDisposition),
                    new FetchValidators(etag, modified, sha));
            }
        }
    }

    /// <summary>One request, tried again after timeouts, network errors, 5xx and 429; the response (body read when 2xx).</summary>
    private async Task<(HttpResponseMessage Response, byte[]? Body)> WithRetriesAsync(Uri url, FetchValidators? validators, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            await PoliteAsync(url, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            HttpResponseMessage? response = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (validators?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
                    request.Headers.IfNoneMatch.Add(tag);
                if (validators?.LastModified is { } modified && DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
                    request.Headers.IfModifiedSince = since;
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                    return (response, await ReadCappedAsync(url, response, timeout.Token));
                if (status < 500 && status != 429)
                    return (response, null);
                failure = $"{url}: answered {status} {response.ReasonPhrase}";
                response.Dispose();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                response?.Dispose();
                failure = $"{url}: no answer within {settings.TimeoutSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                response?.Dispose();
                failure = $"{url}: {e.Message}";
            }
            catch (FetchFailedException)
            {
                response?.Dispose();
                throw;
            }
            if (attempt >= settings.Retries)
                throw new FetchFailedException(attempt == 0 ? failure : $"{failure} (after {attempt + 1} tries)");
            await Task.Delay(TimeSpan.FromSeconds(settings.RetryBackoffSeconds * Math.Pow(2, attempt)), cancellationToken);
        }
    }

    private async Task<byte[]> ReadCappedAsync(Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > settings.MaxBytes)
            throw new FetchFailedException($"{url}: {declared:N0} bytes is over the {settings.MaxBytes:N0}-byte limit for one download");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > settings.MaxBytes)
                throw new FetchFailedException($"{url}: over the {settings.MaxBytes:N0}-byte limit for one download (stopped reading)");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Waits until the host's last request is <see cref="WatchSettings.PolitenessSeconds"/> old.</summary>
    private async Task PoliteAsync(Uri url, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (LastRequest.TryGetValue(url.Authority, out var last))
        {
            var wait = last + TimeSpan.FromSeconds(settings.PolitenessSeconds) - now;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
        }
        LastRequest[url.Authority] = DateTimeOffset.UtcNow;
    }

    private static string? FileNameOf(ContentDispositionHeaderValue? disposition) =>
        (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"') is { Length: > 0 } name ? name : null;
}
