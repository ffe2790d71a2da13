using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ClinicMap.Api.Http;

/// <summary>
/// Request log lines — method, path, query, status, milliseconds — that never hold a location finer than about
/// 1 km: every number with a fraction or exponent in the query keeps two decimals (0.01° is ≤ 1.1 km), and a
/// vector tile deeper than z 10 (tiles under ~40 km) is logged by its zoom only. Every server error and every slow request is logged, and one
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

    /// <summary>The longest target logged; the rest is cut (a query can be kilobytes of hostile text).</summary>
    public const int MaxLoggedLength = 512;

    /// <summary>
    /// The path and query as logged: every number with a fraction or an exponent (<c>39.91234</c>, <c>3991234e-5</c>)
    /// parsed and written with two decimals, after URL-decoding (so <c>%2E</c> tricks do not pass); deep tiles without
    /// x/y, whatever the path's case; control characters escaped (a <c>%0A</c> cannot start a forged line); cut to
    /// <see cref="MaxLoggedLength"/>. One pass over the text: O(length), whatever digits it holds.
    /// </summary>
    public static string Coarsen(string path, string query)
    {
        var tile = DeepTile().Match(path);
        if (tile.Success && int.TryParse(tile.Groups["z"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var z) && z > MaxLoggedTileZoom)
            path = $"{tile.Groups["prefix"].Value}{tile.Groups["z"].Value}/…";
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(query.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            decoded = query;
        }
        var target = new System.Text.StringBuilder(Math.Min(path.Length + decoded.Length, MaxLoggedLength + 16));
        Append(target, path, coarsenNumbers: false);
        Append(target, decoded, coarsenNumbers: true);
        if (target.Length <= MaxLoggedLength)
            return target.ToString();
        target.Length = MaxLoggedLength;
        return target.Append('…').ToString();
    }

    /// <summary>Copies <paramref name="text"/> with its control characters escaped and, in a query, its numbers coarsened (a path's ids are left whole).</summary>
    private static void Append(System.Text.StringBuilder target, string text, bool coarsenNumbers)
    {
        var i = 0;
        while (i < text.Length && target.Length <= MaxLoggedLength)
        {
            var c = text[i];
            var startsNumber = char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]));
            if (coarsenNumbers && startsNumber && (i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1])))
            {
                var end = NumberEnd(text, i);
                var number = text.AsSpan(i, end - i);
                if (number.ContainsAny('.', 'e', 'E')
                    && double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                    && double.IsFinite(value))
                    target.Append(Math.Round(value, 2).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture));
                else
                    target.Append(number.Length > 32 ? "…" : number);
                i = end;
                continue;
            }
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
                target.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else
                target.Append(c);
            i++;
        }
    }

    /// <summary>The end of the number starting at <paramref name="start"/>: digits, one point, one exponent with its sign.</summary>
    private static int NumberEnd(string text, int start)
    {
        var i = start;
        var point = false;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '.' && !point)))
        {
            point |= text[i] == '.';
            i++;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-')
                j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                while (j < text.Length && char.IsAsciiDigit(text[j]))
                    j++;
                i = j;
            }
        }
        return i;
    }

    [GeneratedRegex(@"^(?<prefix>/tiles/[^/]+/)(?<z>\d{1,9})/", RegexOptions.IgnoreCase)]
    private static partial Regex DeepTile();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Target} {Status} {Milliseconds:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string target, int status, double milliseconds);
}
