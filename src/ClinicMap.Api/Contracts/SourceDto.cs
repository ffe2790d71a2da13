namespace ClinicMap.Api.Contracts;

/// <summary>The published document a clinic came from.</summary>
public sealed record SourceDto(string Publisher, string Title, DateOnly? PublishedOn, string DocumentSha256);
