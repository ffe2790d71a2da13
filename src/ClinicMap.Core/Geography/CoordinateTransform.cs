namespace ClinicMap.Core.Geography;

/// <summary>
/// Conversions between WGS-84, GCJ-02 and BD-09.
/// </summary>
/// <remarks>
/// GCJ-02 is a published, closed-form distortion of WGS-84 (Krasovsky ellipsoid constants and two trigonometric
/// series); BD-09 is a closed-form distortion of GCJ-02. The forward directions are exact by definition. The
/// reverse directions have no closed form, so they are solved by fixed-point iteration on the forward function
/// until the residual is below 1e-9° (about 0.1 mm); that takes 2–4 rounds, so every call is O(1).
/// Outside mainland China (<see cref="ChinaExtent.AppliesGcj02"/> is false) GCJ-02 equals WGS-84, and BD-09 is
/// still GCJ-02 plus Baidu's offset, as Baidu applies it worldwide.
/// </remarks>
public static class CoordinateTransform
{
    private const double KrasovskyA = 6378245.0;
    private const double KrasovskyEe = 0.00669342162296594323;
    private const double BaiduXPi = Math.PI * 3000.0 / 180.0;
    private const double ReverseTolerance = 1e-9;
    private const int ReverseMaxRounds = 30;

    public static GeoPoint Convert(GeoPoint point, CoordinateSystem target)
    {
        if (point.Crs == target)
            return point;
        var wgs = point.Crs switch
        {
            CoordinateSystem.Wgs84 => point,
            CoordinateSystem.Gcj02 => Gcj02ToWgs84(point),
            CoordinateSystem.Bd09 => Gcj02ToWgs84(Bd09ToGcj02(point)),
            _ => throw new ArgumentOutOfRangeException(nameof(point), point.Crs, "unknown coordinate system"),
        };
        return target switch
        {
            CoordinateSystem.Wgs84 => wgs,
            CoordinateSystem.Gcj02 => Wgs84ToGcj02(wgs),
            CoordinateSystem.Bd09 => Gcj02ToBd09(Wgs84ToGcj02(wgs)),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown coordinate system"),
        };
    }

    public static GeoPoint Wgs84ToGcj02(GeoPoint wgs)
    {
        Require(wgs, CoordinateSystem.Wgs84);
        if (!ChinaExtent.AppliesGcj02(wgs.Latitude, wgs.Longitude))
            return wgs with { Crs = CoordinateSystem.Gcj02 };
        var (dLat, dLon) = Gcj02Offset(wgs.Latitude, wgs.Longitude);
        return new GeoPoint(wgs.Latitude + dLat, wgs.Longitude + dLon, CoordinateSystem.Gcj02);
    }

    public static GeoPoint Gcj02ToWgs84(GeoPoint gcj)
    {
        Require(gcj, CoordinateSystem.Gcj02);
        // Invert the smooth offset itself, then ask whether its origin is on the mainland: iterating the forward
        // function with the outline inside it would jump at the edge. Within the offset (≤ ~0.7 km) of the outline a
        // GCJ-02 point has two readings; the mainland one wins.
        var (lat, lon) = Invert(gcj.Latitude, gcj.Longitude, (la, lo) =>
        {
            var (dLat, dLon) = Gcj02Offset(la, lo);
            return (la + dLat, lo + dLon);
        });
        return ChinaExtent.AppliesGcj02(lat, lon)
            ? new GeoPoint(lat, lon, CoordinateSystem.Wgs84)
            : gcj with { Crs = CoordinateSystem.Wgs84 };
    }

    public static GeoPoint Gcj02ToBd09(GeoPoint gcj)
    {
        Require(gcj, CoordinateSystem.Gcj02);
        double x = gcj.Longitude, y = gcj.Latitude;
        var z = Math.Sqrt(x * x + y * y) + 0.00002 * Math.Sin(y * BaiduXPi);
        var theta = Math.Atan2(y, x) + 0.000003 * Math.Cos(x * BaiduXPi);
        return new GeoPoint(z * Math.Sin(theta) + 0.006, z * Math.Cos(theta) + 0.0065, CoordinateSystem.Bd09);
    }

    public static GeoPoint Bd09ToGcj02(GeoPoint bd)
    {
        Require(bd, CoordinateSystem.Bd09);
        var (lat, lon) = Invert(bd.Latitude, bd.Longitude, (la, lo) =>
        {
            var p = Gcj02ToBd09(new GeoPoint(la, lo, CoordinateSystem.Gcj02));
            return (p.Latitude, p.Longitude);
        });
        return new GeoPoint(lat, lon, CoordinateSystem.Gcj02);
    }

    /// <summary>The GCJ-02 shift (degrees) at a WGS-84 position inside mainland China.</summary>
    private static (double dLat, double dLon) Gcj02Offset(double lat, double lon)
    {
        double x = lon - 105.0, y = lat - 35.0;
        var dLat = ShiftLatitude(x, y);
        var dLon = ShiftLongitude(x, y);
        var radLat = lat / 180.0 * Math.PI;
        var magic = 1 - KrasovskyEe * Math.Sin(radLat) * Math.Sin(radLat);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (KrasovskyA * (1 - KrasovskyEe) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (KrasovskyA / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (dLat, dLon);
    }

    private static double ShiftLatitude(double x, double y)
    {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        r += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320.0 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    private static double ShiftLongitude(double x, double y)
    {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        r += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }

    /// <summary>Solves forward(p) = target for p by fixed-point iteration; the forward shifts are small and smooth.</summary>
    private static (double lat, double lon) Invert(double targetLat, double targetLon, Func<double, double, (double, double)> forward)
    {
        double lat = targetLat, lon = targetLon;
        for (var round = 0; round < ReverseMaxRounds; round++)
        {
            var (fLat, fLon) = forward(lat, lon);
            double eLat = fLat - targetLat, eLon = fLon - targetLon;
            if (Math.Abs(eLat) < ReverseTolerance && Math.Abs(eLon) < ReverseTolerance)
                break;
            lat -= eLat;
            lon -= eLon;
        }
        return (lat, lon);
    }

    private static void Require(GeoPoint point, CoordinateSystem expected)
    {
        if (point.Crs != expected)
            throw new ArgumentException($"expected a {expected.ToWire()} point, got {point.Crs.ToWire()}", nameof(point));
    }
}
