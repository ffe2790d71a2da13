namespace ClinicMap.Core.Datasets;

/// <summary>One immutable, complete published version of the clinic set.</summary>
public sealed record DatasetVersion(int Version, DateTimeOffset PublishedAt, string PublishedBy, int ClinicCount, string? Note)
{
    /// <summary>The version this one was made from (<c>null</c> for the first).</summary>
    public int? BasedOn { get; init; }
}
