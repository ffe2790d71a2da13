namespace ClinicMap.Api.Contracts;

/// <summary>A position in the coordinate system the client asked for, named in <see cref="Crs"/>.</summary>
public sealed record LocationDto(double Lat, double Lon, string Crs);
