using ClinicMap.Core.Geography;

namespace ClinicMap.Core.Tests.Geography;

public class GeodesicTests
{
    [Theory]
    // Vincenty's own test line (Flinders Peak → Buninyong), 54,972.271 m on the WGS-84-like ellipsoid of the paper's example.
    [InlineData(-37.95103341666667, 144.42486788888889, -37.65282113888889, 143.92649552777778, 54972.271, 0.01)]
    // One degree of latitude at the equator on WGS-84: 110,574.4 m.
    [InlineData(0, 0, 1, 0, 110574.4, 0.5)]
    // One degree of longitude along the equator on WGS-84: 111,319.49 m.
    [InlineData(0, 0, 0, 1, 111319.49, 0.05)]
    public void DistanceMatchesKnownGeodesics(double lat1, double lon1, double lat2, double lon2, double expectedMeters, double tolerance)
    {
        var metres = Geodesic.DistanceMeters(new GeoPoint(lat1, lon1), new GeoPoint(lat2, lon2));

        Assert.InRange(metres, expectedMeters - tolerance, expectedMeters + tolerance);
    }

    [Fact]
    public void DistanceIsSymmetricAndZeroForTheSamePoint()
    {
        var beijing = new GeoPoint(39.9042, 116.4074);
        var guangzhou = new GeoPoint(23.1291, 113.2644);

        Assert.Equal(0, Geodesic.DistanceMeters(beijing, beijing));
        Assert.Equal(Geodesic.DistanceMeters(beijing, guangzhou), Geodesic.DistanceMeters(guangzhou, beijing), 6);
        Assert.InRange(Geodesic.DistanceMeters(beijing, guangzhou), 1_880_000, 1_900_000);
    }

    [Fact]
    public void NearlyAntipodalPointsStillGetADistance()
    {
        var metres = Geodesic.DistanceMeters(new GeoPoint(0, 0), new GeoPoint(0.5, 179.7));

        Assert.InRange(metres, 19_900_000, 20_020_000);
    }

    [Fact]
    public void DistanceRefusesPointsOutsideWgs84()
    {
        Assert.Throws<ArgumentException>(() => Geodesic.DistanceMeters(new GeoPoint(39.9, 116.4, CoordinateSystem.Gcj02), new GeoPoint(39.9, 116.4)));
    }
}
