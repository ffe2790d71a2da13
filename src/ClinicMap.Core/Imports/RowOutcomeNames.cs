namespace ClinicMap.Core.Imports;

/// <summary>The wire and storage names of <see cref="RowOutcome"/>: <c>accepted</c>, <c>needs_review</c>, <c>rejected</c>.</summary>
public static class RowOutcomeNames
{
    public static string ToWire(this RowOutcome outcome) => outcome switch
    {
        RowOutcome.Accepted => "accepted",
        RowOutcome.NeedsReview => "needs_review",
        RowOutcome.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
