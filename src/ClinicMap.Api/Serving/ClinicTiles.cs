using ClinicMap.Core.Clinics;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.VectorTiles;
using NetTopologySuite.IO.VectorTiles.Mapbox;
using NetTopologySuite.IO.VectorTiles.Tiles.WebMercator;
using VectorTileId = NetTopologySuite.IO.VectorTiles.Tiles.Tile;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Mapbox Vector Tiles (layer <c>clinics</c>, Web Mercator of WGS-84) of one version's clinics, built from memory, so
/// a tile answers while the database does not. What a tile holds is what PostGIS <c>ST_AsMVT(ST_AsMVTGeom(…, 4096,
/// 64, true))</c> gives for the same clinics (the tests hold the two equal, tile for tile): every clinic within the
/// tile and its 64-unit buffer, at its position rounded to the 4096-unit grid, with <c>id</c>, <c>name</c>,
/// <c>kinds</c> and <c>precision</c>. Up to <see cref="ClusterMaxZoom"/> the clinics of one
/// <see cref="ClusterCell"/>-unit cell are one point with <c>cluster</c> and <c>point_count</c>, so a phone showing a
/// province does not download every clinic in it. Thread-safe: immutable after construction.
/// </summary>
/// <remarks>
/// NetTopologySuite.IO.VectorTiles.Mapbox encodes the tile (layers, key and value tables, geometry commands). Its
/// writer truncates a position to the grid where PostGIS rounds, so each point is handed to it at the centre of the
/// grid unit PostGIS would round to, computed from the writer's own tile origin.
/// </remarks>
public sealed class ClinicTiles
{
    /// <summary>Tile units per side, as <c>ST_AsMVT</c>'s default.</summary>
    public const int Extent = 4096;

    /// <summary>Units around the tile whose clinics are also written, so a symbol at the edge is not cut.</summary>
    public const int Buffer = 64;

    /// <summary>The deepest zoom whose tiles cluster (a z 9 tile is about 78 km wide at the equator).</summary>
    public const int ClusterMaxZoom = 9;

    /// <summary>Side of a clustering cell in tile units: 16 cells per tile side.</summary>
    public const int ClusterCell = 256;

    public const string LayerName = "clinics";

    public const string MediaType = "application/vnd.mapbox-vector-tile";

    private const double OriginShift = Math.PI * 6_378_137;

    private readonly Clinic[] _clinics;

    /// <summary>Each clinic's Web Mercator position as fractions of the world: x east from 180° W, y south from the top.</summary>
    private readonly double[] _x, _y;

    /// <summary>Positions ordered by <see cref="_x"/>: a tile's clinics are a binary search and a short scan away.</summary>
    private readonly int[] _byX;

    public ClinicTiles(IReadOnlyList<Clinic> clinics)
    {
        _clinics = [.. clinics];
        _x = new double[_clinics.Length];
        _y = new double[_clinics.Length];
        for (var i = 0; i < _clinics.Length; i++)
            (_x[i], _y[i]) = WorldFraction(_clinics[i].Location.Latitude, _clinics[i].Location.Longitude);
        _byX = Enumerable.Range(0, _clinics.Length).OrderBy(i => _x[i]).ToArray();
    }

    /// <summary>
    /// Spherical Web Mercator (EPSG:3857 on WGS-84 degrees, as PostGIS transforms) as fractions of the world.
    /// </summary>
    public static (double X, double Y) WorldFraction(double latitude, double longitude)
    {
        var φ = latitude * Math.PI / 180;
        return ((longitude + 180) / 360, (1 - Math.Log(Math.Tan(Math.PI / 4 + φ / 2)) / Math.PI) / 2);
    }

    /// <summary>Tile z/x/y (valid: the caller checks the grid), encoded; no bytes at all when no clinic is near it.</summary>
    public byte[] Tile(int z, int x, int y)
    {
        var scale = (double)(1L << z) * Extent;
        var members = new List<(int Position, long Ux, long Uy)>();
        foreach (var i in Near(z, x))
        {
            // Tile units as ST_AsMVTGeom computes them: rounded half to even (rint), then clipped to the buffer, edges included.
            var (ux, uy) = ((long)Math.Round(_x[i] * scale - (double)x * Extent), (long)Math.Round(_y[i] * scale - (double)y * Extent));
            if (ux < -Buffer || ux > Extent + Buffer || uy < -Buffer || uy > Extent + Buffer)
                continue;
            members.Add((i, ux, uy));
        }
        if (members.Count == 0)
            return []; // as ST_AsMVT answers for no rows
        var layer = new Layer { Name = LayerName };
        var grid = new WriterGrid(z, x, y);
        if (z <= ClusterMaxZoom)
            AddClustered(layer, members, grid);
        else
            foreach (var (position, ux, uy) in members)
                layer.Features.Add(new Feature(grid.Point(ux, uy), Attributes(_clinics[position])));
        var tile = new VectorTile { TileId = new VectorTileId(x, y, z).Id };
        tile.Layers.Add(layer);
        using var stream = new MemoryStream();
        tile.Write(stream, MapboxTileWriter.DefaultMinLinealExtent, MapboxTileWriter.DefaultMinPolygonalExtent, extent: Extent);
        return stream.ToArray();
    }

    /// <summary>The clinics whose x lies within tile column <paramref name="x"/> and its buffer, and a few more (the caller clips).</summary>
    private IEnumerable<int> Near(int z, int x)
    {
        var n = (double)(1L << z);
        // One unit wider than the buffer: a clinic up to half a unit past it rounds onto its edge, and is kept.
        var margin = (Buffer + 1.0) / Extent;
        var (west, east) = ((x - margin) / n, (x + 1 + margin) / n);
        var (lo, hi) = (0, _byX.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_x[_byX[mid]] < west)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (var k = lo; k < _byX.Length && _x[_byX[k]] <= east; k++)
            yield return _byX[k];
    }

    private void AddClustered(Layer layer, List<(int Position, long Ux, long Uy)> members, WriterGrid grid)
    {
        // Cells by floor division, so the buffer's negative units form their own cells; in cell order, for a stable tile.
        var cells = members.GroupBy(m => (Math.Floor(m.Ux / (double)ClusterCell), Math.Floor(m.Uy / (double)ClusterCell)))
            .OrderBy(g => g.Key.Item2).ThenBy(g => g.Key.Item1);
        foreach (var cell in cells)
        {
            var list = cell.ToList();
            if (list.Count == 1)
            {
                var (position, ux, uy) = list[0];
                layer.Features.Add(new Feature(grid.Point(ux, uy), Attributes(_clinics[position])));
                continue;
            }
            // The members' mean, rounded: inside the cell, since a cell is convex.
            var (mx, my) = ((long)Math.Round(list.Average(m => (double)m.Ux)), (long)Math.Round(list.Average(m => (double)m.Uy)));
            layer.Features.Add(new Feature(grid.Point(mx, my), new AttributesTable { { "cluster", true }, { "point_count", list.Count } }));
        }
    }

    private static AttributesTable Attributes(Clinic clinic) => new()
    {
        { "id", clinic.Id.ToString("D") },
        { "name", clinic.Name },
        { "kinds", string.Join(',', clinic.Kinds.Select(k => k.ToWire())) },
        { "precision", clinic.LocationPrecision.ToWire() },
    };

    /// <summary>
    /// The writer's pixel grid for one tile: it measures a position from its own tile origin (the tile's corner taken
    /// through latitude and back, then truncated) and truncates. A point given at the centre of unit (ux, uy) of that
    /// grid is written as exactly (ux, uy).
    /// </summary>
    private readonly struct WriterGrid
    {
        private readonly double _resolution;
        private readonly long _left, _top;

        public WriterGrid(int z, int x, int y)
        {
            var corner = new VectorTileId(x, y, z);
            _resolution = WebMercatorHandler.Resolution(z, Extent);
            (_left, _top) = WebMercatorHandler.FromMetersToPixels(WebMercatorHandler.LatLonToMeters(corner.Top, corner.Left), _resolution);
        }

        public Point Point(long ux, long uy)
        {
            var meters = ((_left + ux + 0.5) * _resolution - OriginShift, (_top - uy + 0.5) * _resolution - OriginShift);
            var (longitude, latitude) = WebMercatorHandler.MetersToLatLon(meters);
            return new Point(longitude, latitude);
        }
    }
}
