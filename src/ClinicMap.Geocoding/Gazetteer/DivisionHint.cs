namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>What a row says about where it is: its province, city and county columns, and its address text.</summary>
public sealed record DivisionHint(string? Province, string? City, string? County, string? Address);
