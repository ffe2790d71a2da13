using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ClinicMap.Api.Http;

/// <summary>
/// One log line per request — method, path, query, status, milliseconds — that never holds a location finer than
/// about 1 km: every decimal number in the query keeps two decimals (0.01° is ≤ 1.1 km), and a vector tile deeper
/// than z 10 (tiles under ~40 km) is logged by its zoom only. The category is <c>ClinicMap.Api.RequestLog</c>, so
/// operators turn it off with <c>Logging:LogLevel:ClinicMap.Api.RequestLog = Warning</c>.
/// </summary>
public sealed partial class RequestLog(RequestDelegate next, ILoggerFactory loggers)
{
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
            var target = Coarsen(context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "");
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogRequest(_logger, context.Request.Method, target, context.Response.StatusCode, milliseconds);
        }
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
