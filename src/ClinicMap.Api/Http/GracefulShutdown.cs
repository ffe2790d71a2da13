using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Http;

/// <summary>How a stopping API process leaves its load balancer's rotation (section <c>Shutdown</c>).</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// How long, after SIGTERM, the process keeps answering while <c>/readyz</c> says <c>draining</c> (503), before
    /// it stops accepting connections: longer than the balancer takes to mark it down (HAProxy: check interval ×
    /// fall), so that no new request is sent to a closed port. 0 stops at once (a single process, tests).
    /// </summary>
    public double DrainSeconds { get; set; } = 5;
}

/// <summary>Whether this process has been asked to stop and is leaving the rotation.</summary>
public sealed class DrainState
{
    private volatile bool _draining;

    public bool Draining => _draining;

    internal void Begin() => _draining = true;
}

/// <summary>
/// On SIGTERM (before the server stops listening): marks the process draining — <c>/readyz</c> answers 503 and every
/// answer carries <c>Connection: close</c>, so the balancer takes it out of rotation and drops its kept-alive
/// connections — then waits <see cref="ShutdownOptions.DrainSeconds"/> while requests are still served. Only then
/// does the host stop Kestrel, which finishes the requests in flight (within the host's shutdown timeout) and exits.
/// </summary>
public sealed partial class DrainOnStop(DrainState state, IOptions<ShutdownOptions> options, ILogger<DrainOnStop> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.Begin();
        var seconds = Math.Max(0, options.Value.DrainSeconds);
        if (seconds == 0)
            return;
        LogDraining(logger, seconds);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: readyz says draining; requests are served for {Seconds} s more, then the server stops")]
    private static partial void LogDraining(ILogger logger, double seconds);
}

/// <summary>While draining, asks every client (the balancer first) to close its connection after the answer.</summary>
public sealed class DrainingConnections(RequestDelegate next, DrainState state)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (state.Draining)
            context.Response.Headers.Connection = "close";
        return next(context);
    }
}
