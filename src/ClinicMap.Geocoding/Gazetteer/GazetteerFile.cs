using System.Globalization;
using System.Text;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;

namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// The gazetteer's data file: UTF-8 TSV, a header line, then one division a line:
/// <c>code, level (1 province · 2 prefecture · 3 county), parent code, name, aliases (| separated), centre latitude,
/// centre longitude</c> with the centre in WGS-84 (6 decimals) or both empty when no source gives one.
/// Written by data-import/gazetteer/build.sh; read at start-up.
/// </summary>
public static class GazetteerFile
{
    public const string Header = "code\tlevel\tparent\tname\taliases\tlat\tlon";

    public static IReadOnlyList<AdminDivision> Read(TextReader reader)
    {
        var header = reader.ReadLine();
        if (header != Header)
            throw new InvalidDataException($"gazetteer file: expected header '{Header}', got '{header}'");
        var divisions = new List<AdminDivision>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var f = line.Split('\t');
            if (f.Length != 7 || !AdminCode.IsWellFormed(f[0]) || !int.TryParse(f[1], CultureInfo.InvariantCulture, out var level))
                throw new InvalidDataException($"gazetteer file line {lineNumber}: malformed '{line}'");
            GeoPoint? centre = f[5].Length == 0 ? null : new GeoPoint(
                double.Parse(f[5], CultureInfo.InvariantCulture), double.Parse(f[6], CultureInfo.InvariantCulture));
            divisions.Add(new AdminDivision(
                f[0], f[3], (DivisionLevel)level, f[2].Length == 0 ? null : f[2], centre,
                f[4].Length == 0 ? [] : f[4].Split('|')));
        }
        return divisions;
    }

    public static void Write(TextWriter writer, IEnumerable<AdminDivision> divisions)
    {
        writer.Write(Header);
        writer.Write('\n');
        foreach (var d in divisions.OrderBy(d => d.Code, StringComparer.Ordinal))
        {
            var line = new StringBuilder()
                .Append(d.Code).Append('\t')
                .Append((int)d.Level).Append('\t')
                .Append(d.ParentCode).Append('\t')
                .Append(d.Name).Append('\t')
                .Append(string.Join('|', d.Aliases)).Append('\t')
                .Append(d.Centre is { } c ? c.Latitude.ToString("0.000000", CultureInfo.InvariantCulture) : "").Append('\t')
                .Append(d.Centre is { } c2 ? c2.Longitude.ToString("0.000000", CultureInfo.InvariantCulture) : "");
            writer.Write(line.ToString());
            writer.Write('\n');
        }
    }
}
