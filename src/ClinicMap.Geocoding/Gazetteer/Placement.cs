using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;

namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>A location chosen for a row: where, how precise, by which method, and any note worth keeping.</summary>
/// <param name="CrsIn">The system the location arrived in before conversion to WGS-84.</param>
/// <param name="SourcePrecision">The source's own words for its precision (a provider's level and confidence), as provenance.</param>
public sealed record Placement(GeoPoint Location, CoordinateSystem CrsIn, LocationPrecision Precision, string Method, IReadOnlyList<RowReason> Reasons, string? SourcePrecision = null);
