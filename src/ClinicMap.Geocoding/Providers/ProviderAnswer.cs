using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;

namespace ClinicMap.Geocoding.Providers;

/// <summary>How a provider answered one query.</summary>
public enum ProviderStatus
{
    /// <summary>One or more candidates.</summary>
    Found,

    /// <summary>The provider knows no such address.</summary>
    NoResult,

    /// <summary>The key's quota is spent; the provider is not asked again in this run.</summary>
    QuotaExceeded,

    /// <summary>Timeouts, server errors after every retry, a malformed body, a refused key: nothing usable.</summary>
    Failed,
}

/// <summary>One place a provider offers for a query, already converted to WGS-84.</summary>
/// <param name="CrsIn">The provider's own system (GCJ-02 for Tencent and AMap, BD-09 for Baidu, WGS-84 for Nominatim).</param>
/// <param name="Precision">The provider's level mapped to ClinicMap's scale.</param>
/// <param name="ProviderPrecision">The provider's own words for its precision (<c>level 9, reliability 7</c>, <c>门牌号</c> …), kept as provenance.</param>
/// <param name="Confident">False when the provider itself says the match is weak (Tencent reliability &lt; 7, Baidu confidence &lt; 70).</param>
/// <param name="AdminCode">The county code the provider puts the place in, when it says.</param>
public sealed record ProviderCandidate(
    GeoPoint Location,
    CoordinateSystem CrsIn,
    LocationPrecision Precision,
    string ProviderPrecision,
    bool Confident,
    string? Label,
    string? AdminCode);

/// <summary>A provider's answer: status, candidates (best first) and a one-line account for operators.</summary>
/// <param name="FromCache">True when the answer came from the persistent cache, with no HTTP call.</param>
public sealed record ProviderAnswer(ProviderStatus Status, IReadOnlyList<ProviderCandidate> Candidates, string Detail, bool FromCache = false)
{
    public static ProviderAnswer Failed(string detail) => new(ProviderStatus.Failed, [], detail);

    public static ProviderAnswer None(string detail) => new(ProviderStatus.NoResult, [], detail);
}
