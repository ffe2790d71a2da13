using ClinicMap.Core.Imports;

namespace ClinicMap.Data.Imports;

/// <summary>
/// What matching established for a whole batch: the part of the country it speaks for (an admin-code prefix,
/// <c>""</c> for national), the published version its rows were matched against (<c>null</c> before any publish),
/// and the published clinics it no longer names, proposed as closed.
/// </summary>
public sealed record BatchMatchInfo(string Scope, int? MatchedVersion, IReadOnlyList<ProposedClosure> ProposedClosures)
{
    /// <summary>How the document speaks for its scope (<see cref="ImportMode"/>); it decided <see cref="ProposedClosures"/>.</summary>
    public ImportMode Mode { get; init; } = ImportMode.Full;

    /// <summary>Why the batch has its mode when it is not the default (the operator's option, the source's setting, the notice's title).</summary>
    public string? ModeReason { get; init; }
}

/// <summary>A published clinic proposed as closed, with the name and code it was published under.</summary>
public sealed record ProposedClosure(Guid ClinicId, string AdminCode, string Name);
