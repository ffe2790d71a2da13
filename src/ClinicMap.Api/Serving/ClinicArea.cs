using ClinicMap.Core.Geography;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Where a clinic known only by its division can be: the division's area (a county, or a prefecture's counties)
/// and, for a clinic placed at a township's centre, a disc around that centre. Answers the nearest and farthest a
/// resident may have to go, so that an approximate clinic is never shown at a single, falsely precise distance.
/// </summary>
public sealed class ClinicArea
{
    private readonly AreaShape _shape;

    internal ClinicArea(AreaShape shape, double townshipRadiusMeters)
    {
        _shape = shape;
        TownshipRadiusMeters = townshipRadiusMeters;
    }

    /// <summary>
    /// How far from its centre a clinic placed at a township's centre may be: the radius of a disc with the
    /// township's even share of its county's area, √(area / (π · townships)). Townships are not equal and their
    /// seats not central, but hospitals cluster at the seat; the disc is also never allowed past the county's own
    /// bounds (<see cref="Range"/>). 0 when the county's townships are not known.
    /// </summary>
    public double TownshipRadiusMeters { get; }

    /// <summary>The radius <see cref="TownshipRadiusMeters"/> describes, for a county of this area and township count.</summary>
    public static double TownshipRadius(double countyAreaSquareMeters, int townships) =>
        townships > 0 && countyAreaSquareMeters > 0 ? Math.Sqrt(countyAreaSquareMeters / (Math.PI * townships)) : 0;

    /// <summary>
    /// The nearest and farthest distances in metres from <paramref name="origin"/> (WGS-84) to where the clinic can
    /// be. The division's area bounds both (0 when the resident is inside it); a township's disc narrows them to
    /// <paramref name="distanceMeters"/> ∓ its radius. Always min ≤ <paramref name="distanceMeters"/> ≤ max, so a
    /// pin a little outside its 2016 boundary still reads sensibly.
    /// </summary>
    /// <param name="distanceMeters">The geodesic distance to the clinic's point (the centre it was placed at).</param>
    public (double MinMeters, double MaxMeters) Range(GeoPoint origin, double distanceMeters, bool township) =>
        Range(AreaRange(origin), distanceMeters, township);

    /// <summary><see cref="Range(GeoPoint, double, bool)"/> from the area's range already measured from the same origin.</summary>
    public (double MinMeters, double MaxMeters) Range((double MinMeters, double MaxMeters) areaRange, double distanceMeters, bool township)
    {
        var (min, max) = areaRange;
        if (township && TownshipRadiusMeters > 0)
            (min, max) = (Math.Max(min, distanceMeters - TownshipRadiusMeters), Math.Min(max, distanceMeters + TownshipRadiusMeters));
        return (Math.Min(min, distanceMeters), Math.Max(max, distanceMeters));
    }

    /// <summary>The nearest and farthest distances from <paramref name="origin"/> to the division's area alone.</summary>
    public (double MinMeters, double MaxMeters) AreaRange(GeoPoint origin) => (_shape.NearestMeters(origin), _shape.FarthestMeters(origin));
}
