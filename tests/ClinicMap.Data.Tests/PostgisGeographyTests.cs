using ClinicMap.Core.Geography;
using ClinicMap.Data.Boundaries;
using ClinicMap.TestSupport;
using NetTopologySuite.Geometries;
using Npgsql;

namespace ClinicMap.Data.Tests;

/// <summary>Points and boundaries cross Npgsql as NetTopologySuite types, with their SRID, on a database migrated from empty.</summary>
public class PostgisGeographyTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    // Tiananmen, WGS-84: PostGIS must see longitude as x.
    private static readonly GeoPoint Tiananmen = new(39.9087, 116.3975);

    [Fact]
    public async Task APointParameterIsGeographyWithLongitudeAsX()
    {
        // The fixture's data source opened its first connection before the migration created PostGIS: this works
        // only because the migrator reloads the types.
        await using var command = database.DataSource.CreateCommand(
            "SELECT GeometryType($1::geometry), ST_SRID($1::geometry), ST_X($1::geometry), ST_Y($1::geometry), pg_typeof($1)::text");
        command.Parameters.Add(PostgisGeography.Parameter(Tiananmen));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal("POINT", reader.GetString(0));
        Assert.Equal(4326, reader.GetInt32(1));
        Assert.Equal(116.3975, reader.GetDouble(2), 12);
        Assert.Equal(39.9087, reader.GetDouble(3), 12);
        Assert.Equal("geography", reader.GetString(4));
    }

    [Fact]
    public async Task AGeographyReadsBackAsTheSameWgs84Point()
    {
        await using var command = database.DataSource.CreateCommand("SELECT ST_SetSRID(ST_MakePoint(113.2644, 23.1291), 4326)::geography");
        var point = (Point)(await command.ExecuteScalarAsync())!;

        var back = PostgisGeography.ToGeoPoint(point);

        Assert.Equal(new GeoPoint(23.1291, 113.2644, CoordinateSystem.Wgs84), back);
    }

    [Fact]
    public void OnlyWgs84IsStoredOrRead()
    {
        Assert.Throws<ArgumentException>(() => PostgisGeography.ToPoint(Tiananmen.To(CoordinateSystem.Gcj02)));
        var mercator = new GeometryFactory(new PrecisionModel(), 3857).CreatePoint(new Coordinate(1, 2));
        Assert.Throws<InvalidDataException>(() => PostgisGeography.ToGeoPoint(mercator));
    }

    [Fact]
    public void APolygonIsWrappedAndALineRefused()
    {
        var square = PostgisGeography.Factory.CreatePolygon([new(0, 0), new(1, 0), new(1, 1), new(0, 1), new(0, 0)]);

        var multi = PostgisGeography.ToMultiPolygon(square);

        Assert.Equal(1, multi.NumGeometries);
        Assert.Same(square, multi.GetGeometryN(0));
        Assert.Throws<ArgumentException>(() => PostgisGeography.ToMultiPolygon(PostgisGeography.Factory.CreateLineString([new(0, 0), new(1, 1)])));
    }

    [Fact]
    public async Task BoundariesLoadFromWktAsMultiPolygonsAndReadBackAsNts()
    {
        var store = new BoundaryStore(database.DataSource);
        var rows = await store.LoadAsync("test-" + Guid.NewGuid().ToString("N"), [
            ("110101", "POLYGON((116.3 39.8, 116.5 39.8, 116.5 40.0, 116.3 40.0, 116.3 39.8))"),
            ("110102", "MULTIPOLYGON(((116.5 39.8, 116.7 39.8, 116.7 40.0, 116.5 40.0, 116.5 39.8)))"),
        ]);

        var shapes = await store.ShapesAsync(["110100"]);
        var checks = await store.CheckAsync([new BoundaryProbe(0, "110101", 39.9, 116.4), new BoundaryProbe(1, "110101", 39.9, 116.6)]);

        Assert.Equal(2, rows);
        Assert.Equal(["110101", "110102"], shapes.Select(s => s.Code));
        Assert.All(shapes, s => Assert.Equal(4326, s.Shape.SRID));
        Assert.Equal(0.04, shapes[0].Shape.Area, 9);
        Assert.Equal(0, checks[0].DistanceMeters);
        Assert.InRange(checks[1].DistanceMeters, 8_000, 9_500);
    }

    [Fact]
    public async Task AnUnreadableBoundaryNamesItsCodeAndLoadsNothing()
    {
        var store = new BoundaryStore(database.DataSource);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync("bad-" + Guid.NewGuid().ToString("N"), [
            ("440101", "POLYGON((113 23, 113.1 23, 113.1 23.1, 113 23))"),
            ("440102", "LINESTRING(113 23, 114 24)"),
        ]));

        Assert.Contains("440102", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ShapesAsync(["440100"]));
    }
}
