namespace ClinicMap.Data;

/// <summary>The service keys of the API's two data sources: the primary is the unkeyed one, the read side is keyed.</summary>
public static class DatabaseSources
{
    /// <summary>Where the serving index loads from (<see cref="DatabaseOptions.ReadConnectionString"/>, else the primary).</summary>
    public const string Read = "read";
}
