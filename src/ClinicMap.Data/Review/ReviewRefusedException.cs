namespace ClinicMap.Data.Review;

/// <summary>A review action that cannot apply to the row as it stands (already published, a probable match not yet decided, an incomplete row); nothing changed.</summary>
public sealed class ReviewRefusedException(string message) : InvalidOperationException(message);
