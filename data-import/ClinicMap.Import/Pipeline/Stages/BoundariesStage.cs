using System.Globalization;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Boundaries;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// Holds every row placed from outside the gazetteer — coordinates the list gives, a provider's answer, a known
/// place — against the boundary (in PostGIS) of the division it names: its county, or for a city-only row any
/// county of its city. A point more than <see cref="ToleranceMeters"/> outside goes to review with its distance to
/// the boundary; closer than that it is within what the simplified boundaries can tell. A gazetteer centre is the
/// division's own published point (a few county seats lie outside their county, 沧县's in 沧州): holding it against
/// the outline would test the gazetteer, not the row. Without a database (an offline dry run) the stage checks nothing.
/// </summary>
public sealed class BoundariesStage(BoundaryStore? boundaries) : IImportStage
{
    /// <summary>The boundaries are simplified by up to 250 m from a source quantised to ~100 m.</summary>
    public const double ToleranceMeters = 400;

    public Stage Stage => Stage.Boundaries;

    public async Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        if (boundaries is not null)
            work.Drafts = await RunAsync(boundaries, work.Drafts, cancellationToken);
    }

    private static async Task<RowDraft[]> RunAsync(BoundaryStore boundaries, IReadOnlyList<RowDraft> rows, CancellationToken cancellationToken)
    {
        var probes = new List<BoundaryProbe>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is { IsRejected: false, Placement: { } placement, Division: { } division } && !FromGazetteer(placement)
                && (division.County ?? division.Prefecture) is { } named)
                probes.Add(new BoundaryProbe(i, named.Code, placement.Location.Latitude, placement.Location.Longitude));
        }
        var result = rows.ToArray();
        foreach (var check in await boundaries.CheckAsync(probes, cancellationToken))
        {
            if (!check.HasBoundary || check.DistanceMeters <= ToleranceMeters)
                continue;
            var row = rows[check.Index];
            var named = row.Division!.County ?? row.Division.Prefecture!;
            result[check.Index] = row.WithReason(new RowReason("location.outside_division", "location",
                string.Create(CultureInfo.InvariantCulture,
                    $"{row.Raw.Where}: the {row.Placement!.Method} location lies {check.DistanceMeters:N0} m outside {named.Name} ({named.Code}), which the row names"),
                ReasonSeverity.Review));
        }
        return result;
    }

    private static bool FromGazetteer(ClinicMap.Geocoding.Gazetteer.Placement placement) =>
        placement.Method is LocationMethod.GazetteerTownship or LocationMethod.GazetteerCounty or LocationMethod.GazetteerCity;
}
