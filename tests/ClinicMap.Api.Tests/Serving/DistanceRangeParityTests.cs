using ClinicMap.Api.Serving;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Data.Boundaries;
using ClinicMap.Data.Clinics;
using ClinicMap.Geocoding.Gazetteer;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClinicMap.Api.Tests.Serving;

/// <summary>
/// The distance ranges the index answers for approximate clinics equal what PostGIS says of the same boundaries:
/// the nearest point of the area is <c>ST_Distance(geography)</c> to its counties, the farthest the geodesic
/// distance to the vertex farthest on the sphere (chosen on the sphere and measured on the ellipsoid, as PostGIS
/// measures the nearest), and a township's disc has the radius √(area / (π · townships)) of
/// the county's <c>ST_Area(geography)</c>. Residents are drawn near the clinics (as real nearest questions are),
/// inside their areas and far away.
/// </summary>
public class DistanceRangeParityTests(BoundariesApiFixture api) : IClassFixture<BoundariesApiFixture>
{
    private const string AreaSql = """
        WITH o AS (SELECT ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography AS g),
             a AS (SELECT geom FROM division_boundaries WHERE code BETWEEN $1 AND $2)
        SELECT (SELECT min(ST_Distance(a.geom::geography, o.g)) FROM a, o),
               (SELECT ST_Distance((d.p).geom::geography, o.g) FROM (SELECT ST_DumpPoints(geom) AS p FROM a) d, o
                 ORDER BY ST_Distance((d.p).geom::geography, o.g, false) DESC LIMIT 1),
               (SELECT sum(ST_Area(geom::geography)) FROM a)
        """;

    [Fact]
    public async Task RangesOfApproximateClinicsEqualPostgis()
    {
        var store = new ClinicStore(api.Database.DataSource);
        var version = (await store.CurrentVersionAsync())!;
        var clinics = await store.ListAsync(version.Version, "");
        var areas = new DivisionAreas(new BoundaryStore(api.Database.DataSource), NullLogger<DivisionAreas>.Instance);
        await areas.LoadAsync(clinics);
        var index = new ClinicIndex(version, clinics, null, areas);
        var approximate = clinics.Where(c => c.LocationPrecision >= LocationPrecision.Township).ToList();
        foreach (var precision in new[] { LocationPrecision.Township, LocationPrecision.District, LocationPrecision.City })
            Assert.Contains(approximate, c => c.LocationPrecision == precision);

        var random = new Random(20261207);
        var checkedRanges = new Dictionary<LocationPrecision, int>();
        var (inside, mismatches) = (0, new List<string>());
        for (var q = 0; q < 150; q++)
        {
            var near = approximate[random.Next(approximate.Count)].Location;
            // Within ~0–60 km of an approximate clinic, or anywhere from the Tarim Basin to the coast.
            var origin = q % 10 == 9
                ? new GeoPoint(20 + random.NextDouble() * 25, 80 + random.NextDouble() * 40)
                : new GeoPoint(near.Latitude + (random.NextDouble() - 0.5) * 1.0 * Math.Pow(random.NextDouble(), 2), near.Longitude + (random.NextDouble() - 0.5) * 1.2 * Math.Pow(random.NextDouble(), 2));
            var nearest = index.NearestPositions(new NearestQuery(origin, 10, [], null));
            var ranges = index.DistanceRanges(origin, nearest);
            for (var i = 0; i < nearest.Count; i++)
            {
                var clinic = index.Clinics[nearest[i].Position];
                if (clinic.LocationPrecision < LocationPrecision.Township)
                {
                    Assert.Null(ranges[i]);
                    continue;
                }
                var (lo, hi) = BoundaryStore.CodeRange(clinic.AdminCode);
                var (areaMin, areaMax, area) = await AreaAsync(lo, hi, origin);
                if (areaMin is null)
                {
                    Assert.Null(ranges[i]);
                    continue;
                }
                var d = nearest[i].DistanceMeters;
                var (min, max) = (areaMin.Value, areaMax!.Value);
                if (clinic.LocationPrecision == LocationPrecision.Township && TownshipIndex.Embedded.InCounty(clinic.AdminCode).Count is > 0 and var n)
                {
                    var radius = Math.Sqrt(area!.Value / (Math.PI * n));
                    (min, max) = (Math.Max(min, d - radius), Math.Min(max, d + radius));
                }
                (min, max) = (Math.Min(min, d), Math.Max(max, d));
                inside += areaMin == 0 ? 1 : 0;
                checkedRanges[clinic.LocationPrecision] = checkedRanges.GetValueOrDefault(clinic.LocationPrecision) + 1;
                var range = ranges[i];
                if (range is null || Math.Abs(range.MinMeters - min) > 0.5 || Math.Abs(range.MaxMeters - max) > 0.5)
                    mismatches.Add($"{clinic.Name} ({clinic.AdminCode}, {clinic.LocationPrecision}) from {origin}: PostGIS {min:0.0}–{max:0.0}, index {range?.MinMeters:0.0}–{range?.MaxMeters:0.0}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} ranges differ:\n{string.Join('\n', mismatches.Take(10))}");
        Assert.All(new[] { LocationPrecision.Township, LocationPrecision.District, LocationPrecision.City },
            p => Assert.True(checkedRanges.GetValueOrDefault(p) >= 5, $"only {checkedRanges.GetValueOrDefault(p)} {p} ranges were compared"));
        Assert.True(inside >= 10, $"only {inside} residents inside the area of a clinic near them");
    }

    [Theory]
    [InlineData(39.91, 116.40)]   // 东城区: the issue's six clinics at one district centre
    [InlineData(30.5928, 114.3055)] // 武汉
    [InlineData(18.70, 110.45)]  // 万宁, townships of a county-level city
    public async Task NearestAnswersCarryTheRangeOfEveryApproximateClinicAndOnlyOfThose(double lat, double lon)
    {
        using var client = api.CreateClient();
        using var body = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(
            FormattableString.Invariant($"/api/v1/clinics/nearest?lat={lat}&lon={lon}&limit=20")));

        var results = body.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(20, results.Count);
        var withRange = 0;
        foreach (var clinic in results)
        {
            var approximate = clinic.GetProperty("locationPrecision").GetString() is "township" or "district" or "city";
            var hasRange = clinic.TryGetProperty("distanceRange", out var range);
            // Every approximate clinic of the sample lies in a division with a loaded boundary.
            Assert.Equal(approximate, hasRange);
            if (!hasRange)
                continue;
            withRange++;
            var (min, max, distance) = (range.GetProperty("minMeters").GetDouble(), range.GetProperty("maxMeters").GetDouble(), clinic.GetProperty("distanceMeters").GetDouble());
            Assert.InRange(distance, min, max);
            Assert.True(max > min, $"{clinic.GetProperty("name")}: an area, not a point ({min}–{max})");
        }
        Assert.True(withRange > 0, "no approximate clinic near the origin");
    }

    private async Task<(double? Min, double? Max, double? Area)> AreaAsync(string lo, string hi, GeoPoint origin)
    {
        await using var command = api.Database.DataSource.CreateCommand(AreaSql);
        foreach (var value in new object[] { lo, hi, origin.Longitude, origin.Latitude })
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.IsDBNull(0) ? (null, null, null) : (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2));
    }
}
