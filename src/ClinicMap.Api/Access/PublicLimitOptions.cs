namespace ClinicMap.Api.Access;

/// <summary>
/// Section <c>PublicLimit</c>: the per-address limit of the public read endpoints. Generous on purpose: behind a
/// carrier's NAT one address is many residents; the limit exists to stop one scraper, not to ration a city.
/// </summary>
public sealed class PublicLimitOptions
{
    public const string Section = "PublicLimit";

    /// <summary>Requests one client address may make per second, sustained.</summary>
    public int PerSecond { get; set; } = 200;

    /// <summary>Requests one client address may make at once before the sustained rate applies.</summary>
    public int Burst { get; set; } = 400;
}
