namespace ClinicMap.Api.Http;

/// <summary>Section <c>RequestLog</c>: which requests leave a log line (always coarsened to ~1 km).</summary>
public sealed class RequestLogOptions
{
    public const string Section = "RequestLog";

    /// <summary>Log one in this many ordinary requests (1 = every request).</summary>
    public int SampleEvery { get; set; } = 100;

    /// <summary>Requests slower than this many milliseconds are always logged.</summary>
    public double SlowMilliseconds { get; set; } = 100;
}
