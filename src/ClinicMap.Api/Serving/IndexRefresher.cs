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
                await using (var listen = new NpgsqlCommand("LISTEN dataset_published", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                await index.RefreshAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    // True when a notification arrived, false when the poll interval passed: refresh either way, and
                    // after a quiet interval ask the listening connection itself, so that a dead one is replaced.
                    if (!await connection.WaitAsync(poll, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
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

/// <summary>Section <c>Serving</c>: how the in-memory index keeps up with publishing.</summary>
public sealed class ServingOptions
{
    public const string Section = "Serving";

    /// <summary>Seconds between fallback checks for a newer version when no notification arrives.</summary>
    public int PollSeconds { get; set; } = 30;

    public const int DefaultDocumentCacheMegabytes = 256;
    public const int DefaultDocumentCacheEntries = 50_000;

    /// <summary>
    /// Megabytes of derived answers (GeoJSON variants, vector tiles) one API process keeps for the current version,
    /// keys and per-entry overhead included; the least recently used are dropped past it.
    /// </summary>
    public int DocumentCacheMegabytes { get; set; } = DefaultDocumentCacheMegabytes;

    /// <summary>How many derived answers are kept at most, however small (an empty tile is ~30 bytes).</summary>
    public int DocumentCacheEntries { get; set; } = DefaultDocumentCacheEntries;
}
