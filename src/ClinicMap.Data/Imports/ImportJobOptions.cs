namespace ClinicMap.Data.Imports;

/// <summary>
/// What an uploader says about a file, stored with the job as JSON and read by the worker: who published it, its
/// title and date, the default kind (<c>fever-clinic</c>…), and the division the list is for (an admin code), if known.
/// </summary>
public sealed record ImportJobOptions(string Publisher, string? Title, DateOnly? PublishedOn, string Kind, string? AdminCode);
