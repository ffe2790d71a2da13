using ClinicMap.Core.Geography;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace ClinicMap.Api.Serving;

/// <summary>
/// The area a clinic known only by its division may be in (one county, or every county of a prefecture), held in
/// memory to answer how near and how far its points are from a resident, measured as PostGIS measures geography.
/// </summary>
/// <remarks>
/// NetTopologySuite answers containment (<see cref="IndexedPointInAreaLocator"/>, planar in longitude/latitude, as the
/// boundary check in PostGIS is). Its distances are planar, however, and a planar frame distorts the distance from a
/// resident far from the area, so distances follow PostGIS's geography distance instead: the point of the area
/// nearest on the sphere (each edge a great-circle arc), then one ellipsoidal distance to that point — exactly
/// <c>ST_Distance(area::geography, point::geography)</c>. The farthest is chosen the same way: the vertex farthest
/// on the sphere (on an arc shorter than a quadrant the distance from a point has no interior maximum), then its
/// ellipsoidal distance. Choosing on the sphere and measuring once on the ellipsoid keeps a query to vector
/// arithmetic over a few edges, found through a small tree of spherical caps over runs of consecutive edges.
/// Immutable after construction: any number of threads may query it at once.
/// </remarks>
internal sealed class AreaShape
{
    /// <summary>Edges per leaf cap: few enough to measure each, many enough to keep the tree shallow.</summary>
    private const int LeafEdges = 8;

    /// <summary>Room for the depth-first search's pending caps: two per level of a balanced tree far deeper than any boundary needs.</summary>
    private const int MaxPending = 128;

    private readonly IndexedPointInAreaLocator[] _locators;
    private readonly Envelope[] _envelopes;
    private readonly double[] _x, _y, _z;

    /// <summary>
    /// The vertices of the area's spherical convex hull (x, y, z in turn), or <c>null</c> when the area does not fit
    /// in a hemisphere. The vertex farthest from a resident is one of them whenever every one is within a quadrant
    /// of the resident: a point of the hull is a positive combination w of its vertices with |w| ≤ 1, so its cosine
    /// p · w / |w| is at least the least p · vertex once all are positive.
    /// </summary>
    private readonly double[]? _hull;

    /// <summary>The cosine of the root cap's radius widened by 1e-4 rad: a point with a smaller cosine to its centre is outside.</summary>
    private readonly double _reach;

    /// <summary>The first vertex of each edge; its second is the next one.</summary>
    private readonly int[] _edges;

    /// <summary>Caps: centre, angular radius, children (−1 in a leaf) and the leaf's edge range; the root first.</summary>
    private readonly Cap[] _caps;

    /// <summary>A cap's centre (unit vector), angular radius with its cosine and sine, children (−1 in a leaf) and edge range.</summary>
    private readonly record struct Cap(double X, double Y, double Z, double Radius, double CosRadius, double SinRadius, int Left, int Right, int Lo, int Hi);

    /// <summary>
    /// Cosines are compared with this margin when pruning, so that rounding (about 1e-16 in a cosine, an angle of
    /// about 1e-8 rad near zero) cannot prune a cap whose points are better than the best by more than centimetres.
    /// </summary>
    private const double Slack = 1e-12;

    /// <param name="parts">Polygonal geometries in WGS-84 (x longitude, y latitude), such as a prefecture's counties.</param>
    public AreaShape(IReadOnlyList<Geometry> parts)
    {
        if (parts.Count == 0 || parts.Any(p => p is not (Polygon or MultiPolygon) || p.IsEmpty))
            throw new ArgumentException("an area is one or more non-empty polygons", nameof(parts));
        _locators = parts.Select(p => new IndexedPointInAreaLocator(p)).ToArray();
        _envelopes = parts.Select(p => p.EnvelopeInternal).ToArray();
        // The locator builds its index on first use; built here, it is only read afterwards, from any thread.
        foreach (var locator in _locators)
            locator.Locate(new Coordinate(0, 0));
        var (x, y, z, edges) = (new List<double>(), new List<double>(), new List<double>(), new List<int>());
        foreach (var ring in parts.SelectMany(Rings))
        {
            var first = x.Count;
            for (var i = 0; i < ring.Count; i++)
            {
                var (ux, uy, uz) = SpatialTree.Unit(ring.GetY(i), ring.GetX(i));
                x.Add(ux);
                y.Add(uy);
                z.Add(uz);
                if (i > 0)
                    edges.Add(first + i - 1);
            }
        }
        (_x, _y, _z, _edges) = (x.ToArray(), y.ToArray(), z.ToArray(), edges.ToArray());
        var caps = new List<Cap>();
        Build(caps, 0, _edges.Length);
        _caps = [.. caps];
        _hull = Hull((_caps[0].X, _caps[0].Y, _caps[0].Z));
        _reach = Math.Cos(Math.Min(Math.PI, _caps[0].Radius + 1e-4));
    }

    public int Vertices => _x.Length;

    /// <summary>Whether the point is inside the area or on its edge.</summary>
    public bool Contains(GeoPoint point)
    {
        // Most residents asked about are far outside: one cosine against the root cap (widened by about 600 m, more
        // than a straight edge in longitude/latitude strays from its great circle) answers them before the locators.
        var p = SpatialTree.Unit(point.Latitude, point.Longitude);
        if (Dot(p, (_caps[0].X, _caps[0].Y, _caps[0].Z)) < _reach)
            return false;
        var at = new Coordinate(point.Longitude, point.Latitude);
        for (var i = 0; i < _locators.Length; i++)
        {
            if (_envelopes[i].Covers(at) && _locators[i].Locate(at) != Location.Exterior)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The distance in metres from <paramref name="from"/> (WGS-84) to the area: 0 inside; outside, the ellipsoidal
    /// distance to the area's point nearest on the sphere, as PostGIS's <c>ST_Distance</c> on geography answers.
    /// </summary>
    public double NearestMeters(GeoPoint from)
    {
        if (Contains(from))
            return 0;
        var p = SpatialTree.Unit(from.Latitude, from.Longitude);
        // The best so far as its cosine (larger is nearer) and the sine of its angle, for pruning without trigonometry.
        var (bestCos, sinBest, nearest) = (-1.0, 0.0, (0.0, 0.0, 0.0));
        Span<int> pending = stackalloc int[MaxPending];
        var count = 0;
        pending[count++] = 0;
        while (count > 0)
        {
            ref readonly var cap = ref _caps[pending[--count]];
            // Skipped when every point of the cap is farther than the best: angle(p, centre) > best + radius, which
            // needs best + radius < π, that is cos(best) > cos(π − radius) = −cos(radius).
            if (bestCos > -cap.CosRadius && Dot(p, (cap.X, cap.Y, cap.Z)) < bestCos * cap.CosRadius - sinBest * cap.SinRadius - Slack)
                continue;
            if (cap.Left < 0)
            {
                var before = bestCos;
                for (var e = cap.Lo; e < cap.Hi; e++)
                {
                    var (cos, point) = ToEdge(p, _edges[e]);
                    if (cos > bestCos)
                        (bestCos, nearest) = (cos, point);
                }
                if (bestCos != before)
                    sinBest = Sine(bestCos);
                continue;
            }
            // The nearer child is searched first (pushed last), so that the farther one is more often pruned.
            var nearerLeft = Dot(p, Centre(cap.Left)) >= Dot(p, Centre(cap.Right));
            pending[count++] = nearerLeft ? cap.Right : cap.Left;
            pending[count++] = nearerLeft ? cap.Left : cap.Right;
        }
        return Geodesic.DistanceMeters(from, Point(nearest));
    }

    /// <summary>
    /// The distance in metres from <paramref name="from"/> (WGS-84) to the area's vertex farthest on the sphere,
    /// measured on the ellipsoid.
    /// </summary>
    public double FarthestMeters(GeoPoint from)
    {
        var p = SpatialTree.Unit(from.Latitude, from.Longitude);
        if (_hull is { } hull)
        {
            var (least, at) = (double.PositiveInfinity, 0);
            for (var i = 0; i < hull.Length; i += 3)
            {
                var cos = p.X * hull[i] + p.Y * hull[i + 1] + p.Z * hull[i + 2];
                if (cos < least)
                    (least, at) = (cos, i);
            }
            if (least > 0)
                return Geodesic.DistanceMeters(from, Point((hull[at], hull[at + 1], hull[at + 2])));
        }
        // The best so far as its cosine (smaller is farther; 2 while there is none) and the sine of its angle.
        var (bestCos, sinBest, farthest) = (2.0, 0.0, (0.0, 0.0, 0.0));
        Span<int> pending = stackalloc int[MaxPending];
        var count = 0;
        pending[count++] = 0;
        while (count > 0)
        {
            ref readonly var cap = ref _caps[pending[--count]];
            // Skipped when every point of the cap is nearer than the best: angle(p, centre) < best − radius, which
            // needs best > radius, that is cos(best) < cos(radius).
            if (bestCos < cap.CosRadius && Dot(p, (cap.X, cap.Y, cap.Z)) > bestCos * cap.CosRadius + sinBest * cap.SinRadius + Slack)
                continue;
            if (cap.Left < 0)
            {
                // Each edge's first vertex; the leaf's last edge adds its second, so every vertex of the run is seen.
                var before = bestCos;
                for (var e = cap.Lo; e <= cap.Hi; e++)
                {
                    var v = e < cap.Hi ? _edges[e] : _edges[cap.Hi - 1] + 1;
                    var cos = p.X * _x[v] + p.Y * _y[v] + p.Z * _z[v];
                    if (cos < bestCos)
                        (bestCos, farthest) = (cos, (_x[v], _y[v], _z[v]));
                }
                if (bestCos != before)
                    sinBest = Sine(bestCos);
                continue;
            }
            var fartherLeft = Dot(p, Centre(cap.Left)) <= Dot(p, Centre(cap.Right));
            pending[count++] = fartherLeft ? cap.Right : cap.Left;
            pending[count++] = fartherLeft ? cap.Left : cap.Right;
        }
        return Geodesic.DistanceMeters(from, Point(farthest));
    }

    /// <summary>
    /// The spherical convex hull's vertices, found as the planar hull of the gnomonic projection about
    /// <paramref name="centre"/> (which maps great circles to straight lines); <c>null</c> when some vertex is not
    /// in the hemisphere about the centre, where the projection does not reach.
    /// </summary>
    private double[]? Hull((double X, double Y, double Z) centre)
    {
        // A tangent basis at the centre: east (away from the pole) and north.
        var east = Math.Abs(centre.Z) < 0.9 ? Cross((0, 0, 1), centre) : Cross((1, 0, 0), centre);
        east = Scale(east, 1 / Math.Sqrt(Dot(east, east)));
        var north = Cross(centre, east);
        var projected = new Coordinate[_x.Length];
        for (var v = 0; v < _x.Length; v++)
        {
            var vertex = (_x[v], _y[v], _z[v]);
            var height = Dot(vertex, centre);
            if (height < 1e-6)
                return null;
            projected[v] = new Coordinate(Dot(vertex, east) / height, Dot(vertex, north) / height);
        }
        var hull = new NetTopologySuite.Algorithm.ConvexHull(projected, GeometryFactory.Default).GetConvexHull().Coordinates;
        var unit = new double[hull.Length * 3];
        for (var i = 0; i < hull.Length; i++)
        {
            var w = (centre.X + hull[i].X * east.Item1 + hull[i].Y * north.Item1, centre.Y + hull[i].X * east.Item2 + hull[i].Y * north.Item2,
                centre.Z + hull[i].X * east.Item3 + hull[i].Y * north.Item3);
            (unit[3 * i], unit[3 * i + 1], unit[3 * i + 2]) = Scale(w, 1 / Math.Sqrt(Dot(w, w)));
        }
        return unit;
    }

    private static IEnumerable<CoordinateSequence> Rings(Geometry part) =>
        Enumerable.Range(0, part.NumGeometries).Select(i => (Polygon)part.GetGeometryN(i))
            .SelectMany(polygon => new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
            .Where(ring => ring.NumPoints >= 2)
            .Select(ring => ring.CoordinateSequence);

    /// <summary>Builds the cap over edges [lo, hi) and its children; returns its index.</summary>
    private int Build(List<Cap> caps, int lo, int hi)
    {
        var (cx, cy, cz) = (0.0, 0.0, 0.0);
        for (var e = lo; e < hi; e++)
            (cx, cy, cz) = (cx + _x[_edges[e]], cy + _y[_edges[e]], cz + _z[_edges[e]]);
        var length = Math.Sqrt(cx * cx + cy * cy + cz * cz);
        var centre = length > 0 ? (cx / length, cy / length, cz / length) : (1.0, 0.0, 0.0);
        var radius = 0.0;
        for (var e = lo; e < hi; e++)
        {
            radius = Math.Max(radius, Angle(centre, (_x[_edges[e]], _y[_edges[e]], _z[_edges[e]])));
            radius = Math.Max(radius, Angle(centre, (_x[_edges[e] + 1], _y[_edges[e] + 1], _z[_edges[e] + 1])));
        }
        // A cap under a quadrant is convex, so it holds the arcs between its vertices; a wider one bounds nothing.
        radius = radius < Math.PI / 2 ? radius + 1e-12 : Math.PI;
        var index = caps.Count;
        caps.Add(new Cap(centre.Item1, centre.Item2, centre.Item3, radius, Math.Cos(radius), Math.Sin(radius), -1, -1, lo, hi));
        if (hi - lo > LeafEdges)
        {
            var mid = (lo + hi) >>> 1;
            var left = Build(caps, lo, mid);
            var right = Build(caps, mid, hi);
            caps[index] = caps[index] with { Left = left, Right = right };
        }
        return index;
    }

    private (double X, double Y, double Z) Centre(int cap) => (_caps[cap].X, _caps[cap].Y, _caps[cap].Z);

    /// <summary>
    /// The cosine of the angle from <paramref name="p"/> to the arc of edge <paramref name="edge"/> (larger is
    /// nearer), and the arc's point nearest to it.
    /// </summary>
    private (double Cos, (double X, double Y, double Z) Nearest) ToEdge((double X, double Y, double Z) p, int edge)
    {
        var a = (_x[edge], _y[edge], _z[edge]);
        var b = (_x[edge + 1], _y[edge + 1], _z[edge + 1]);
        var n = Cross(a, b);
        var nn = Dot(n, n);
        if (nn > 1e-30)
        {
            // p projected onto the arc's plane is q, and p · q̂ = |q|; on the arc when q lies between a and b as seen along the normal.
            var t = Dot(p, n) / nn;
            var q = (p.X - t * n.X, p.Y - t * n.Y, p.Z - t * n.Z);
            var length = Math.Sqrt(Dot(q, q));
            if (length > 0 && Dot(Cross(a, q), n) >= 0 && Dot(Cross(q, b), n) >= 0)
                return (length, (q.Item1 / length, q.Item2 / length, q.Item3 / length));
        }
        var (toA, toB) = (Dot(p, a), Dot(p, b));
        return toA >= toB ? (toA, a) : (toB, b);
    }

    /// <summary>The sine of the angle (in [0, π]) whose cosine is <paramref name="cos"/>, factored to keep its precision near 0 and π.</summary>
    private static double Sine(double cos)
    {
        var c = Math.Clamp(cos, -1, 1);
        return Math.Sqrt((1 - c) * (1 + c));
    }

    private static GeoPoint Point((double X, double Y, double Z) v) =>
        new(Math.Atan2(v.Z, Math.Sqrt(v.X * v.X + v.Y * v.Y)) * 180 / Math.PI, Math.Atan2(v.Y, v.X) * 180 / Math.PI);

    private static double Angle((double X, double Y, double Z) a, (double X, double Y, double Z) b)
    {
        var c = Cross(a, b);
        return Math.Atan2(Math.Sqrt(Dot(c, c)), Dot(a, b));
    }

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    private static (double X, double Y, double Z) Scale((double X, double Y, double Z) a, double k) => (a.X * k, a.Y * k, a.Z * k);

    private static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;
}
