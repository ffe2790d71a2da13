using ClinicMap.Core.Geography;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data;

/// <summary>
/// How ClinicMap's points cross Npgsql: as NetTopologySuite geometries with SRID 4326 (x = longitude,
/// y = latitude), through the plugin <see cref="ClinicMapDataSource"/> registers. Only WGS-84 is ever stored.
/// </summary>
public static class PostgisGeography
{
    /// <summary>The SRID of every stored geometry: WGS-84 longitude/latitude.</summary>
    public const int Srid = 4326;

    /// <summary>Builds every geometry ClinicMap hands to PostGIS, so none lacks its SRID.</summary>
    public static GeometryFactory Factory { get; } = new(new PrecisionModel(), Srid);

    /// <summary>An NTS point for <paramref name="point"/>; refuses anything but WGS-84.</summary>
    public static Point ToPoint(GeoPoint point)
    {
        if (point.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException($"only WGS-84 is stored; got {point.Crs.ToWire()}", nameof(point));
        return Factory.CreatePoint(new Coordinate(point.Longitude, point.Latitude));
    }

    /// <summary>A stored point back as a WGS-84 <see cref="GeoPoint"/>; refuses a geometry of another system.</summary>
    public static GeoPoint ToGeoPoint(Point point)
    {
        if (point.SRID != Srid)
            throw new InvalidDataException($"a stored point has SRID {point.SRID}, not {Srid}");
        return new GeoPoint(point.Y, point.X, CoordinateSystem.Wgs84);
    }

    /// <summary>
    /// A <c>geography</c> parameter for <paramref name="point"/> (without the type Npgsql would send it as
    /// <c>geometry</c>), or SQL NULL for none.
    /// </summary>
    public static NpgsqlParameter Parameter(GeoPoint? point) => new()
    {
        NpgsqlDbType = NpgsqlDbType.Geography,
        Value = point is { } p ? ToPoint(p) : DBNull.Value,
    };

    /// <summary>
    /// <paramref name="geometry"/> as the MultiPolygon a boundary column holds: a Polygon is wrapped (PostGIS refuses
    /// a Polygon in a MultiPolygon column), anything else is refused.
    /// </summary>
    public static MultiPolygon ToMultiPolygon(Geometry geometry) => geometry switch
    {
        MultiPolygon multi => multi,
        Polygon polygon => Factory.CreateMultiPolygon([polygon]),
        _ => throw new ArgumentException($"a boundary must be a Polygon or MultiPolygon, not {geometry.GeometryType}", nameof(geometry)),
    };
}
