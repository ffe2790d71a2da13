using Npgsql;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Keeps <see cref="ServingIndex"/> current: LISTENs on <c>dataset_published</c> (a publish NOTIFYs on commit)
/// and refreshes at once; also refreshes every <see cref="ServingOptions.PollSeconds"/> as a fallback for a missed
/// notification or a dropped connection, and reconnects when the database comes back.
/// </summary>
public sealed partial class IndexRefresher(ServingIndex index, NpgsqlDataSource dataSource, Microsoft.Extensions.Options.IOptions<ServingOptions> options, ILogger<IndexRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => { };
                await using (var listen = new NpgsqlCommand(Data.Datasets.DatasetNotifications.Listen, connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                await index.RefreshAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    // True when a notification arrived, false when the poll interval passed: refresh either way, and
                    // after a quiet interval ask the listening connection itself, so that a dead one is replaced.
                    if (!await connection.WaitAsync(poll, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand(Data.Datasets.DatasetNotifications.Ping, connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                    await index.RefreshAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever stops the listener, the host keeps serving the index it has and listens again.
                LogLost(logger, e.Message);
                await index.RefreshAsync(stoppingToken);
                await Task.Delay(poll, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the dataset_published listener, reconnecting: {Error}")]
    private static partial void LogLost(ILogger logger, string error);
}
