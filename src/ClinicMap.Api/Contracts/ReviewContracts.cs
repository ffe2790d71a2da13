namespace ClinicMap.Api.Contracts;

/// <summary>The reason a person gives for an action; kept in the audit log. Required to reject, optional otherwise.</summary>
public sealed record ReviewActionRequest(string? Why);

/// <summary>A row's fields as an operator corrects them; the names of the divisions follow from <c>AdminCode</c>.</summary>
public sealed record EditRowRequest(
    string? Name, IReadOnlyList<string>? Kinds, string? Address, string? AdminCode, IReadOnlyList<string>? Phones,
    string? Hours, string? Level, string? Why);

/// <summary>Where the operator puts the pin, in the system the map showed (<c>wgs84</c>, <c>gcj02</c>, <c>bd09</c>).</summary>
public sealed record MovePinRequest(double Lat, double Lon, string? Crs, string? Why);

/// <summary>The published clinic the row is.</summary>
public sealed record MergeRequest(Guid ClinicId, string? Why);
