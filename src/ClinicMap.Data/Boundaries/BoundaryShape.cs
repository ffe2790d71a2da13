namespace ClinicMap.Data.Boundaries;

/// <summary>One county's loaded boundary, for holding in memory.</summary>
/// <param name="Wkb">The MultiPolygon in WGS-84 longitude/latitude as ISO WKB (<c>ST_AsBinary</c>).</param>
/// <param name="AreaSquareMeters">Its area on the WGS-84 ellipsoid (<c>ST_Area(geography)</c>).</param>
public sealed record BoundaryShape(string Code, byte[] Wkb, double AreaSquareMeters);
