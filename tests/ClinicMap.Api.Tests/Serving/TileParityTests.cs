using ClinicMap.Api.Serving;
using ClinicMap.Api.Tests.Apis;
using ClinicMap.Core.Clinics;
using ClinicMap.Data.Clinics;
using Npgsql;

namespace ClinicMap.Api.Tests.Serving;

/// <summary>
/// The tiles the serving index builds equal PostGIS's <c>ST_AsMVT</c> tile for tile: the same clinics at the same
/// grid positions with the same properties, over random tiles at every zoom; at clustering zooms, PostGIS's points
/// counted per cell are exactly the clusters and single points the index writes.
/// </summary>
public class TileParityTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    /// <summary>
    /// The oracle: PostGIS's own tile of a version, layer "clinics", extent 4096, buffer 64, clipped by
    /// ST_AsMVTGeom alone (no index pre-filter, whose geography box misbehaves for the world-wide tiles of z 0-2).
    /// </summary>
    private const string PostgisTile = """
        WITH tile AS (
            SELECT ST_TileEnvelope($2, $3, $4) AS env
        ), features AS (
            SELECT ST_AsMVTGeom(ST_Transform(c.location::geometry, 3857), tile.env, 4096, 64, true) AS geom,
                   c.clinic_id::text AS id, c.name, array_to_string(c.kinds, ',') AS kinds,
                   c.location_precision AS precision
            FROM dataset_clinics c, tile
            WHERE c.version = $1
        )
        SELECT ST_AsMVT(features, 'clinics', 4096, 'geom') FROM features WHERE geom IS NOT NULL
        """;

    [Fact]
    public async Task PointTilesEqualPostgisAtEveryUnclusteredZoom()
    {
        var (version, index, clinics) = await IndexAsync();
        var random = new Random(20200123);
        var checkedFeatures = 0;
        foreach (var (z, x, y) in RandomTiles(random, clinics, ClinicTiles.ClusterMaxZoom + 1, ClientMaxZoom, 1000))
        {
            var expected = await PostgisFeaturesAsync(version, z, x, y);
            var actual = Features(await index.TileAsync(z, x, y));

            Assert.True(Key(expected).SequenceEqual(Key(actual)),
                $"tile {z}/{x}/{y}: PostGIS [{string.Join("; ", Key(expected))}] index [{string.Join("; ", Key(actual))}]");
            checkedFeatures += expected.Count;
        }
        Assert.True(checkedFeatures > 1000, $"the random tiles held only {checkedFeatures} clinics");
    }

    [Fact]
    public async Task ClusteredTilesCountPostgisPointsCellByCell()
    {
        var (version, index, clinics) = await IndexAsync();
        var random = new Random(20200124);
        var clustered = 0;
        foreach (var (z, x, y) in RandomTiles(random, clinics, 0, ClinicTiles.ClusterMaxZoom, 300))
        {
            var expected = await PostgisFeaturesAsync(version, z, x, y);
            var actual = Features(await index.TileAsync(z, x, y));

            var cells = expected.GroupBy(Cell).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(cells.Count, actual.Count);
            foreach (var feature in actual)
            {
                Assert.True(cells.TryGetValue(Cell(feature), out var members), $"tile {z}/{x}/{y}: a feature at {feature.X},{feature.Y} has no PostGIS point in its cell");
                if (members.Count == 1)
                {
                    Assert.Equal(Key([members[0]]), Key([feature]));
                    continue;
                }
                Assert.Equal("True", feature.Properties["cluster"]);
                Assert.True(members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) == feature.Properties["point_count"],
                    $"tile {z}/{x}/{y}, cell of {feature.X},{feature.Y}: PostGIS has {members.Count} clinics [{string.Join("; ", Key(members))}], the index {feature.Properties["point_count"]}");
                Assert.False(feature.Properties.ContainsKey("name"));
                clustered++;
            }
        }
        Assert.True(clustered > 20, $"only {clustered} clusters were met");
    }

    [Fact]
    public async Task ATileWithNoClinicIsEmptyAsPostgisAnswers()
    {
        var (version, index, _) = await IndexAsync();

        // z 10 over the South Pacific and over the Taklamakan's empty middle.
        foreach (var (z, x, y) in new[] { (10, 10, 600), (10, 740, 380) })
        {
            Assert.Empty(await index.TileAsync(z, x, y));
            Assert.Empty(await PostgisFeaturesAsync(version, z, x, y));
        }
    }

    /// <summary>Deeper than a client ever asks (z 20 is the API's limit), so rounding at the finest grid is covered too.</summary>
    private const int ClientMaxZoom = 20;

    private async Task<(int Version, ClinicIndex Index, IReadOnlyList<Clinic> Clinics)> IndexAsync()
    {
        var store = new ClinicStore(api.Database.DataSource);
        var version = (await store.CurrentVersionAsync())!;
        var clinics = await store.ListAsync(version.Version, "");
        return (version.Version, new ClinicIndex(version, clinics), clinics);
    }

    /// <summary>
    /// Tiles at random zooms: half hold a random clinic, half are that tile's neighbours (where clinics sit in the
    /// buffer, at the edges of the clip).
    /// </summary>
    private static IEnumerable<(int Z, int X, int Y)> RandomTiles(Random random, IReadOnlyList<Clinic> clinics, int minZoom, int maxZoom, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var clinic = clinics[random.Next(clinics.Count)];
            var z = random.Next(minZoom, maxZoom + 1);
            var (fx, fy) = ClinicTiles.WorldFraction(clinic.Location.Latitude, clinic.Location.Longitude);
            var n = 1 << z;
            var (x, y) = ((int)(fx * n), (int)(fy * n));
            if (i % 2 == 1)
                (x, y) = (Math.Clamp(x + random.Next(-1, 2), 0, n - 1), Math.Clamp(y + random.Next(-1, 2), 0, n - 1));
            yield return (z, x, y);
        }
    }

    private async Task<IReadOnlyList<VectorTileReader.Feature>> PostgisFeaturesAsync(int version, int z, int x, int y)
    {
        await using var command = api.Database.DataSource.CreateCommand(PostgisTile);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = z });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = x });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = y });
        return Features(await command.ExecuteScalarAsync() as byte[] ?? []);
    }

    private static IReadOnlyList<VectorTileReader.Feature> Features(byte[] tile)
    {
        if (tile.Length == 0)
            return [];
        var layer = Assert.Single(VectorTileReader.Read(tile));
        Assert.Equal(ClinicTiles.LayerName, layer.Name);
        Assert.Equal(ClinicTiles.Extent, layer.Extent);
        return layer.Features;
    }

    private static (double, double) Cell(VectorTileReader.Feature f) =>
        (Math.Floor(f.X / (double)ClinicTiles.ClusterCell), Math.Floor(f.Y / (double)ClinicTiles.ClusterCell));

    /// <summary>Each feature as one comparable line, in id order (neither encoder promises an order).</summary>
    private static List<string> Key(IReadOnlyList<VectorTileReader.Feature> features) => features
        .Select(f => $"{f.Properties.GetValueOrDefault("id")} {f.X},{f.Y} type {f.Type} " +
                     string.Join("|", f.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")))
        .Order(StringComparer.Ordinal).ToList();
}
