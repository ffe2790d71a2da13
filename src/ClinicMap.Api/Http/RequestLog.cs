using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ClinicMap.Api.Http;

/// <summary>
/// Request log lines — method, path, query, status, milliseconds — that never hold a location finer than about
/// 1 km: every decimal number in the query keeps two decimals (0.01° is ≤ 1.1 km), and a vector tile deeper than
/// z 10 (tiles under ~40 km) is logged by its zoom only. Every server error and every slow request is logged, and one
/// in <see cref="RequestLogOptions.SampleEvery"/> of the rest: at a national morning peak a line per request would
/// cost the residents a third of the API's throughput (measured by scripts/bench.sh). The category is
/// <c>ClinicMap.Api.RequestLog</c>; <c>Logging:LogLevel:ClinicMap.Api.RequestLog = Warning</c> turns it off.
/// </summary>
public sealed partial class RequestLog(RequestDelegate next, ILoggerFactory loggers, Microsoft.Extensions.Options.IOptions<RequestLogOptions> options)
{
    private readonly RequestLogOptions _options = options.Value;
    private long _seen;

    /// <summary>The deepest tile zoom logged with its x and y: a z 10 tile spans ~39 km at the equator.</summary>
    public const int MaxLoggedTileZoom = 10;

    private readonly ILogger _logger = loggers.CreateLogger("ClinicMap.Api.RequestLog");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var sampled = Interlocked.Increment(ref _seen) % Math.Max(1, _options.SampleEvery) == 0;
            if (sampled || context.Response.StatusCode >= 500 || milliseconds >= _options.SlowMilliseconds)
                Log(context, milliseconds);
        }
    }

    private void Log(HttpContext context, double milliseconds)
    {
        var target = Coarsen(context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "");
        LogRequest(_logger, context.Request.Method, target, context.Response.StatusCode, milliseconds);
    }

    /// <summary>The path and query as logged: decimals cut to two places (URL-decoded first, so %2E tricks do not pass), deep tiles without x/y.</summary>
    public static string Coarsen(string path, string query)
    {
        var tile = DeepTile().Match(path);
        if (tile.Success && int.Parse(tile.Groups["z"].Value, System.Globalization.CultureInfo.InvariantCulture) > MaxLoggedTileZoom)
            path = $"{tile.Groups["prefix"].Value}{tile.Groups["z"].Value}/…";
        if (query.Length == 0)
            return path;
        return path + LongDecimal().Replace(Uri.UnescapeDataString(query.Replace('+', ' ')), m => m.Groups["kept"].Value);
    }

    [GeneratedRegex(@"(?<kept>\d+\.\d{1,2})\d+")]
    private static partial Regex LongDecimal();

    [GeneratedRegex(@"^(?<prefix>/tiles/[^/]+/)(?<z>\d+)/\d+/\d+")]
    private static partial Regex DeepTile();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Target} {Status} {Milliseconds:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string target, int status, double milliseconds);
}

/// <summary>Section <c>RequestLog</c>: which requests leave a log line (always coarsened to ~1 km).</summary>
public sealed class RequestLogOptions
{
    public const string Section = "RequestLog";

    /// <summary>Log one in this many ordinary requests (1 = every request).</summary>
    public int SampleEvery { get; set; } = 100;

    /// <summary>Requests slower than this many milliseconds are always logged.</summary>
    public double SlowMilliseconds { get; set; } = 100;
}
