namespace ClinicMap.Core.Divisions;

/// <summary>
/// A township-level division (乡, 镇, 街道 …) under a county, with its 9-digit statistical code (the county's 6 digits
/// and 3 more). No public source gives township centres, so a township sharpens an address's parse and admin code,
/// never its point.
/// </summary>
public sealed record Township(string Code, string CountyCode, string Name);
