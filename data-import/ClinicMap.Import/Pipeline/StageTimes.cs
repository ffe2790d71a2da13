using System.Diagnostics;

namespace ClinicMap.Import.Pipeline;

/// <summary>
/// Wall-clock milliseconds per step of one import (read, map columns, each row stage, match, stage), in order: what
/// <c>--json</c> reports and scripts/bench.sh prints, so a slow step shows by name. Not thread-safe: one import.
/// </summary>
public sealed class StageTimes
{
    private readonly List<KeyValuePair<string, double>> _times = [];
    private long _since = Stopwatch.GetTimestamp();

    public IReadOnlyList<KeyValuePair<string, double>> Times => _times;

    /// <summary>Records the time since the previous lap (or the start) under <paramref name="step"/>.</summary>
    public void Lap(string step)
    {
        var now = Stopwatch.GetTimestamp();
        _times.Add(new(step, Stopwatch.GetElapsedTime(_since, now).TotalMilliseconds));
        _since = now;
    }
}
