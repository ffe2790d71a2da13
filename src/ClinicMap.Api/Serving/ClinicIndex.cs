using ClinicMap.Api.Contracts;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Datasets;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Text;
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
    private readonly Dictionary<Guid, int> _position;

    /// <summary>Positions in id order (PostgreSQL's uuid order): the order of bbox listings and their cursors.</summary>
    private readonly int[] _byId;

    /// <summary>Whether each clinic's hours say it never closes, read once (<see cref="OpeningHours.IsRoundTheClock"/>).</summary>
    private readonly bool[] _roundTheClock;

    /// <summary>Each clinic's answer, per coordinate system, built on first use: the navigation links and transforms are the same for every query.</summary>
    private readonly ClinicDto?[][] _answers;

    /// <summary>The same answers as UTF-8 JSON without their closing brace, so a distance can be appended: serialised once, copied per query.</summary>
    private readonly byte[]?[][] _json;

    /// <summary>Whole answers derived from this version (GeoJSON exports, vector tiles), built once, by key.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _documents = new(StringComparer.Ordinal);

    /// <summary>How many derived answers one version keeps; past it they are built for each request (a bound on memory, ~tens of MB).</summary>
    public const int MaxDocuments = 20_000;

    public ClinicIndex(DatasetVersion version, IReadOnlyList<Clinic> clinics)
    {
        Version = version;
        _clinics = [.. clinics];
        // PostgreSQL orders uuid values by their bytes, which is the order of their lower-case hex text.
        _order = _clinics.Select(c => c.Id.ToString("D")).ToArray();
        _position = _clinics.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
        _byId = Enumerable.Range(0, _clinics.Length).OrderBy(i => _order[i], StringComparer.Ordinal).ToArray();
        _roundTheClock = _clinics.Select(c => OpeningHours.IsRoundTheClock(c.Hours)).ToArray();
        _answers = [new ClinicDto?[_clinics.Length], new ClinicDto?[_clinics.Length], new ClinicDto?[_clinics.Length]];
        _json = [new byte[_clinics.Length][], new byte[_clinics.Length][], new byte[_clinics.Length][]];
        _tree = new SpatialTree(_clinics.Select(c => SpatialTree.Unit(c.Location.Latitude, c.Location.Longitude)).ToList());
    }

    public DatasetVersion Version { get; }

    public int Count => _clinics.Length;

    public IReadOnlyList<Clinic> Clinics => _clinics;

    /// <summary>
    /// The clinics nearest to the query's origin (WGS-84), ordered by geodesic distance then id. The query's kinds
    /// filter unless <paramref name="filter"/> is given, which then says everything wanted (its kinds included).
    /// </summary>
    public IReadOnlyList<ClinicDistance> Nearest(NearestQuery query, ClinicFilter? filter = null)
    {
        if (query.Origin.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException("the origin must be WGS-84; convert at the edge", nameof(query));
        var accept = Filter(filter ?? new ClinicFilter(query.Kinds));
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

    /// <summary>
    /// Up to <paramref name="limit"/> clinics inside <paramref name="box"/> (WGS-84, edges included; <c>null</c> = all)
    /// that pass <paramref name="filter"/>, in id order, starting after the clinic <paramref name="after"/> (a cursor;
    /// it need not be in this version). <c>More</c> says whether another page follows. O(n) in the worst case: a
    /// scan in id order, which at national size (tens of thousands) costs well under a millisecond.
    /// </summary>
    public (IReadOnlyList<Clinic> Page, bool More) InBox(BoundingBox? box, ClinicFilter filter, Guid? after, int limit)
    {
        var accept = Filter(filter);
        var start = 0;
        if (after is { } cursor)
        {
            var key = cursor.ToString("D");
            var (lo, hi) = (0, _byId.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (string.CompareOrdinal(_order[_byId[mid]], key) <= 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            start = lo;
        }
        var page = new List<Clinic>(Math.Min(limit, 256));
        for (var r = start; r < _byId.Length; r++)
        {
            var i = _byId[r];
            if ((box is null || box.Value.Contains(_clinics[i].Location)) && accept(i))
            {
                if (page.Count == limit)
                    return (page, true);
                page.Add(_clinics[i]);
            }
        }
        return (page, false);
    }

    /// <summary>Every clinic that passes <paramref name="filter"/>, in id order.</summary>
    public IEnumerable<Clinic> All(ClinicFilter filter)
    {
        var accept = Filter(filter);
        return _byId.Where(accept).Select(i => _clinics[i]);
    }

    /// <summary>
    /// The answer cached under <paramref name="key"/> for this version, built by <paramref name="build"/> the first
    /// time (two racing requests may both build it; one result is kept). Nothing expires: a new version is a new index.
    /// </summary>
    public async ValueTask<byte[]> DocumentAsync(string key, Func<Task<byte[]>> build)
    {
        if (_documents.TryGetValue(key, out var cached))
            return cached;
        var built = await build();
        return _documents.Count < MaxDocuments ? _documents.GetOrAdd(key, built) : built;
    }

    /// <summary>The clinic with this id, or <c>null</c>. O(1).</summary>
    public Clinic? Find(Guid id) => _position.TryGetValue(id, out var i) ? _clinics[i] : null;

    /// <summary>
    /// The public form of a clinic of this index in <paramref name="crs"/>, with its distance: built once per clinic
    /// and system, then copied with the distance (a race builds it twice, harmlessly: the answers are equal).
    /// </summary>
    public ClinicDto Answer(Clinic clinic, CoordinateSystem crs, double? distanceMeters)
    {
        var answers = _answers[(int)crs];
        var i = _position[clinic.Id];
        var answer = Volatile.Read(ref answers[i]);
        if (answer is null)
        {
            answer = ClinicDto.From(_clinics[i], crs);
            Volatile.Write(ref answers[i], answer);
        }
        return distanceMeters is { } d ? answer with { DistanceMeters = Math.Round(d, 1) } : answer;
    }

    /// <summary>
    /// A clinic's answer in <paramref name="crs"/> as UTF-8 JSON, open at the end (no closing brace), serialised with
    /// <paramref name="options"/> on first use. The caller appends <c>,"distanceMeters":…}</c> or <c>}</c>.
    /// </summary>
    public ReadOnlySpan<byte> OpenJson(Clinic clinic, CoordinateSystem crs, System.Text.Json.JsonSerializerOptions options)
    {
        var cache = _json[(int)crs];
        var i = _position[clinic.Id];
        var json = Volatile.Read(ref cache[i]);
        if (json is null)
        {
            var whole = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Answer(clinic, crs, null), options);
            json = whole[..^1];
            Volatile.Write(ref cache[i], json);
        }
        return json;
    }

    private Func<int, bool> Filter(ClinicFilter filter)
    {
        var kinds = filter.Kinds;
        if (kinds.Count == 0 && filter.RoundTheClock is null && filter.Level is null)
            return _ => true;
        return i => (kinds.Count == 0 || _clinics[i].Kinds.Any(kinds.Contains))
                    && (filter.RoundTheClock is not { } open || _roundTheClock[i] == open)
                    && (filter.Level is not { } level || (_clinics[i].Level?.StartsWith(level, StringComparison.Ordinal) ?? false));
    }

    /// <summary>Whether a clinic of this index is open round the clock, as its hours say.</summary>
    public bool IsRoundTheClock(Clinic clinic) => _roundTheClock[_position[clinic.Id]];
}
