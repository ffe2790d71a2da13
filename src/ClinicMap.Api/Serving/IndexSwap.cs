namespace ClinicMap.Api.Serving;

/// <summary>One swap of the served index.</summary>
/// <param name="Build">Loading the version's clinics and building the index.</param>
/// <param name="SincePublish">From the publish's commit to the swap: how long residents waited for it (clocks of two machines).</param>
public sealed record IndexSwap(int Version, TimeSpan Build, TimeSpan SincePublish);
