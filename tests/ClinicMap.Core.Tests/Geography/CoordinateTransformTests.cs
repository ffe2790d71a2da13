using ClinicMap.Core.Geography;

namespace ClinicMap.Core.Tests.Geography;

public class CoordinateTransformTests
{
    // Published reference pairs (input and output of the widely used coordtransform implementation's own
    // example, Tiananmen area, lon 116.404 lat 39.915).
    public static TheoryData<CoordinateSystem, double, double, CoordinateSystem, double, double> ForwardReferencePairs => new()
    {
        { CoordinateSystem.Wgs84, 39.915, 116.404, CoordinateSystem.Gcj02, 39.91640428150164, 116.41024449916938 },
        { CoordinateSystem.Gcj02, 39.915, 116.404, CoordinateSystem.Bd09, 39.92133699351021, 116.41036949371029 },
    };

    [Theory]
    [MemberData(nameof(ForwardReferencePairs))]
    public void ForwardTransformMatchesPublishedReferenceToTheMillimetre(CoordinateSystem from, double lat, double lon, CoordinateSystem to, double expectedLat, double expectedLon)
    {
        var converted = new GeoPoint(lat, lon, from).To(to);

        Assert.Equal(to, converted.Crs);
        Assert.True(Geodesic.DistanceMeters(new GeoPoint(converted.Latitude, converted.Longitude), new GeoPoint(expectedLat, expectedLon)) < 0.001,
            $"{converted} differs from the reference {expectedLat},{expectedLon}");
    }

    [Theory]
    // The published one-step inverses are approximations good to a few metres; ours iterates to the exact inverse.
    [InlineData(CoordinateSystem.Gcj02, 39.915, 116.404, CoordinateSystem.Wgs84, 39.91359571849836, 116.39775550083061)]
    [InlineData(CoordinateSystem.Bd09, 39.915, 116.404, CoordinateSystem.Gcj02, 39.90865673957631, 116.39762729119315)]
    public void InverseTransformAgreesWithPublishedApproximationWithinTenMetres(CoordinateSystem from, double lat, double lon, CoordinateSystem to, double expectedLat, double expectedLon)
    {
        var converted = new GeoPoint(lat, lon, from).To(to);

        var metres = Geodesic.DistanceMeters(new GeoPoint(converted.Latitude, converted.Longitude), new GeoPoint(expectedLat, expectedLon));
        Assert.True(metres < 10, $"{converted} is {metres:0.00} m from the published approximation");
        Assert.True(metres > 0, "an exact inverse should differ from the one-step approximation");
    }

    public static TheoryData<double, double> PointsAcrossChina()
    {
        var data = new TheoryData<double, double>();
        var random = new Random(20200123);
        while (data.Count < 200)
        {
            double lat = 18.5 + random.NextDouble() * 34.5, lon = 75 + random.NextDouble() * 58;
            if (MainlandMask.Contains(lat, lon))
                data.Add(lat, lon);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PointsAcrossChina))]
    public void RoundTripsStayWithinOneCentimetre(double lat, double lon)
    {
        var wgs = new GeoPoint(lat, lon);

        var viaGcj = wgs.To(CoordinateSystem.Gcj02).To(CoordinateSystem.Wgs84);
        var viaBd = wgs.To(CoordinateSystem.Bd09).To(CoordinateSystem.Wgs84);

        Assert.True(Geodesic.DistanceMeters(wgs, viaGcj) < 0.01, $"GCJ-02 round trip of {wgs} drifted to {viaGcj}");
        Assert.True(Geodesic.DistanceMeters(wgs, viaBd) < 0.01, $"BD-09 round trip of {wgs} drifted to {viaBd}");
    }

    [Theory]
    [MemberData(nameof(PointsAcrossChina))]
    public void TheGcj02OffsetInChinaIsBetweenOneAndSevenHundredMetres(double lat, double lon)
    {
        var wgs = new GeoPoint(lat, lon);
        var gcj = wgs.To(CoordinateSystem.Gcj02);

        var offset = Geodesic.DistanceMeters(wgs, new GeoPoint(gcj.Latitude, gcj.Longitude));

        Assert.InRange(offset, 1, 1000);
    }

    [Theory]
    [InlineData(48.8584, 2.2945)]    // Paris
    [InlineData(-33.8568, 151.2153)] // Sydney
    [InlineData(40.6892, -74.0445)]  // New York
    [InlineData(22.2819, 114.1582)]  // Hong Kong, Central
    [InlineData(22.5010, 114.1280)]  // Hong Kong, Sheung Shui, 2 km from the Shenzhen border
    [InlineData(22.1987, 113.5439)]  // Macau
    [InlineData(25.0330, 121.5654)]  // Taipei
    [InlineData(37.5665, 126.9780)]  // Seoul
    [InlineData(21.0278, 105.8342)]  // Hanoi
    [InlineData(22.4856, 103.9707)]  // Lào Cai, across the river from Hekou
    [InlineData(47.9184, 106.9177)]  // Ulaanbaatar
    public void OutsideChinaGcj02EqualsWgs84(double lat, double lon)
    {
        var gcj = new GeoPoint(lat, lon).To(CoordinateSystem.Gcj02);

        Assert.Equal(lat, gcj.Latitude);
        Assert.Equal(lon, gcj.Longitude);
        Assert.Equal(CoordinateSystem.Gcj02, gcj.Crs);
    }

    [Fact]
    public void AMainlandPointBesideHongKongIsOffsetAndARoundTripReturnsIt()
    {
        var futian = new GeoPoint(22.5431, 114.0579);

        var gcj = futian.To(CoordinateSystem.Gcj02);

        Assert.InRange(Geodesic.DistanceMeters(futian, new GeoPoint(gcj.Latitude, gcj.Longitude)), 100, 1000);
        Assert.True(Geodesic.DistanceMeters(futian, gcj.To(CoordinateSystem.Wgs84)) < 0.01);
    }

    [Fact]
    public void ConvertingToTheSameSystemReturnsThePointUnchanged()
    {
        var point = new GeoPoint(23.1291, 113.2644, CoordinateSystem.Bd09);

        Assert.Equal(point, point.To(CoordinateSystem.Bd09));
    }

    [Fact]
    public void TheSpecificTransformsRefuseAPointInAnotherSystem()
    {
        Assert.Throws<ArgumentException>(() => CoordinateTransform.Wgs84ToGcj02(new GeoPoint(39.9, 116.4, CoordinateSystem.Gcj02)));
        Assert.Throws<ArgumentException>(() => CoordinateTransform.Bd09ToGcj02(new GeoPoint(39.9, 116.4, CoordinateSystem.Wgs84)));
    }
}
