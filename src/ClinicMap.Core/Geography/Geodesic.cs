namespace ClinicMap.Core.Geography;

/// <summary>Distances on the WGS-84 ellipsoid.</summary>
public static class Geodesic
{
    private const double A = 6378137.0;
    private const double F = 1 / 298.257223563;
    private const double B = A * (1 - F);

    /// <summary>
    /// Geodesic distance in metres between two WGS-84 points by Vincenty's inverse formula (accurate to well under
    /// a millimetre). For the rare nearly antipodal pairs where it does not converge in 200 rounds, falls back to
    /// the great-circle distance on the mean sphere, which is good to about 0.5%. O(1).
    /// </summary>
    public static double DistanceMeters(GeoPoint from, GeoPoint to)
    {
        if (from.Crs != CoordinateSystem.Wgs84 || to.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException("geodesic distances are computed in WGS-84 only");
        if (from.Latitude == to.Latitude && from.Longitude == to.Longitude)
            return 0;

        var l = ToRadians(to.Longitude - from.Longitude);
        // The reduced latitudes' sines and cosines from their tangents, without an arctangent and its sine and cosine.
        var (sinU1, cosU1) = Reduced(from.Latitude);
        var (sinU2, cosU2) = Reduced(to.Latitude);

        var lambda = l;
        for (var round = 0; round < 200; round++)
        {
            double sinLambda = Math.Sin(lambda), cosLambda = Math.Cos(lambda);
            var (east, north) = (cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
            var sinSigma = Math.Sqrt(east * east + north * north);
            if (sinSigma == 0)
                return 0;
            var cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            var sigma = Math.Atan2(sinSigma, cosSigma);
            var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            var cos2Alpha = 1 - sinAlpha * sinAlpha;
            var cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cos2Alpha;
            var c = F / 16 * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
            var previous = lambda;
            lambda = l + (1 - c) * F * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.Abs(lambda - previous) < 1e-12)
            {
                var uSq = cos2Alpha * (A * A - B * B) / (B * B);
                var bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
                var bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
                var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                    - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
                return B * bigA * (sigma - deltaSigma);
            }
        }
        return GreatCircleMeters(from, to);
    }

    private static (double Sin, double Cos) Reduced(double latitude)
    {
        var tan = (1 - F) * Math.Tan(ToRadians(latitude));
        var cos = 1 / Math.Sqrt(1 + tan * tan);
        return (tan * cos, cos);
    }

    private static double GreatCircleMeters(GeoPoint from, GeoPoint to)
    {
        const double meanRadius = 6371008.8;
        var dLat = ToRadians(to.Latitude - from.Latitude);
        var dLon = ToRadians(to.Longitude - from.Longitude);
        var h = Math.Pow(Math.Sin(dLat / 2), 2)
            + Math.Cos(ToRadians(from.Latitude)) * Math.Cos(ToRadians(to.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * meanRadius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180.0;
}
