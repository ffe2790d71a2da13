using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Subscriptions;
using Npgsql;

namespace ClinicMap.Import.Webhooks;

/// <summary>How deliveries are sent and retried (worker options <c>--webhook-…</c>).</summary>
/// <param name="BackoffSeconds">The wait after the first failure; each further one doubles it, up to <paramref name="MaxBackoffSeconds"/>, ±20% at random.</param>
/// <param name="MaxAge">How long a delivery is retried before it is dead-lettered (at least a day in production).</param>
public sealed record WebhookOptions(double BackoffSeconds = 10, double MaxBackoffSeconds = 3600, double TimeoutSeconds = 10, TimeSpan? MaxAge = null)
{
    public TimeSpan RetryFor => MaxAge ?? TimeSpan.FromHours(24);
}

/// <summary>
/// The worker's side of subscriptions: fans new versions and status reports out into deliveries
/// (<see cref="SubscriptionStore.FanOutAsync"/>), then POSTs each due one to its subscriber, signed
/// (<see cref="WebhookSignature"/>), with its idempotency key — at least once: a receiver may see a delivery twice and
/// must use the key. A 2xx is delivered; anything else (another status, a timeout, a refused connection, a redirect,
/// which is not followed) is retried with exponential backoff and jitter until <see cref="WebhookOptions.RetryFor"/>
/// has passed since the delivery was made, then dead-lettered. Never runs in the API process.
/// </summary>
public sealed class WebhookPump(NpgsqlDataSource dataSource, HttpClient http, WebhookOptions options, TextWriter log)
{
    private const int Batch = 50;
    private readonly SubscriptionStore _store = new(dataSource);
    private readonly DatasetStore _datasets = new(dataSource);

    /// <summary>A client for deliveries: redirects are not followed (a subscriber's URL is where it receives, nowhere else).</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

    /// <summary>Fans out and sends what is due until <paramref name="cancellationToken"/> fires, every <paramref name="poll"/>.</summary>
    public async Task RunAsync(TimeSpan poll, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PumpOnceAsync(cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                await log.WriteLineAsync($"webhooks: the database did not answer ({e.Message}); trying again");
            }
            await Task.Delay(poll, cancellationToken);
        }
    }

    /// <summary>One round: fan out, then send every delivery due now. Returns how many were sent successfully.</summary>
    public async Task<int> PumpOnceAsync(CancellationToken cancellationToken = default)
    {
        var made = await _store.FanOutAsync(_datasets, cancellationToken);
        if (made > 0)
            await log.WriteLineAsync($"webhooks: {made} new deliveries");
        var delivered = 0;
        IReadOnlyList<DueDelivery> due;
        do
        {
            due = await _store.ClaimDueAsync(Batch, options.TimeoutSeconds * 2 + 5, cancellationToken);
            var sent = await Task.WhenAll(due.Select(d => SendAsync(d, cancellationToken)));
            delivered += sent.Count(ok => ok);
        }
        while (due.Count == Batch);
        return delivered;
    }

    private async Task<bool> SendAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.IdempotencyKey.ToString("D"));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Secret, timestamp, delivery.Body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ClinicMap-Webhooks", "1"));
        int? status = null;
        string error;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                await _store.DeliveredAsync(delivery.Id, status.Value, cancellationToken);
                return true;
            }
            error = $"answered {status}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {options.TimeoutSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }
        var attempt = delivery.Attempts + 1;
        var dead = DateTimeOffset.UtcNow - delivery.CreatedAt >= options.RetryFor;
        var wait = Math.Min(options.MaxBackoffSeconds, options.BackoffSeconds * Math.Pow(2, attempt - 1)) * (0.8 + 0.4 * Random.Shared.NextDouble());
        await _store.FailedAsync(delivery.Id, status, error, dead, wait, cancellationToken);
        await log.WriteLineAsync($"webhooks: delivery {delivery.Id} ({delivery.Event}) attempt {attempt}: {error}; {(dead ? "dead-lettered" : $"again in {wait:0.#} s")}");
        return false;
    }
}
