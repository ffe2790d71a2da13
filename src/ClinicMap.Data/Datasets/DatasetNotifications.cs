namespace ClinicMap.Data.Datasets;

/// <summary>
/// The channel a publish NOTIFYs on commit (its payload the new version) and the statements a listener needs. Named
/// here once: the store that notifies and every API process that listens read the same constant.
/// </summary>
public static class DatasetNotifications
{
    public const string Channel = "dataset_published";

    /// <summary>$1 the version published; delivered on commit only, so a rolled-back publish is never heard.</summary>
    internal const string Notify = $"SELECT pg_notify('{Channel}', $1::text)";

    public const string Listen = $"LISTEN {Channel}";

    /// <summary>Asked on the listening connection after a quiet interval: a dead connection fails it and is replaced.</summary>
    public const string Ping = "SELECT 1";
}
