namespace ClinicMap.Api.Serving;

/// <summary>
/// A static k-d tree over points on the unit sphere (x, y, z), where the straight-line (chord) distance orders
/// points exactly as the great-circle angle does. Implicit layout: the points are permuted so that the node of a
/// range [lo, hi) is its middle element, split on the axis of widest spread. Built once in O(n log n); a
/// k-nearest or radius search visits O(log n + answers) nodes in practice. Immutable after construction, so any
/// number of threads may search it at once.
/// </summary>
internal sealed class SpatialTree
{
    private readonly double[] _x, _y, _z;
    private readonly int[] _item;
    private readonly byte[] _axis;

    /// <param name="points">Unit vectors; the search answers give their positions in this list.</param>
    public SpatialTree(IReadOnlyList<(double X, double Y, double Z)> points)
    {
        var n = points.Count;
        (_x, _y, _z, _item, _axis) = (new double[n], new double[n], new double[n], new int[n], new byte[n]);
        var order = Enumerable.Range(0, n).ToArray();
        Build(points, order, 0, n);
        for (var i = 0; i < n; i++)
            (_x[i], _y[i], _z[i], _item[i]) = (points[order[i]].X, points[order[i]].Y, points[order[i]].Z, order[i]);
    }

    public int Count => _item.Length;

    /// <summary>The unit vector of a latitude/longitude in degrees.</summary>
    public static (double X, double Y, double Z) Unit(double latitude, double longitude)
    {
        var (φ, λ) = (latitude * Math.PI / 180, longitude * Math.PI / 180);
        return (Math.Cos(φ) * Math.Cos(λ), Math.Cos(φ) * Math.Sin(λ), Math.Sin(φ));
    }

    /// <summary>The <paramref name="k"/> accepted points nearest to <paramref name="q"/> by chord, as (item, squared chord), in no particular order.</summary>
    public List<(int Item, double Chord2)> Nearest((double X, double Y, double Z) q, int k, Func<int, bool> accept)
    {
        var heap = new PriorityQueue<(int Item, double Chord2), double>(k + 1);
        Nearest(q, k, accept, heap, 0, _item.Length);
        var result = new List<(int, double)>(heap.Count);
        while (heap.TryDequeue(out var found, out _))
            result.Add(found);
        return result;
    }

    /// <summary>Every accepted point within squared chord <paramref name="chord2"/> of <paramref name="q"/>, as (item, squared chord).</summary>
    public List<(int Item, double Chord2)> Within((double X, double Y, double Z) q, double chord2, Func<int, bool> accept)
    {
        var result = new List<(int, double)>();
        Within(q, chord2, accept, result, 0, _item.Length);
        return result;
    }

    private void Nearest((double X, double Y, double Z) q, int k, Func<int, bool> accept, PriorityQueue<(int, double), double> heap, int lo, int hi)
    {
        if (lo >= hi)
            return;
        var mid = (lo + hi) >>> 1;
        var d2 = Square(_x[mid] - q.X) + Square(_y[mid] - q.Y) + Square(_z[mid] - q.Z);
        if (accept(_item[mid]))
        {
            if (heap.Count < k)
                heap.Enqueue((_item[mid], d2), -d2);
            else if (heap.TryPeek(out _, out var worst) && d2 < -worst)
                heap.EnqueueDequeue((_item[mid], d2), -d2);
        }
        var delta = Coordinate(_axis[mid], q) - Coordinate(_axis[mid], mid);
        var (near, far) = delta < 0 ? ((lo, mid), (mid + 1, hi)) : ((mid + 1, hi), (lo, mid));
        Nearest(q, k, accept, heap, near.Item1, near.Item2);
        if (heap.Count < k || (heap.TryPeek(out _, out var bound) && delta * delta < -bound))
            Nearest(q, k, accept, heap, far.Item1, far.Item2);
    }

    private void Within((double X, double Y, double Z) q, double chord2, Func<int, bool> accept, List<(int, double)> result, int lo, int hi)
    {
        if (lo >= hi)
            return;
        var mid = (lo + hi) >>> 1;
        var d2 = Square(_x[mid] - q.X) + Square(_y[mid] - q.Y) + Square(_z[mid] - q.Z);
        if (d2 <= chord2 && accept(_item[mid]))
            result.Add((_item[mid], d2));
        var delta = Coordinate(_axis[mid], q) - Coordinate(_axis[mid], mid);
        if (delta < 0 || delta * delta <= chord2)
            Within(q, chord2, accept, result, lo, mid);
        if (delta >= 0 || delta * delta <= chord2)
            Within(q, chord2, accept, result, mid + 1, hi);
    }

    private double Coordinate(byte axis, int i) => axis switch { 0 => _x[i], 1 => _y[i], _ => _z[i] };

    private static double Coordinate(byte axis, (double X, double Y, double Z) q) => axis switch { 0 => q.X, 1 => q.Y, _ => q.Z };

    private static double Square(double v) => v * v;

    private void Build(IReadOnlyList<(double X, double Y, double Z)> points, int[] order, int lo, int hi)
    {
        if (hi - lo <= 0)
            return;
        var axis = WidestAxis(points, order, lo, hi);
        var mid = (lo + hi) >>> 1;
        Array.Sort(order, lo, hi - lo, Comparer<int>.Create((a, b) => Value(points[a], axis).CompareTo(Value(points[b], axis))));
        _axis[mid] = axis;
        Build(points, order, lo, mid);
        Build(points, order, mid + 1, hi);
    }

    private static byte WidestAxis(IReadOnlyList<(double X, double Y, double Z)> points, int[] order, int lo, int hi)
    {
        Span<double> min = [double.MaxValue, double.MaxValue, double.MaxValue];
        Span<double> max = [double.MinValue, double.MinValue, double.MinValue];
        for (var i = lo; i < hi; i++)
        {
            for (byte a = 0; a < 3; a++)
            {
                var v = Value(points[order[i]], a);
                min[a] = Math.Min(min[a], v);
                max[a] = Math.Max(max[a], v);
            }
        }
        var spreads = new[] { max[0] - min[0], max[1] - min[1], max[2] - min[2] };
        return (byte)Array.IndexOf(spreads, spreads.Max());
    }

    private static double Value((double X, double Y, double Z) p, byte axis) => axis switch { 0 => p.X, 1 => p.Y, _ => p.Z };
}
