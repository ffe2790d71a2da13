using ClinicMap.Core.Clinics;
using ClinicMap.Core.Datasets;
using ClinicMap.Core.Geography;
using ClinicMap.Data.Clinics;

namespace ClinicMap.Api.Serving;

/// <summary>
/// One published version, in memory and immutable: the read path answers nearest and radius questions from it
/// without touching the database. Distances and ranking are exact geodesics on the WGS-84 ellipsoid, ties broken
/// by id in PostgreSQL's uuid order, so the answers equal PostGIS KNN + ST_Distance(geography) on the same data.
/// </summary>
/// <remarks>
/// Two steps, as the SQL does: (1) the k nearest by great-circle angle (k-d tree on unit vectors) give the k-th
/// ellipsoidal distance D, which certainly bounds the true k nearest; (2) every clinic within D × 1.01 + 1 m on the
/// sphere (the sphere and the ellipsoid differ by under 0.6%) is measured on the ellipsoid and sorted. Cost:
/// O(log n + k) tree visits and about k Vincenty evaluations per query.
/// </remarks>
public sealed class ClinicIndex
{
    /// <summary>The mean Earth radius the sphere step uses (IUGG R1).</summary>
    private const double MeanRadius = 6_371_008.8;

    private readonly Clinic[] _clinics;
    private readonly string[] _order;
    private readonly SpatialTree _tree;
    private readonly Dictionary<Guid, Clinic> _byId;

    public ClinicIndex(DatasetVersion version, IReadOnlyList<Clinic> clinics)
    {
        Version = version;
        _clinics = [.. clinics];
        // PostgreSQL orders uuid values by their bytes, which is the order of their lower-case hex text.
        _order = _clinics.Select(c => c.Id.ToString("D")).ToArray();
        _byId = _clinics.ToDictionary(c => c.Id);
        _tree = new SpatialTree(_clinics.Select(c => SpatialTree.Unit(c.Location.Latitude, c.Location.Longitude)).ToList());
    }

    public DatasetVersion Version { get; }

    public int Count => _clinics.Length;

    public IReadOnlyList<Clinic> Clinics => _clinics;

    /// <summary>The clinics nearest to the query's origin (WGS-84), ordered by geodesic distance then id.</summary>
    public IReadOnlyList<ClinicDistance> Nearest(NearestQuery query)
    {
        if (query.Origin.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException("the origin must be WGS-84; convert at the edge", nameof(query));
        var accept = Filter(query.Kinds);
        var origin = SpatialTree.Unit(query.Origin.Latitude, query.Origin.Longitude);
        var first = _tree.Nearest(origin, query.Limit, accept);
        if (first.Count == 0)
            return [];
        var radius = first.Max(f => Geodesic.DistanceMeters(query.Origin, _clinics[f.Item].Location)) * 1.01 + 1;
        if (query.MaxDistanceMeters is { } max)
            radius = Math.Min(radius, max);
        var angle = Math.Min(Math.PI, radius / MeanRadius * 1.01);
        var chord = 2 * Math.Sin(angle / 2);
        return _tree.Within(origin, chord * chord, accept)
            .Select(i => (Index: i, Distance: Geodesic.DistanceMeters(query.Origin, _clinics[i].Location)))
            .Where(c => c.Distance <= radius)
            .OrderBy(c => c.Distance).ThenBy(c => _order[c.Index], StringComparer.Ordinal)
            .Take(query.Limit)
            .Select(c => new ClinicDistance(_clinics[c.Index], c.Distance))
            .ToList();
    }

    /// <summary>The clinic with this id, or <c>null</c>. O(1).</summary>
    public Clinic? Find(Guid id) => _byId.GetValueOrDefault(id);

    private Func<int, bool> Filter(IReadOnlyList<ClinicKind> kinds) =>
        kinds.Count == 0 ? _ => true : i => _clinics[i].Kinds.Any(kinds.Contains);
}
