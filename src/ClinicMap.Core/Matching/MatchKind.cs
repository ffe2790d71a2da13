namespace ClinicMap.Core.Matching;

/// <summary>What a staged row is, measured against the published dataset and the rest of its batch.</summary>
public enum MatchKind
{
    /// <summary>A clinic already published: the row updates it and it keeps its stable id.</summary>
    Same,

    /// <summary>No published clinic resembles the row: publishing it creates a clinic with a new id.</summary>
    New,

    /// <summary>One or more published clinics resemble the row but none surely: a person decides (merge or split).</summary>
    Probable,

    /// <summary>Another row of the same batch already names this clinic.</summary>
    Duplicate,
}
