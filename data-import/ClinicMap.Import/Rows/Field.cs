namespace ClinicMap.Import.Rows;

/// <summary>The canonical fields a list's columns are mapped to.</summary>
public enum Field
{
    Name,
    Province,
    City,
    County,
    Address,
    Phone,
    Hours,
    Level,
    Designated,
    Kind,
    Note,
    Latitude,
    Longitude,
}
