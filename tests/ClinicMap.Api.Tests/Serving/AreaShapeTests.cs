using ClinicMap.Api.Serving;
using ClinicMap.Core.Geography;
using NetTopologySuite.Geometries;

namespace ClinicMap.Api.Tests.Serving;

/// <summary>
/// <see cref="AreaShape"/> against the plain statements it must equal, on ragged made-up areas (concave, with holes
/// and several parts) and residents near, inside, far away and on the other side of the Earth, where the convex
/// hull no longer decides the farthest vertex.
/// </summary>
public class AreaShapeTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>A ring of <paramref name="count"/> vertices around a centre at a ragged radius (degrees), closed.</summary>
    private static Coordinate[] Ring(Random random, double latitude, double longitude, double radius, int count, bool clockwise = false)
    {
        var ring = new Coordinate[count + 1];
        for (var i = 0; i < count; i++)
        {
            var angle = 2 * Math.PI * i / count * (clockwise ? -1 : 1);
            var r = radius * (0.35 + 0.65 * random.NextDouble());
            ring[i] = new Coordinate(longitude + r * Math.Cos(angle) / Math.Cos(latitude * Math.PI / 180), latitude + r * Math.Sin(angle));
        }
        ring[count] = ring[0].Copy();
        return ring;
    }

    private static (List<Geometry> Parts, List<GeoPoint> Vertices) Area(int seed)
    {
        var random = new Random(seed);
        var outer = Factory.CreateLinearRing(Ring(random, 30, 110, 0.8, 400));
        var hole = Factory.CreateLinearRing(Ring(random, 30, 110, 0.08, 12, clockwise: true));
        var first = Factory.CreatePolygon(outer, [hole]);
        var second = Factory.CreateMultiPolygon([Factory.CreatePolygon(Ring(random, 31.4, 111.6, 0.3, 150))]);
        var parts = new List<Geometry> { first, second };
        var vertices = parts.SelectMany(p => p.Coordinates).Select(c => new GeoPoint(c.Y, c.X)).ToList();
        return (parts, vertices);
    }

    /// <summary>The farthest vertex by great-circle angle, measured on the ellipsoid: what FarthestMeters promises, by brute force.</summary>
    private static double Farthest(List<GeoPoint> vertices, GeoPoint from)
    {
        var p = SpatialTree.Unit(from.Latitude, from.Longitude);
        var farthest = vertices.MinBy(v =>
        {
            var u = SpatialTree.Unit(v.Latitude, v.Longitude);
            return p.X * u.X + p.Y * u.Y + p.Z * u.Z;
        })!;
        return Geodesic.DistanceMeters(from, farthest);
    }

    /// <summary>The ellipsoidal distance to the point nearest on the sphere among points at most 20 m apart along every edge's arc.</summary>
    private static double Densified(List<Geometry> parts, GeoPoint from)
    {
        var p = SpatialTree.Unit(from.Latitude, from.Longitude);
        var (best, at) = (double.NegativeInfinity, (0.0, 0.0, 0.0));
        foreach (var ring in parts.SelectMany(g => Enumerable.Range(0, g.NumGeometries).Select(i => (Polygon)g.GetGeometryN(i)))
                     .SelectMany(polygon => new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings)))
        {
            for (var i = 1; i < ring.NumPoints; i++)
            {
                var a = SpatialTree.Unit(ring.GetCoordinateN(i - 1).Y, ring.GetCoordinateN(i - 1).X);
                var b = SpatialTree.Unit(ring.GetCoordinateN(i).Y, ring.GetCoordinateN(i).X);
                var steps = (int)Math.Ceiling(Math.Acos(Math.Min(1, a.X * b.X + a.Y * b.Y + a.Z * b.Z)) * 6_371_000 / 20) + 1;
                for (var k = 0; k <= steps; k++)
                {
                    var t = k / (double)steps;
                    var w = (a.X + t * (b.X - a.X), a.Y + t * (b.Y - a.Y), a.Z + t * (b.Z - a.Z));
                    var n = Math.Sqrt(w.Item1 * w.Item1 + w.Item2 * w.Item2 + w.Item3 * w.Item3);
                    var cos = (p.X * w.Item1 + p.Y * w.Item2 + p.Z * w.Item3) / n;
                    if (cos > best)
                        (best, at) = (cos, (w.Item1 / n, w.Item2 / n, w.Item3 / n));
                }
            }
        }
        var point = new GeoPoint(Math.Asin(Math.Clamp(at.Item3, -1, 1)) * 180 / Math.PI, Math.Atan2(at.Item2, at.Item1) * 180 / Math.PI);
        return Geodesic.DistanceMeters(from, point);
    }

    [Theory]
    [InlineData(20261207)]
    [InlineData(20200123)]
    public void FarthestIsTheVertexFarthestOnTheSphereNearAndAcrossTheEarth(int seed)
    {
        var (parts, vertices) = Area(seed);
        var shape = new AreaShape(parts);
        var random = new Random(seed + 1);
        for (var q = 0; q < 400; q++)
        {
            // Near the area, anywhere in China, anywhere on Earth (many beyond a quadrant), and opposite the area,
            // where the farthest vertex is the one nearest the antipode, deep in a notch rather than on the hull.
            var origin = (q % 4) switch
            {
                0 => new GeoPoint(30 + (random.NextDouble() - 0.5) * 4, 110 + (random.NextDouble() - 0.5) * 4),
                1 => new GeoPoint(20 + random.NextDouble() * 30, 80 + random.NextDouble() * 45),
                2 => new GeoPoint(random.NextDouble() * 170 - 85, random.NextDouble() * 360 - 180),
                _ => new GeoPoint(-30 + (random.NextDouble() - 0.5) * 1.2, -70 + (random.NextDouble() - 0.5) * 1.2),
            };
            Assert.Equal(Farthest(vertices, origin), shape.FarthestMeters(origin), 0.01);
        }
    }

    [Fact]
    public void NearestIsZeroExactlyInsideAndPositiveInTheHoleAndOutside()
    {
        var (parts, _) = Area(20261207);
        var shape = new AreaShape(parts);
        var random = new Random(7);
        var (inside, outside) = (0, 0);
        for (var q = 0; q < 400; q++)
        {
            var origin = new GeoPoint(30 + (random.NextDouble() - 0.5) * 2, 110 + (random.NextDouble() - 0.5) * 2.4);
            var covered = parts.Any(p => p.Covers(Factory.CreatePoint(new Coordinate(origin.Longitude, origin.Latitude))));
            Assert.Equal(covered, shape.Contains(origin));
            var nearest = shape.NearestMeters(origin);
            if (covered)
            {
                inside++;
                Assert.Equal(0, nearest);
            }
            else
            {
                outside++;
                Assert.True(nearest > 0, $"{origin} is outside but measured at 0 m");
                // The boundary cut into points at most 20 m apart along its arcs: the nearest of them on the sphere is
                // at most half a step farther than the true nearest point, and never nearer.
                var densified = Densified(parts, origin);
                Assert.InRange(nearest, densified - 10, densified + 0.5);
            }
        }
        Assert.True(inside > 50 && outside > 50, $"{inside} inside, {outside} outside: the draw does not test both");
        // The hole's centre is outside the area, and nearer to the hole's edge than to the outer ring.
        var inHole = new GeoPoint(30, 110);
        Assert.False(shape.Contains(inHole));
        Assert.InRange(shape.NearestMeters(inHole), 1, 0.08 * 111_000);
    }
}
