using ClinicMap.Core.Geography;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace ClinicMap.Api.Serving;

/// <summary>
/// The area a clinic known only by its division may be in (one county, or every county of a prefecture), held in
/// memory to answer how near and how far its points are from a resident — as PostGIS answers
/// <c>ST_Distance(area::geography, point::geography)</c> and the largest such distance to the area's vertices.
/// </summary>
/// <remarks>
/// NetTopologySuite answers containment (<see cref="IndexedPointInAreaLocator"/>, planar in longitude/latitude, as the
/// boundary check in PostGIS is). Its distances are planar, however, and a planar frame distorts the distance from a
/// resident far from the area, so the distances are measured here on the sphere as PostGIS measures geography:
/// the point of each edge (a great-circle arc) nearest on the sphere, then the ellipsoidal distance to it. A small
/// tree of spherical caps over runs of consecutive edges keeps a query to O(log n) caps and a few edges; the
/// farthest point of an area is one of its vertices (on an arc shorter than a quadrant the distance from a point
/// has no interior maximum). Immutable after construction: any number of threads may query it at once.
/// </remarks>
internal sealed class AreaShape
{
    /// <summary>The mean Earth radius (IUGG R1) the caps are measured on.</summary>
    private const double MeanRadius = 6_371_008.8;

    /// <summary>
    /// An ellipsoidal distance is within this factor of the mean-sphere one either way (the same bound as
    /// <see cref="ClinicIndex"/>'s): an edge or vertex whose sphere distance cannot beat the best ellipsoidal one
    /// found by this factor is not measured on the ellipsoid.
    /// </summary>
    private const double SphereBound = 1.007;

    /// <summary>Edges per leaf cap: few enough to measure each, many enough to keep the tree shallow.</summary>
    private const int LeafEdges = 8;

    private readonly IndexedPointInAreaLocator[] _locators;
    private readonly double[] _x, _y, _z;

    /// <summary>The first vertex of each edge; its second is the next one.</summary>
    private readonly int[] _edges;

    /// <summary>Caps: centre, angular radius, children (−1 in a leaf) and the leaf's edge range.</summary>
    private readonly List<Cap> _caps = [];

    private readonly record struct Cap(double X, double Y, double Z, double Radius, int Left, int Right, int Lo, int Hi);

    /// <param name="parts">Polygonal geometries in WGS-84 (x longitude, y latitude), such as a prefecture's counties.</param>
    public AreaShape(IReadOnlyList<Geometry> parts)
    {
        if (parts.Count == 0 || parts.Any(p => p is not (Polygon or MultiPolygon) || p.IsEmpty))
            throw new ArgumentException("an area is one or more non-empty polygons", nameof(parts));
        _locators = parts.Select(p => new IndexedPointInAreaLocator(p)).ToArray();
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
        Build(0, _edges.Length);
    }

    public int Vertices => _x.Length;

    /// <summary>Whether the point is inside the area or on its edge.</summary>
    public bool Contains(GeoPoint point) =>
        _locators.Any(l => l.Locate(new Coordinate(point.Longitude, point.Latitude)) != Location.Exterior);

    /// <summary>
    /// The distance in metres from <paramref name="from"/> (WGS-84) to the nearest point of the area: 0 inside;
    /// outside, the ellipsoidal distance to the point of the nearest edge found on the sphere, as PostGIS measures geography.
    /// </summary>
    public double NearestMeters(GeoPoint from)
    {
        if (Contains(from))
            return 0;
        var p = SpatialTree.Unit(from.Latitude, from.Longitude);
        var best = double.PositiveInfinity;
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.TryPop(out var c))
        {
            var cap = _caps[c];
            if ((Angle(p, (cap.X, cap.Y, cap.Z)) - cap.Radius) * MeanRadius / SphereBound > best)
                continue;
            if (cap.Left < 0)
            {
                for (var e = cap.Lo; e < cap.Hi; e++)
                {
                    var (angle, nearest) = ToEdge(p, _edges[e]);
                    if (angle * MeanRadius / SphereBound <= best)
                        best = Math.Min(best, Geodesic.DistanceMeters(from, Point(nearest)));
                }
                continue;
            }
            // The nearer child is searched first, so that the farther one is more often pruned.
            var (near, far) = Angle(p, Centre(cap.Left)) <= Angle(p, Centre(cap.Right)) ? (cap.Left, cap.Right) : (cap.Right, cap.Left);
            stack.Push(far);
            stack.Push(near);
        }
        return best;
    }

    /// <summary>The distance in metres from <paramref name="from"/> (WGS-84) to the farthest vertex of the area, on the ellipsoid.</summary>
    public double FarthestMeters(GeoPoint from)
    {
        var p = SpatialTree.Unit(from.Latitude, from.Longitude);
        var best = 0.0;
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.TryPop(out var c))
        {
            var cap = _caps[c];
            if ((Angle(p, (cap.X, cap.Y, cap.Z)) + cap.Radius) * MeanRadius * SphereBound < best)
                continue;
            if (cap.Left < 0)
            {
                for (var e = cap.Lo; e < cap.Hi; e++)
                {
                    foreach (var v in (ReadOnlySpan<int>)[_edges[e], _edges[e] + 1])
                    {
                        var vertex = (_x[v], _y[v], _z[v]);
                        if (Angle(p, vertex) * MeanRadius * SphereBound >= best)
                            best = Math.Max(best, Geodesic.DistanceMeters(from, Point(vertex)));
                    }
                }
                continue;
            }
            var (far, near) = Angle(p, Centre(cap.Left)) >= Angle(p, Centre(cap.Right)) ? (cap.Left, cap.Right) : (cap.Right, cap.Left);
            stack.Push(near);
            stack.Push(far);
        }
        return best;
    }

    private static IEnumerable<CoordinateSequence> Rings(Geometry part) =>
        Enumerable.Range(0, part.NumGeometries).Select(i => (Polygon)part.GetGeometryN(i))
            .SelectMany(polygon => new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
            .Where(ring => ring.NumPoints >= 2)
            .Select(ring => ring.CoordinateSequence);

    /// <summary>Builds the cap over edges [lo, hi) and its children; returns its index.</summary>
    private int Build(int lo, int hi)
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
        var index = _caps.Count;
        _caps.Add(new Cap(centre.Item1, centre.Item2, centre.Item3, radius, -1, -1, lo, hi));
        if (hi - lo > LeafEdges)
        {
            var mid = (lo + hi) >>> 1;
            var left = Build(lo, mid);
            var right = Build(mid, hi);
            _caps[index] = _caps[index] with { Left = left, Right = right };
        }
        return index;
    }

    private (double X, double Y, double Z) Centre(int cap) => (_caps[cap].X, _caps[cap].Y, _caps[cap].Z);

    /// <summary>The angle from <paramref name="p"/> to the arc of edge <paramref name="edge"/>, and the arc's point nearest to it.</summary>
    private (double Angle, (double X, double Y, double Z) Nearest) ToEdge((double X, double Y, double Z) p, int edge)
    {
        var a = (_x[edge], _y[edge], _z[edge]);
        var b = (_x[edge + 1], _y[edge + 1], _z[edge + 1]);
        var n = Cross(a, b);
        var nn = Dot(n, n);
        if (nn > 1e-30)
        {
            // p projected onto the arc's plane; on the arc when it lies between a and b as seen along the normal.
            var t = Dot(p, n) / nn;
            var q = (p.X - t * n.X, p.Y - t * n.Y, p.Z - t * n.Z);
            var length = Math.Sqrt(Dot(q, q));
            if (length > 0 && Dot(Cross(a, q), n) >= 0 && Dot(Cross(q, b), n) >= 0)
            {
                var onArc = (q.Item1 / length, q.Item2 / length, q.Item3 / length);
                return (Angle(p, onArc), onArc);
            }
        }
        var (toA, toB) = (Angle(p, a), Angle(p, b));
        return toA <= toB ? (toA, a) : (toB, b);
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

    private static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;
}
