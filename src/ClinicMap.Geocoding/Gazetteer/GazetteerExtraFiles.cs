using System.Globalization;
using System.IO.Compression;
using System.Text;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;

namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// The gazetteer's two gzip-compressed companions of divisions.tsv, written by data-import/gazetteer/build.sh:
/// <c>towns.tsv.gz</c> (<c>code, county, name, lat, lon</c>: 9-digit township code, its county, its name and its centre
/// in WGS-84, blank when no source gives one) and
/// <c>boundaries.tsv.gz</c> (<c>code, wkt</c>: a county's, or a county-less city's, (Multi)Polygon in WGS-84 as WKT).
/// </summary>
public static class GazetteerExtraFiles
{
    public const string TownsHeader = "code\tcounty\tname\tlat\tlon";
    public const string BoundariesHeader = "code\twkt";

    public static IReadOnlyList<Township> ReadTowns(Stream gzip) =>
        ReadLines(gzip, TownsHeader, 5, f => new Township(f[0], f[1], f[2], f[3].Length == 0 ? null
            : new GeoPoint(double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture)))).ToList();

    /// <summary>The boundaries as (code, WKT), streamed: the file is large and PostGIS parses the WKT.</summary>
    public static IEnumerable<(string Code, string Wkt)> ReadBoundaries(Stream gzip) =>
        ReadLines(gzip, BoundariesHeader, 2, f => (f[0], f[1]));

    /// <summary>The boundaries file embedded in this assembly, gzip-compressed as written.</summary>
    public static Stream OpenEmbeddedBoundaries() =>
        typeof(GazetteerExtraFiles).Assembly.GetManifestResourceStream("Gazetteer/boundaries.tsv.gz")
            ?? throw new InvalidOperationException("the embedded boundaries (Gazetteer/boundaries.tsv.gz) are missing from ClinicMap.Geocoding");

    public static void WriteTowns(Stream output, IEnumerable<Township> towns) =>
        WriteLines(output, TownsHeader, towns.OrderBy(t => t.Code, StringComparer.Ordinal).Select(t => string.Join('\t',
            t.Code, t.CountyCode, t.Name,
            t.Centre?.Latitude.ToString("0.000000", CultureInfo.InvariantCulture) ?? "", t.Centre?.Longitude.ToString("0.000000", CultureInfo.InvariantCulture) ?? "")));

    public static void WriteBoundaries(Stream output, IEnumerable<(string Code, string Wkt)> boundaries) =>
        WriteLines(output, BoundariesHeader, boundaries.OrderBy(b => b.Code, StringComparer.Ordinal).Select(b => $"{b.Code}\t{b.Wkt}"));

    private static IEnumerable<T> ReadLines<T>(Stream gzip, string header, int fields, Func<string[], T> make)
    {
        using var reader = new StreamReader(new GZipStream(gzip, CompressionMode.Decompress), Encoding.UTF8);
        var first = reader.ReadLine();
        if (first != header)
            throw new InvalidDataException($"gazetteer file: expected header '{header}', got '{first}'");
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var f = line.Split('\t');
            if (f.Length != fields || !AdminCode.IsWellFormed(f[0][..6]))
                throw new InvalidDataException($"gazetteer file line {lineNumber}: malformed");
            yield return make(f);
        }
    }

    private static void WriteLines(Stream output, string header, IEnumerable<string> lines)
    {
        using var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false));
        writer.Write(header);
        writer.Write('\n');
        foreach (var line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }
    }
}
