using System.IO.Compression;

namespace ClinicMap.Core.Geography;

/// <summary>
/// Mainland China's outline as a two-level bit raster: where GCJ-02 applies. Hong Kong, Macau, Taiwan and every
/// neighbouring country are outside it.
/// </summary>
/// <remarks>
/// The raster is built by <c>clinicmap-import gazetteer mask</c> from the embedded mainland county boundaries
/// (simplified to 0.0025°) and grown by one fine cell so that coastal and border points the simplification shaved
/// off stay inside; the ambiguity at an edge is therefore about one fine cell (≈ 0.78 km). Coarse cells of 0.5° are
/// all-out, all-in or mixed; a mixed cell holds a 64 × 64 tile of bits. A lookup is two array reads, O(1); the data
/// (≈ 1 MB) is decompressed once, on first use, from this assembly's embedded resource.
/// </remarks>
public static class MainlandMask
{
    public const double West = 73.0;
    public const double South = 3.0;
    public const double CoarseDegrees = 0.5;
    public const int CoarseColumns = 126;
    public const int CoarseRows = 102;
    public const int TileCells = 64;
    public const double FineDegrees = CoarseDegrees / TileCells;
    public const int TileBytes = TileCells * TileCells / 8;

    public const byte Outside = 0;
    public const byte Inside = 1;
    public const byte Mixed = 2;

    private const string ResourceName = "Geography/mainland-mask.bin.gz";

    private static readonly Lazy<Raster> Data = new(Load);

    /// <summary>True when a WGS-84 position lies in mainland China (within about a fine cell of its outline).</summary>
    public static bool Contains(double latitude, double longitude) => Data.Value.Contains(latitude, longitude);

    /// <summary>Reads a raster in the layout the builder writes: coarse classes row by row (south first), then the tiles of the mixed cells in the same order.</summary>
    public static Func<double, double, bool> Read(Stream raw)
    {
        var raster = Raster.Read(raw);
        return raster.Contains;
    }

    private static Raster Load()
    {
        using var resource = typeof(MainlandMask).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from ClinicMap.Core");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        return Raster.Read(gzip);
    }

    private sealed class Raster(byte[] coarse, int[] tileIndex, byte[] tiles)
    {
        public static Raster Read(Stream raw)
        {
            var coarse = new byte[CoarseRows * CoarseColumns];
            raw.ReadExactly(coarse);
            var tileIndex = new int[coarse.Length];
            var mixed = 0;
            for (var i = 0; i < coarse.Length; i++)
            {
                if (coarse[i] > Mixed)
                    throw new InvalidDataException($"mainland mask: coarse cell {i} has class {coarse[i]}");
                tileIndex[i] = coarse[i] == Mixed ? mixed++ : -1;
            }
            var tiles = new byte[mixed * TileBytes];
            raw.ReadExactly(tiles);
            return new Raster(coarse, tileIndex, tiles);
        }

        public bool Contains(double latitude, double longitude)
        {
            var y = (latitude - South) / FineDegrees;
            var x = (longitude - West) / FineDegrees;
            if (!(y >= 0 && x >= 0 && y < CoarseRows * TileCells && x < CoarseColumns * TileCells))
                return false;
            int row = (int)y, column = (int)x;
            var cell = row / TileCells * CoarseColumns + column / TileCells;
            var cls = coarse[cell];
            if (cls != Mixed)
                return cls == Inside;
            var bit = row % TileCells * TileCells + column % TileCells;
            return (tiles[tileIndex[cell] * TileBytes + bit / 8] & (1 << (bit % 8))) != 0;
        }
    }
}
