namespace ClinicMap.Core.Imports;

/// <summary>The fate of one input row. Every row read ends as exactly one of these.</summary>
public enum RowOutcome
{
    /// <summary>A complete clinic that can be published as it is (it may still carry informational reasons).</summary>
    Accepted,

    /// <summary>Something a person must decide; the reasons say what.</summary>
    NeedsReview,

    /// <summary>Not a clinic (a blank or note row, no name); kept verbatim with the reasons.</summary>
    Rejected,
}
