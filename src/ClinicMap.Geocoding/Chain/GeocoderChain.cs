using System.Collections.Concurrent;
using System.Globalization;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Geocoding.Addresses;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Geocoding.Providers;

namespace ClinicMap.Geocoding.Chain;

/// <summary>A location an operator confirmed before, as the known-place memory returns it (WGS-84).</summary>
public sealed record KnownPlaceHit(GeoPoint Location, CoordinateSystem CrsIn, LocationPrecision Precision, string ConfirmedBy, DateTimeOffset ConfirmedAt);

/// <summary>The known-place memory: confirmed locations by (admin code, normalised name).</summary>
public interface IKnownPlaces
{
    Task<IReadOnlyDictionary<(string AdminCode, string NameKey), KnownPlaceHit>> FindManyAsync(
        IReadOnlyCollection<(string AdminCode, string NameKey)> keys, CancellationToken cancellationToken);
}

/// <summary>One row to place.</summary>
/// <param name="Given">Coordinates the list gives, in the system the list declares; <c>null</c> when it gives none.</param>
public sealed record GeocodeRequest(string? Name, string? Address, DivisionResolution Division, ParsedAddress? Parsed, GeoPoint? Given);

/// <summary>One step of the chain and what it came to, for the operator reading a row's history.</summary>
public sealed record GeocodeStep(string Method, string Outcome);

/// <summary>Where the chain put a row, how it got there, and what it saw but did not trust.</summary>
public sealed record GeocodeResult(Placement? Placement, IReadOnlyList<GeocodeStep> Steps, IReadOnlyList<ProviderCandidate> Candidates, IReadOnlyList<RowReason> Reasons);

/// <summary>
/// The geocoder chain, run over a whole batch: (a) coordinates the list gives, converted from its declared system;
/// (b) the known-place memory; (c) each configured online provider in order; (d) the gazetteer (township, then
/// county centre, then city centre). The first step that yields a trusted location wins.
/// </summary>
/// <remarks>
/// A provider's answer is trusted only when it is at least street level, inside China, confident by the provider's
/// own measure, unambiguous (every street-or-better candidate within <see cref="AgreementMeters"/> of the first) and
/// in the county the row names (when the provider says which). Anything else is kept as a candidate, and the row
/// goes to review with it, placed meanwhile — and marked approximate — by the gazetteer. Identical queries in a
/// batch are asked once; providers are asked <c>parallelism</c> queries at a time, within their own rate limits.
/// </remarks>
public sealed class GeocoderChain(IReadOnlyList<GeocodingProvider> providers, IKnownPlaces? knownPlaces, int parallelism = 4)
{
    /// <summary>Candidates this close to each other are one place.</summary>
    public const double AgreementMeters = 100;

    public IReadOnlyList<GeocodingProvider> Providers => providers;

    public async Task<IReadOnlyList<GeocodeResult>> GeocodeManyAsync(IReadOnlyList<GeocodeRequest> requests, CancellationToken cancellationToken = default)
    {
        var known = await FindKnownAsync(requests, cancellationToken);
        var answers = await AskProvidersAsync(requests, known, cancellationToken);
        return requests.Select((request, i) => Decide(request, known.GetValueOrDefault(i), answers)).ToList();
    }

    private async Task<Dictionary<int, KnownPlaceHit>> FindKnownAsync(IReadOnlyList<GeocodeRequest> requests, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, KnownPlaceHit>();
        if (knownPlaces is null)
            return result;
        var keys = requests.Select(KnownKey).ToList();
        var wanted = keys.OfType<(string, string)>().Distinct().ToList();
        if (wanted.Count == 0)
            return result;
        var found = await knownPlaces.FindManyAsync(wanted, cancellationToken);
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i] is { } key && found.TryGetValue(key, out var hit))
                result[i] = hit;
        }
        return result;
    }

    private static (string, string)? KnownKey(GeocodeRequest request) =>
        request.Division.MostSpecific?.Code is { } code && TextNormalizer.MatchKey(request.Name) is { Length: > 0 } name ? (code, name) : null;

    private async Task<ConcurrentDictionary<(string Provider, string Key), ProviderAnswer>> AskProvidersAsync(
        IReadOnlyList<GeocodeRequest> requests, Dictionary<int, KnownPlaceHit> known, CancellationToken cancellationToken)
    {
        var answers = new ConcurrentDictionary<(string, string), ProviderAnswer>();
        if (providers.Count == 0)
            return answers;
        // One query per distinct address, with the divisions of the rows that ask it (computed once: O(rows)).
        var asking = requests
            .Select((r, i) => (Request: r, Index: i, Query: r.Given is null && !known.ContainsKey(i) ? Query(r) : null))
            .Where(x => x.Query is not null)
            .GroupBy(x => x.Query!.Key, StringComparer.Ordinal)
            .Select(g => (Query: g.First().Query!, Divisions: g.Select(x => x.Request.Division).ToList()))
            .ToList();
        // Providers in order: a later provider is asked only for the queries no earlier one answered with trust.
        var open = asking;
        foreach (var provider in providers)
        {
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (item, token) => answers[(provider.Name, item.Query.Key)] = await provider.GeocodeAsync(item.Query, token));
            open = open.Where(item => !item.Divisions.Any(d => Trusted(answers[(provider.Name, item.Query.Key)], d).Candidate is not null)).ToList();
            if (open.Count == 0)
                break;
        }
        return answers;
    }

    private static ProviderQuery? Query(GeocodeRequest request)
    {
        var address = TextNormalizer.Clean(request.Address);
        if (address is null)
            return null;
        var city = request.Division.Prefecture?.Name ?? request.Division.Province?.Name;
        return new ProviderQuery(address, city);
    }

    private GeocodeResult Decide(GeocodeRequest request, KnownPlaceHit? known, ConcurrentDictionary<(string Provider, string Key), ProviderAnswer> answers)
    {
        var steps = new List<GeocodeStep>();
        var reasons = new List<RowReason>();
        var untrusted = new List<ProviderCandidate>();

        // (a) Given coordinates.
        if (request.Given is { } given)
        {
            var wgs = given.To(CoordinateSystem.Wgs84);
            if (ChinaExtent.Contains(wgs))
            {
                steps.Add(new GeocodeStep(LocationMethod.Given, $"{Format(given)} {given.Crs.ToWire()} → {Format(wgs)} wgs84"));
                return new GeocodeResult(new Placement(wgs, given.Crs, LocationPrecision.Exact, LocationMethod.Given, [], $"given in {given.Crs.ToWire()}"), steps, [], reasons);
            }
            steps.Add(new GeocodeStep(LocationMethod.Given, $"{Format(given)} {given.Crs.ToWire()} lies outside China; not used"));
            reasons.Add(new RowReason("location.given_outside_china", "location",
                $"the list's coordinates {Format(given)} ({given.Crs.ToWire()}) lie outside China", ReasonSeverity.Review));
        }
        else
        {
            steps.Add(new GeocodeStep(LocationMethod.Given, "the list gives no coordinates"));
        }

        // (b) Known places.
        if (known is not null)
        {
            steps.Add(new GeocodeStep(LocationMethod.KnownPlace, $"confirmed by {known.ConfirmedBy} on {known.ConfirmedAt:yyyy-MM-dd}"));
            return new GeocodeResult(new Placement(known.Location, known.CrsIn, known.Precision, LocationMethod.KnownPlace, reasons,
                $"confirmed by {known.ConfirmedBy}"), steps, [], reasons);
        }
        if (knownPlaces is not null)
            steps.Add(new GeocodeStep(LocationMethod.KnownPlace, "no confirmed location for this name and division"));

        // (c) Providers.
        if (Query(request) is { } query)
        {
            foreach (var provider in providers)
            {
                if (!answers.TryGetValue((provider.Name, query.Key), out var answer))
                    continue;
                var (candidate, why) = Trusted(answer, request.Division);
                steps.Add(new GeocodeStep(LocationMethod.Geocoder(provider.Name), $"{answer.Status}: {answer.Detail}{(answer.FromCache ? " (cached)" : "")}{(why is null ? "" : "; " + why)}"));
                if (candidate is not null)
                {
                    return new GeocodeResult(new Placement(candidate.Location, candidate.CrsIn, candidate.Precision, LocationMethod.Geocoder(provider.Name), reasons,
                        $"{provider.Name}: {candidate.ProviderPrecision}"), steps, untrusted, reasons);
                }
                untrusted.AddRange(answer.Candidates);
            }
        }
        if (untrusted.Count > 0)
        {
            reasons.Add(new RowReason("location.candidates_untrusted", "address",
                $"providers offered {untrusted.Count} place(s) for '{TextNormalizer.Clean(request.Address)}' but none could be trusted: "
                + string.Join("; ", untrusted.Take(3).Select(c => $"{c.Label ?? Format(c.Location)} ({c.ProviderPrecision})")), ReasonSeverity.Review));
        }

        // (d) Gazetteer.
        var township = request.Parsed?.Township;
        if (township is { Centre: null })
            steps.Add(new GeocodeStep(LocationMethod.GazetteerTownship, $"township {township.Name} ({township.Code}) recognised; no public source gives its centre"));
        if (request.Division.IsBlocked)
        {
            steps.Add(new GeocodeStep(LocationMethod.GazetteerCounty, "the division is not resolved; not placed"));
            return new GeocodeResult(null, steps, untrusted, reasons);
        }
        var placement = GazetteerLocator.Locate(request.Division, township);
        if (placement is null)
        {
            steps.Add(new GeocodeStep(LocationMethod.GazetteerCounty, $"no centre for {request.Division.MostSpecific?.Name ?? "nothing"}"));
            reasons.Add(new RowReason("location.unplaced", "city",
                $"resolved only to {request.Division.MostSpecific?.Name ?? "nothing"}, which has no centre", ReasonSeverity.Review));
            return new GeocodeResult(null, steps, untrusted, reasons);
        }
        var placedAt = placement.Precision == LocationPrecision.Township ? township!.Name : request.Division.MostSpecific?.Name;
        steps.Add(new GeocodeStep(placement.Method, $"centre of {placedAt} {Format(placement.Location)}"));
        return new GeocodeResult(placement with { Reasons = [.. placement.Reasons, .. reasons] }, steps, untrusted, reasons);
    }

    /// <summary>The trust rule (see the class remarks): the candidate to use, or <c>null</c> and why not.</summary>
    public static (ProviderCandidate? Candidate, string? Why) Trusted(ProviderAnswer answer, DivisionResolution division)
    {
        if (answer.Status != ProviderStatus.Found)
            return (null, null);
        var good = answer.Candidates.Where(c => c.Precision <= LocationPrecision.Street && ChinaExtent.Contains(c.Location)).ToList();
        if (good.Count == 0)
            return (null, $"only {answer.Candidates.Min(c => c.Precision).ToWire()} level: a candidate, not a location");
        var first = good[0];
        if (!first.Confident)
            return (null, "the provider itself is not confident");
        if (good.Any(c => Geodesic.DistanceMeters(c.Location, first.Location) > AgreementMeters))
            return (null, $"ambiguous: {good.Count} places more than {AgreementMeters:0} m apart");
        if (first.AdminCode is { Length: 6 } adcode)
        {
            if (division.County is { } county && adcode != county.Code)
                return (null, $"the provider puts it in {adcode}, the row names {county.Name} ({county.Code})");
            if (division.County is null && division.Prefecture is { } prefecture && adcode[..4] != prefecture.Code[..4])
                return (null, $"the provider puts it in {adcode}, outside {prefecture.Name} ({prefecture.Code})");
        }
        return (first, null);
    }

    private static string Format(GeoPoint p) => string.Create(CultureInfo.InvariantCulture, $"{p.Latitude:0.000000},{p.Longitude:0.000000}");
}
