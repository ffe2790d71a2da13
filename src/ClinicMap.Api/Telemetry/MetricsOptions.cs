namespace ClinicMap.Api.Telemetry;

/// <summary>Configuration section <c>Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>How often the import figures (jobs, review backlog) are asked of the database.</summary>
    public int OperationsPollSeconds { get; set; } = 15;
}
