namespace ClinicMap.Core.Imports;

/// <summary>How much a <see cref="RowReason"/> weighs: the worst reason of a row decides its outcome.</summary>
public enum ReasonSeverity
{
    /// <summary>Worth knowing, does not hold the row back (an approximate location, a county taken from the address).</summary>
    Info,

    /// <summary>A person must look: the row goes to review.</summary>
    Review,

    /// <summary>The row cannot become a clinic.</summary>
    Reject,
}
