using ClinicMap.Core.Clinics;

namespace ClinicMap.Import;

/// <summary>What the operator says about a file being imported.</summary>
/// <param name="Publisher">The commission that published the list (卫健委 …).</param>
/// <param name="Title">The document's title; defaults to the table's own title, then the file name.</param>
/// <param name="DefaultKind">The kind of every row that does not say otherwise.</param>
public sealed record ImportOptions(string Publisher, string? Title, DateOnly? PublishedOn, ClinicKind DefaultKind, string Actor)
{
    /// <summary>Files above this size are refused before reading (a national list is ~2 MB).</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;
}
