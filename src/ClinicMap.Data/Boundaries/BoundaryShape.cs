using NetTopologySuite.Geometries;

namespace ClinicMap.Data.Boundaries;

/// <summary>One county's loaded boundary, for holding in memory.</summary>
/// <param name="Shape">The MultiPolygon in WGS-84 longitude/latitude (SRID 4326).</param>
/// <param name="AreaSquareMeters">Its area on the WGS-84 ellipsoid (<c>ST_Area(geography)</c>).</param>
public sealed record BoundaryShape(string Code, MultiPolygon Shape, double AreaSquareMeters);
