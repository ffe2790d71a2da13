namespace ClinicMap.Core.Clinics;

/// <summary>The published document a clinic's data came from; <see cref="DocumentSha256"/> is lower-case hex of the file's bytes.</summary>
public sealed record SourceDocument(string Publisher, string Title, DateOnly? PublishedOn, string DocumentSha256);
