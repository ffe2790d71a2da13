using System.Buffers.Binary;
using ClinicMap.Core.Geography;

namespace ClinicMap.Data;

/// <summary>Binary forms PostGIS reads as <c>geography</c> (used by binary COPY, where no SQL function can run).</summary>
internal static class GeographyEncoding
{
    private const uint PointWithSrid = 0x20000001;
    private const int Srid = 4326;

    /// <summary>
    /// Little-endian EWKB of a point with SRID 4326: byte order, type with the SRID flag, SRID, x = longitude,
    /// y = latitude (25 bytes). Refuses anything but WGS-84, the only system stored.
    /// </summary>
    public static byte[] PointEwkb(GeoPoint point)
    {
        if (point.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException($"only WGS-84 is stored; got {point.Crs.ToWire()}", nameof(point));
        var bytes = new byte[25];
        bytes[0] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1), PointWithSrid);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(5), Srid);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(9), point.Longitude);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(17), point.Latitude);
        return bytes;
    }
}
