using ClinicMap.Data.Clinics;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Holds the current <see cref="ClinicIndex"/> and swaps it atomically when a newer version is published: readers
/// take <see cref="Current"/> once per request and never see a half-built index. Remembers whether the database
/// answered the last time it was asked, which /readyz reports as "degraded" while the index keeps serving.
/// </summary>
/// <param name="areas">Where approximate clinics' areas are held; without it no answer carries a distance range.</param>
public sealed partial class ServingIndex(IClinicStore store, ILogger<ServingIndex> logger, Microsoft.Extensions.Options.IOptions<ServingOptions>? options = null,
    DivisionAreas? areas = null)
{
    private readonly ServingOptions _options = options?.Value ?? new ServingOptions();

    private ClinicIndex? _current;
    private readonly Lock _waiters = new();
    private readonly List<(int Version, TaskCompletionSource Done)> _waiting = [];

    public ClinicIndex? Current => Volatile.Read(ref _current);

    /// <summary>Raised after each swap, on the refreshing thread: what it cost and how long after the publish it came.</summary>
    public event Action<IndexSwap>? Swapped;

    /// <summary>The last error of the read side (where the index loads from), or <c>null</c> when the last refresh reached it.</summary>
    public string? DatabaseError { get; private set; }

    /// <summary>
    /// The last error of the primary (writes, publish notifications), or <c>null</c> when it answered last; kept by
    /// <see cref="IndexRefresher"/>. With a standby the index keeps following it while this is set.
    /// </summary>
    public string? PrimaryError { get; set; }

    /// <summary>Whether the index loads from the primary itself (no standby): then a refresh also says whether the primary answers.</summary>
    public bool ReadsFromPrimary { get; set; } = true;

    /// <summary>How far the standby the index loads from trails the primary; <c>null</c> without one (or while unknown).</summary>
    public Data.Replication.StandbyLag? StandbyLag { get; set; }

    /// <summary>
    /// Loads the current published version if it is not the one served. Returns true when the index changed.
    /// A database that does not answer leaves the index as it is and is remembered in <see cref="DatabaseError"/>.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await store.CurrentVersionAsync(cancellationToken);
            DatabaseError = null;
            if (ReadsFromPrimary)
                PrimaryError = null;
            if (version is null || version.Version == Current?.Version.Version)
                return false;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var clinics = await store.ListAsync(version.Version, string.Empty, cancellationToken);
            if (areas is not null)
                await areas.LoadAsync(clinics, cancellationToken);
            var index = new ClinicIndex(version, clinics, new DocumentCache(_options.DocumentCacheMegabytes * 1024L * 1024, _options.DocumentCacheEntries), areas);
            Volatile.Write(ref _current, index);
            LogSwapped(logger, version.Version, index.Count);
            Release(version.Version);
            Swapped?.Invoke(new IndexSwap(version.Version, System.Diagnostics.Stopwatch.GetElapsedTime(started), DateTimeOffset.UtcNow - version.PublishedAt));
            // Off the refresh path: a publish is served at once, its first answers are ready soon after.
            _ = Task.Run(index.WarmUpAsync, CancellationToken.None);
            return true;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            DatabaseError = e.Message;
            if (ReadsFromPrimary)
                PrimaryError = e.Message;
            LogUnreachable(logger, e.Message);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A version that cannot be indexed (a row the reader cannot take): the index served stays, the error is logged
            // on every refresh until the version is fixed or superseded. The host never stops over a bad row.
            LogBadVersion(logger, e.GetType().Name, e.Message);
            return false;
        }
    }

    /// <summary>Completes once the served version is <paramref name="version"/> or newer (used to measure how fast a publish shows).</summary>
    public Task WaitForVersionAsync(int version, CancellationToken cancellationToken)
    {
        lock (_waiters)
        {
            if (Current?.Version.Version >= version)
                return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((version, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    private void Release(int version)
    {
        lock (_waiters)
        {
            foreach (var waiter in _waiting.Where(w => w.Version <= version).ToList())
            {
                waiter.Done.TrySetResult();
                _waiting.Remove(waiter);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving dataset version {Version} ({Count} clinics) from memory")]
    private static partial void LogSwapped(ILogger logger, int version, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The current version could not be indexed; serving the previous one: {Type}: {Error}")]
    private static partial void LogBadVersion(ILogger logger, string type, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database did not answer; serving the index as it is: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string error);
}
