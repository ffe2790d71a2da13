namespace ClinicMap.Data;

/// <summary>Where the system of record lives. Bound from the <c>Database</c> section; <c>CLINICMAP_DB</c> overrides it.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The private cluster that scripts/ start for development, tests and the demo.</summary>
    public const string LocalDefault = "Host=127.0.0.1;Port=55432;Username=postgres;Database=clinicmap";

    /// <summary>An Npgsql connection string: the primary, where every write goes and publishes are heard.</summary>
    public string ConnectionString { get; set; } = LocalDefault;

    /// <summary>
    /// Where the API loads its serving index from: a streaming standby of the primary, so that reads scale and survive
    /// the primary; empty for the primary itself.
    /// </summary>
    public string ReadConnectionString { get; set; } = "";

    /// <summary>The connection string in force: <c>CLINICMAP_DB</c> when set, otherwise <paramref name="configured"/>, otherwise the local default.</summary>
    public static string Resolve(string? configured = null) =>
        Environment.GetEnvironmentVariable("CLINICMAP_DB") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : string.IsNullOrWhiteSpace(configured) ? LocalDefault : configured;
}
