namespace ClinicMap.Data.Imports;

/// <summary>
/// A file uploaded through the API, waiting for or handled by a worker. <see cref="Options"/> is the JSON of the
/// import options the uploader gave (publisher, title, kind, admin code…); <see cref="Content"/> is only loaded for the worker.
/// </summary>
public sealed record ImportJob(
    long Id, string FileName, string Options, string SubmittedBy, string Jurisdiction, DateTimeOffset SubmittedAt,
    string State, long? BatchId, string? Error, DateTimeOffset? FinishedAt)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? Content { get; init; }

    /// <summary>How many times a worker has claimed the job (a job whose worker died is claimed again, up to a limit).</summary>
    public int Attempts { get; init; }
}
