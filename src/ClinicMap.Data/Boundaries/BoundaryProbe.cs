namespace ClinicMap.Data.Boundaries;

/// <summary>One point to hold against the boundary of the division its row names.</summary>
/// <param name="Code">A county's code, or a prefecture's (<c>xxxx00</c>), which means any of its counties.</param>
public sealed record BoundaryProbe(int Index, string Code, double Latitude, double Longitude);
