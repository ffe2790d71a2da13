using ClinicMap.Data.Status;
using Npgsql;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Keeps <see cref="StatusOverlay"/> current: LISTENs on <see cref="StatusStore.Channel"/> on the primary and reloads
/// every valid status when a report is announced, and polls the newest report's number every <see cref="ServingOptions.PollSeconds"/> as the
/// fallback for a missed notification. Statuses are read from the primary, not a standby: the table is small and a
/// report must show within a second. While the primary is down the overlay keeps what it holds (expiry is judged
/// at each read) and the primary is looked for again every two seconds.
/// </summary>
public sealed partial class StatusRefresher(StatusOverlay overlay, NpgsqlDataSource primary, Microsoft.Extensions.Options.IOptions<ServingOptions> options,
    ILogger<StatusRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var store = new StatusStore(primary);
        var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await primary.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand(StatusStore.Listen, connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                await ReloadAsync(store, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A notification reloads at once; a quiet interval asks whether a report was missed.
                    if (await connection.WaitAsync(poll, stoppingToken) || await store.LastSeqAsync(stoppingToken) != overlay.LastSeq)
                        await ReloadAsync(store, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException)
            {
                LogLost(logger, e.Message);
                await Task.Delay(Reconnect, stoppingToken);
            }
        }
    }

    private async Task ReloadAsync(StatusStore store, CancellationToken cancellationToken)
    {
        // The number first: a report committed between the two reads is loaded now and seen again by the next poll.
        var last = await store.LastSeqAsync(cancellationToken);
        overlay.Load(await store.CurrentAsync(cancellationToken), last);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the primary's clinic_status listener; statuses stay as they were until it is back: {Error}")]
    private static partial void LogLost(ILogger logger, string error);
}
