namespace ClinicMap.Api.Contracts;

/// <summary>The dataset version an answer was computed from.</summary>
public sealed record DatasetRef(int Version, DateTimeOffset PublishedAt);
