namespace ClinicMap.Api.Access;

/// <summary>Section <c>WriteLimit</c>: the per-key limit of the write endpoints.</summary>
public sealed class WriteLimitOptions
{
    public const string Section = "WriteLimit";

    /// <summary>Requests a key may make per second, sustained.</summary>
    public int PerSecond { get; set; } = 10;

    /// <summary>Requests a key may make at once before the sustained rate applies.</summary>
    public int Burst { get; set; } = 30;
}
