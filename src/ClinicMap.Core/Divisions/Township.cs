using ClinicMap.Core.Geography;

namespace ClinicMap.Core.Divisions;

/// <summary>
/// A township-level division (乡, 镇, 街道 …) under a county, with its 9-digit statistical code (the county's 6 digits
/// and 3 more) and, where a public source gives one, its centre in WGS-84 (<c>null</c> otherwise: such a township
/// sharpens an address's parse and admin code, never its point).
/// </summary>
public sealed record Township(string Code, string CountyCode, string Name, GeoPoint? Centre = null);
