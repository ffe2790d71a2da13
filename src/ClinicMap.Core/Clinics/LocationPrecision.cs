namespace ClinicMap.Core.Clinics;

/// <summary>
/// How close a stored location is to the clinic's door, best first. Anything coarser than <see cref="Street"/>
/// is shown to residents as an approximate location.
/// </summary>
public enum LocationPrecision
{
    /// <summary>Coordinates of the building or entrance.</summary>
    Exact,

    /// <summary>A named point of interest matching the clinic.</summary>
    Poi,

    /// <summary>A street or house-number interpolation.</summary>
    Street,

    /// <summary>The centre of the township (乡, 镇, 街道) the address names.</summary>
    Township,

    /// <summary>The centre of the county-level district the row names.</summary>
    District,

    /// <summary>The centre of the prefecture-level city the row names.</summary>
    City,
}
