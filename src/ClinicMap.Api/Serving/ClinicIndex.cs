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
/// Two steps, as the SQL does: (1) the k nearest by great-circle angle (k-d tree on unit vectors) give the largest
/// of their ellipsoidal distances D, which certainly bounds the true k nearest; (2) every clinic within D × 1.007 on
/// the sphere (the sphere and the ellipsoid differ by under 0.6%) is measured on the ellipsoid and sorted. Cost:
/// O(log n + k) tree visits and about k Vincenty evaluations per query (step 1's are not repeated).
/// </remarks>
public sealed class ClinicIndex
{
    /// <summary>The mean Earth radius the sphere step uses (IUGG R1).</summary>
    private const double MeanRadius = 6_371_008.8;

    /// <summary>
    /// Distances on the sphere of <see cref="MeanRadius"/> are at most this factor longer than on the WGS-84
    /// ellipsoid (the meridian's radius of curvature is 0.56% under the mean radius at the equator): a sphere
    /// distance over radius × this is certainly outside the radius on the ellipsoid.
    /// </summary>
    private const double SphereBound = 1.007;

    private readonly Clinic[] _clinics;
    private readonly string[] _order;
    private readonly SpatialTree _tree;
    private readonly Dictionary<Guid, int> _position;

    /// <summary>Positions in id order (PostgreSQL's uuid order): the order of bbox listings and their cursors.</summary>
    private readonly int[] _byId;

    /// <summary>Each position's place in id order (the inverse of <see cref="_byId"/>): ties in distance compare these.</summary>
    private readonly int[] _idRank;

    /// <summary>
    /// Each position's site: clinics at the very same point (many lists place a district's clinics at its centre)
    /// share one, so that a query measures the distance to that point once.
    /// </summary>
    private readonly int[] _site;

    /// <summary>Whether each clinic's hours say it never closes, read once (<see cref="OpeningHours.IsRoundTheClock"/>).</summary>
    private readonly bool[] _roundTheClock;

    /// <summary>Each clinic's answer, per coordinate system, built on first use: the navigation links and transforms are the same for every query.</summary>
    private readonly ClinicDto?[][] _answers;

    /// <summary>The same answers as UTF-8 JSON without their closing brace, so a distance can be appended: serialised once, copied per query.</summary>
    private readonly byte[]?[][] _json;

    /// <summary>Whole answers derived from this version (GeoJSON exports, vector tiles), by normalised key, within the configured caps.</summary>
    private readonly DocumentCache _documents;

    /// <summary>Each clinic level and its grade (三级 of 三级甲等): the only level filters whose GeoJSON is kept.</summary>
    private readonly HashSet<string> _knownLevels;

    /// <summary>The area each approximate clinic may be in (<see cref="DistanceRanges"/>); <c>null</c> for the others.</summary>
    private readonly ClinicArea?[] _areas;

    /// <summary>The vector tiles' positions, prepared on the first tile asked for.</summary>
    private readonly Lazy<ClinicTiles> _tiles;

    /// <param name="documents">Where derived answers are kept; a default-sized cache when absent.</param>
    /// <param name="areas">The areas of the divisions approximate clinics may be in, loaded for these clinics; without them no answer carries a distance range.</param>
    public ClinicIndex(DatasetVersion version, IReadOnlyList<Clinic> clinics, DocumentCache? documents = null, DivisionAreas? areas = null)
    {
        _documents = documents ?? new DocumentCache(ServingOptions.DefaultDocumentCacheMegabytes * 1024L * 1024, ServingOptions.DefaultDocumentCacheEntries);
        Version = version;
        VersionJson = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new DatasetRef(version.Version, version.PublishedAt), ContractJson.Options);
        _clinics = [.. clinics];
        // PostgreSQL orders uuid values by their bytes, which is the order of their lower-case hex text.
        _order = _clinics.Select(c => c.Id.ToString("D")).ToArray();
        _position = _clinics.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
        _byId = Enumerable.Range(0, _clinics.Length).OrderBy(i => _order[i], StringComparer.Ordinal).ToArray();
        _idRank = new int[_clinics.Length];
        for (var r = 0; r < _byId.Length; r++)
            _idRank[_byId[r]] = r;
        var sites = new Dictionary<(double, double), int>();
        _site = _clinics.Select(c => sites.TryAdd((c.Location.Latitude, c.Location.Longitude), sites.Count)
            ? sites.Count - 1 : sites[(c.Location.Latitude, c.Location.Longitude)]).ToArray();
        _roundTheClock = _clinics.Select(c => OpeningHours.IsRoundTheClock(c.Hours)).ToArray();
        _knownLevels = _clinics.Where(c => !string.IsNullOrEmpty(c.Level)).SelectMany(c => new[] { c.Level!, c.Level![..Math.Min(2, c.Level!.Length)] })
            .ToHashSet(StringComparer.Ordinal);
        _answers = [new ClinicDto?[_clinics.Length], new ClinicDto?[_clinics.Length], new ClinicDto?[_clinics.Length]];
        _json = [new byte[_clinics.Length][], new byte[_clinics.Length][], new byte[_clinics.Length][]];
        _areas = _clinics.Select(c => areas?.For(c)).ToArray();
        _tree = new SpatialTree(_clinics.Select(c => SpatialTree.Unit(c.Location.Latitude, c.Location.Longitude)).ToList());
        _tiles = new Lazy<ClinicTiles>(() => new ClinicTiles(_clinics));
    }

    public DatasetVersion Version { get; }

    /// <summary>The answers' <c>dataset</c> member (<see cref="DatasetRef"/>) as UTF-8 JSON, written once.</summary>
    public byte[] VersionJson { get; }

    public int Count => _clinics.Length;

    public IReadOnlyList<Clinic> Clinics => _clinics;

    /// <summary>
    /// The clinics nearest to the query's origin (WGS-84), ordered by geodesic distance then id. The query's kinds
    /// filter unless <paramref name="filter"/> is given, which then says everything wanted (its kinds included).
    /// </summary>
    public IReadOnlyList<ClinicDistance> Nearest(NearestQuery query, ClinicFilter? filter = null) =>
        NearestPositions(query, filter).Select(n => new ClinicDistance(_clinics[n.Position], n.DistanceMeters)).ToList();

    /// <summary>
    /// <see cref="Nearest"/> as positions in this index (for <see cref="OpenJson"/>) with their distances: the
    /// serving path, which allocates only the small lists it returns.
    /// </summary>
    public List<(int Position, double DistanceMeters)> NearestPositions(NearestQuery query, ClinicFilter? filter = null)
    {
        if (query.Origin.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException("the origin must be WGS-84; convert at the edge", nameof(query));
        var accept = Filter(filter ?? new ClinicFilter(query.Kinds));
        var origin = SpatialTree.Unit(query.Origin.Latitude, query.Origin.Longitude);
        var first = _tree.Nearest(origin, query.Limit, accept);
        if (first.Count == 0)
            return [];
        // Distances measured once per site (the point clinics stand at): step 2 finds step 1's clinics again, and
        // clinics placed at one centre share it.
        var sites = new SiteDistances(query.Origin, _clinics, _site, first.Count * 2);
        var farthest = 0.0;
        foreach (var (item, _) in first)
            farthest = Math.Max(farthest, sites.Measure(item));
        // Any k clinics bound the k-th nearest: the true k nearest are all within the farthest of these k.
        var radius = farthest;
        if (query.MaxDistanceMeters is { } max)
            radius = Math.Min(radius, max);
        var angle = Math.Min(Math.PI, radius / MeanRadius * SphereBound);
        var chord = 2 * Math.Sin(angle / 2);
        var found = new List<(int Position, double DistanceMeters)>();
        foreach (var (item, chord2) in _tree.Within(origin, chord * chord, accept))
        {
            // Past the radius on the sphere by more than the sphere's error, it is past it on the ellipsoid.
            if (!sites.Holds(item) && 2 * Math.Asin(Math.Min(1, Math.Sqrt(chord2) / 2)) * MeanRadius > radius * SphereBound)
                continue;
            var d = sites.Measure(item);
            if (d <= radius)
                found.Add((item, d));
        }
        found.Sort((a, b) => a.DistanceMeters != b.DistanceMeters
            ? a.DistanceMeters.CompareTo(b.DistanceMeters)
            : _idRank[a.Position].CompareTo(_idRank[b.Position]));
        if (found.Count > query.Limit)
            found.RemoveRange(query.Limit, found.Count - query.Limit);
        return found;
    }

    /// <summary>The geodesic distances from one origin to the sites a query meets, each measured once.</summary>
    private readonly struct SiteDistances(GeoPoint origin, Clinic[] clinics, int[] site, int capacity)
    {
        private readonly Dictionary<int, double> _measured = new(capacity);

        public bool Holds(int position) => _measured.ContainsKey(site[position]);

        public double Measure(int position)
        {
            if (!_measured.TryGetValue(site[position], out var d))
                _measured[site[position]] = d = Geodesic.DistanceMeters(origin, clinics[position].Location);
            return d;
        }
    }

    /// <summary>
    /// For each of <paramref name="nearest"/> (positions and distances from <paramref name="origin"/>, WGS-84), how
    /// near and how far the clinic may really be (<see cref="ClinicArea.Range"/>): <c>null</c> for a clinic placed at
    /// its door or street, or whose division's area is not held. The clinics of one division share its area, which
    /// is measured once per call.
    /// </summary>
    public DistanceRangeDto?[] DistanceRanges(GeoPoint origin, List<(int Position, double DistanceMeters)> nearest)
    {
        var ranges = new DistanceRangeDto?[nearest.Count];
        // Clinics of one division share its area: each area is measured once per answer (an answer holds a few).
        var areas = new ClinicArea?[nearest.Count];
        var measured = new (double, double)[nearest.Count];
        var held = 0;
        for (var i = 0; i < nearest.Count; i++)
        {
            var (position, distance) = nearest[i];
            if (_areas[position] is not { } area)
                continue;
            var found = Array.IndexOf(areas, area, 0, held);
            if (found < 0)
            {
                (areas[held], measured[held]) = (area, area.AreaRange(origin));
                found = held++;
            }
            var (min, max) = area.Range(measured[found], distance, _clinics[position].LocationPrecision == LocationPrecision.Township);
            ranges[i] = new DistanceRangeDto(Math.Round(min, 1), Math.Round(max, 1));
        }
        return ranges;
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
    /// The answer kept under <paramref name="key"/> for this version, built by <paramref name="build"/> when it is not
    /// (<see cref="DocumentCache"/>: least recently used answers are dropped past the caps). A key must be normalised
    /// by the caller: one question, one key.
    /// </summary>
    public ValueTask<byte[]> DocumentAsync(string key, Func<Task<byte[]>> build) => _documents.GetOrBuildAsync(key, build);

    /// <summary>The cache of derived answers (its size is reported by the memory benchmark and tests).</summary>
    public DocumentCache Documents => _documents;

    /// <summary>
    /// This version as GeoJSON (<see cref="GeoJsonWriter"/>): the clinics passing <paramref name="filter"/> in
    /// <paramref name="crs"/> with <paramref name="properties"/> (written in <see cref="GeoJsonWriter.AllProperties"/>
    /// order whatever order they are asked in). Kept when the question is one of this version's: kinds in their
    /// order, and a level that some clinic has; any other level is answered, not kept.
    /// </summary>
    /// <param name="statuses">The live statuses, for the <c>status</c> property: a document with it is kept per statuses' state (<see cref="StatusOverlay.Tag"/>).</param>
    public ValueTask<byte[]> GeoJsonAsync(CoordinateSystem crs, ClinicFilter filter, IReadOnlyList<string> properties, StatusOverlay? statuses = null)
    {
        var ordered = GeoJsonWriter.AllProperties.Where(properties.Contains).ToList();
        var kinds = filter.Kinds.Distinct().Order().ToList();
        var normal = filter with { Kinds = kinds };
        var withStatus = statuses is not null && ordered.Contains("status");
        Task<byte[]> Build() => Task.FromResult(GeoJsonWriter.Write(Version, All(normal), crs, ordered, IsRoundTheClock, withStatus ? c => statuses!.JsonOf(c.Id) : null));
        if (filter.Level is { } level && !_knownLevels.Contains(level))
            return new ValueTask<byte[]>(Build());
        return DocumentAsync($"geojson|{crs}|{string.Join(',', kinds)}|{filter.RoundTheClock}|{filter.Level}|{filter.Region}|{string.Join(',', ordered)}|{(withStatus ? statuses!.Tag() : "")}", Build);
    }

    /// <summary>
    /// Whether any clinic of this version may lie in Web Mercator tile z/x/y or within an eighth of a tile around it
    /// (wider than the tiles' 1/64 buffer): a tile without one is empty, and is answered without building or keeping
    /// it. Asked of the spatial tree, O(log n), as the nearest clinic within the circle around that box — a
    /// superset of the box, so a "yes" may still be an empty tile (PostGIS then says so), a "no" never a full one.
    /// </summary>
    public bool AnyInTile(int z, int x, int y)
    {
        var n = (double)(1L << z);
        const double margin = 1.0 / 8;
        static double Latitude(double row, double n) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * row / n))) * 180 / Math.PI;
        var (west, east) = (Math.Max(-180, (x - margin) / n * 360 - 180), Math.Min(180, (x + 1 + margin) / n * 360 - 180));
        var (south, north) = (Math.Max(-85.06, Latitude(y + 1 + margin, n)), Math.Min(85.06, Latitude(y - margin, n)));
        var centre = new GeoPoint((south + north) / 2, (west + east) / 2);
        var radius = new[] { new GeoPoint(south, west), new GeoPoint(south, east), new GeoPoint(north, west), new GeoPoint(north, east) }
            .Max(corner => Geodesic.DistanceMeters(centre, corner));
        return NearestPositions(new NearestQuery(centre, 1, [], radius + 1)).Count > 0;
    }

    /// <summary>
    /// Vector tile z/x/y of this version (<see cref="ClinicTiles"/>), built from memory and kept; a tile with no
    /// clinic near it (<see cref="AnyInTile"/>) is answered empty without being kept, so a flood of them costs nothing.
    /// </summary>
    public ValueTask<byte[]> TileAsync(int z, int x, int y) => AnyInTile(z, x, y)
        ? DocumentAsync($"mvt|{z}/{x}/{y}", () => Task.FromResult(_tiles.Value.Tile(z, x, y)))
        : ValueTask.FromResult(Array.Empty<byte>());

    /// <summary>
    /// Runs each hot path once — a nearest question and the map's GeoJSON download — so that the first resident
    /// after a start or a publish does not wait for the JIT compiler or the export (about 0.3 s each, cold).
    /// </summary>
    public async Task WarmUpAsync()
    {
        foreach (var (position, _) in NearestPositions(new NearestQuery(new GeoPoint(35, 105), NearestWarmUp, [], null)))
            OpenJson(position, CoordinateSystem.Wgs84);
        await GeoJsonAsync(CoordinateSystem.Wgs84, ClinicFilter.Any, GeoJsonWriter.Summary);
    }

    private const int NearestWarmUp = 10;

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
    /// The answer of the clinic at <paramref name="position"/> in <paramref name="crs"/> as UTF-8 JSON, open at the
    /// end (no closing brace), serialised with <see cref="ContractJson.Options"/> on first use. The caller appends <c>,"distanceMeters":…}</c> or <c>}</c>.
    /// </summary>
    public byte[] OpenJson(int position, CoordinateSystem crs)
    {
        var cache = _json[(int)crs];
        var i = position;
        var json = Volatile.Read(ref cache[i]);
        if (json is null)
        {
            var whole = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Answer(_clinics[i], crs, null), ContractJson.Options);
            json = whole[..^1];
            Volatile.Write(ref cache[i], json);
        }
        return json;
    }

    private Func<int, bool> Filter(ClinicFilter filter)
    {
        var kinds = filter.Kinds;
        if (kinds.Count == 0 && filter.RoundTheClock is null && filter.Level is null && filter.Open is null && filter.Region is null)
            return _ => true;
        return i => (kinds.Count == 0 || _clinics[i].Kinds.Any(kinds.Contains))
                    && (filter.RoundTheClock is not { } open || _roundTheClock[i] == open)
                    && (filter.Level is not { } level || (_clinics[i].Level?.StartsWith(level, StringComparison.Ordinal) ?? false))
                    && (filter.Region is not { } region || _clinics[i].AdminCode.StartsWith(region, StringComparison.Ordinal))
                    && (filter.Open is not { } mayBeOpen || mayBeOpen(_clinics[i].Id));
    }

    /// <summary>Whether a clinic of this index is open round the clock, as its hours say.</summary>
    public bool IsRoundTheClock(Clinic clinic) => _roundTheClock[_position[clinic.Id]];
}
