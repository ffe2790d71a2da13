using System.Diagnostics;
using ClinicMap.Data;
using ClinicMap.Data.Replication;
using Npgsql;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Keeps <see cref="ServingIndex"/> current: LISTENs on <c>dataset_published</c> on the primary (a publish NOTIFYs on
/// commit, its payload the version) and refreshes at once — from the read side, which may be a standby: the swap
/// waits until the standby has replayed the version heard of, so no process serves a version it cannot page or diff.
/// Also refreshes every <see cref="ServingOptions.PollSeconds"/> from the read side as a fallback for a missed
/// notification, a dropped connection or a primary that is down, and reconnects when the primary comes back.
/// </summary>
public sealed partial class IndexRefresher(
    ServingIndex index, NpgsqlDataSource primary, [FromKeyedServices(DatabaseSources.Read)] NpgsqlDataSource read,
    Microsoft.Extensions.Options.IOptions<ServingOptions> options, ILogger<IndexRefresher> logger) : BackgroundService
{
    /// <summary>How long a heard publish is waited for on the read side before the poll takes over.</summary>
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(10);

    /// <summary>How soon a lost primary is looked for again.</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
        index.ReadsFromPrimary = ReferenceEquals(primary, read);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await primary.OpenConnectionAsync(stoppingToken);
                var heard = 0;
                connection.Notification += (_, e) =>
                {
                    if (int.TryParse(e.Payload, out var version))
                        Volatile.Write(ref heard, Math.Max(Volatile.Read(ref heard), version));
                };
                await using (var listen = new NpgsqlCommand(Data.Datasets.DatasetNotifications.Listen, connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                index.PrimaryError = null;
                await RefreshAsync(0, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    // True when a notification arrived, false when the poll interval passed: refresh either way, and
                    // after a quiet interval ask the listening connection itself, so that a dead one is replaced.
                    if (!await connection.WaitAsync(poll, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand(Data.Datasets.DatasetNotifications.Ping, connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                    index.PrimaryError = null;
                    await RefreshAsync(Interlocked.Exchange(ref heard, 0), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever stops the listener, the host keeps serving (and following the read side) and listens again.
                index.PrimaryError = e.Message;
                LogLost(logger, e.Message);
                await RefreshAsync(0, stoppingToken);
                // A refused connection costs nothing: look for the primary again soon, so writes and readyz recover with it.
                await Task.Delay(poll < Reconnect ? poll : Reconnect, stoppingToken);
            }
        }
    }

    /// <summary>Refreshes; after hearing of <paramref name="heard"/>, asks again until the read side serves it (bounded by <see cref="CatchUp"/>).</summary>
    private async Task RefreshAsync(int heard, CancellationToken cancellationToken)
    {
        await index.RefreshAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        while (heard > 0 && (index.Current?.Version.Version ?? 0) < heard && index.DatabaseError is null && Stopwatch.GetElapsedTime(started) < CatchUp)
        {
            await Task.Delay(20, cancellationToken);
            await index.RefreshAsync(cancellationToken);
        }
        try
        {
            index.StandbyLag = ReferenceEquals(primary, read) ? null : await ReplicationProbe.MeasureAsync(primary, read, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            index.StandbyLag = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the primary's dataset_published listener, following the read side and reconnecting: {Error}")]
    private static partial void LogLost(ILogger logger, string error);
}
