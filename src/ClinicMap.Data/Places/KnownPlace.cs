using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;

namespace ClinicMap.Data.Places;

/// <summary>A location an operator confirmed for the clinic with this admin code and normalised name.</summary>
public sealed record KnownPlace(string AdminCode, string NameKey, GeoPoint Location, CoordinateSystem CrsIn, LocationPrecision Precision, string ConfirmedBy, DateTimeOffset ConfirmedAt);
