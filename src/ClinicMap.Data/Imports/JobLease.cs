namespace ClinicMap.Data.Imports;

/// <summary>
/// How a worker holds an import job: its name (unique per process), how long a claim lasts without a heartbeat, and
/// how many claims a job gets before it fails (a file that kills its worker every time must not be retried forever).
/// </summary>
public sealed record JobLease(string Worker, TimeSpan Duration, int MaxAttempts)
{
    /// <summary>This process, a minute's lease, three attempts.</summary>
    public static JobLease Default { get; } = new(ThisProcess(), TimeSpan.FromSeconds(60), 3);

    /// <summary>host:pid:random — unique among the workers that share a queue, even across restarts with a reused pid.</summary>
    public static string ThisProcess() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
