using ClinicMap.Data.Operations;
using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Telemetry;

/// <summary>
/// Asks the database every <see cref="MetricsOptions.OperationsPollSeconds"/> what the import side is doing (jobs by
/// state, the review backlog, jobs that ended) and hands it to <see cref="ApiMetrics"/>: the workers run in their
/// own processes, and a scrape must not wait for a query. Every API process reports the same import figures; an
/// alert takes their maximum, not their sum. A database that does not answer leaves the last figures in place.
/// </summary>
public sealed partial class OperationsPoller(OperationsStore store, ApiMetrics metrics, IOptions<MetricsOptions> options, ILogger<OperationsPoller> logger)
    : BackgroundService
{
    /// <summary>At most this many ended jobs are recorded per poll; the rest are picked up by the next.</summary>
    private const int FinishedPerPoll = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Jobs that ended before this process started were reported by whoever ran then.
        var after = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.OperationsPollSeconds)));
        do
        {
            try
            {
                var jobs = await store.JobsByStateAsync(stoppingToken);
                var backlog = await store.ReviewBacklogAsync(stoppingToken);
                var finished = await store.FinishedSinceAsync(after, FinishedPerPoll, stoppingToken);
                if (finished.Count > 0)
                    after = finished[^1].FinishedAt;
                metrics.Observe(new OperationsSnapshot(jobs, backlog), finished);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                LogUnreachable(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Import figures not refreshed, the database did not answer: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string error);
}
