using ClinicMap.Core.Clinics;
using Microsoft.Spatial;

namespace ClinicMap.Api.OData;

/// <summary>
/// A clinic as the OData service shows it (entity type <c>ClinicMap.Clinic</c>): flat on purpose — source fields are
/// properties of their own, latitude and longitude are numbers beside the geography — so that spreadsheet clients
/// such as Excel's Power Query show every field as a column. Built once per served version (<see cref="ODataClinicRows"/>).
/// </summary>
public sealed class ODataClinic
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public List<string> Kinds { get; init; } = [];
    public string? Address { get; init; }
    public string AdminCode { get; init; } = "";
    public string Province { get; init; } = "";
    public string? City { get; init; }
    public string? District { get; init; }
    public List<string> Phones { get; init; } = [];
    public string? Hours { get; init; }
    public bool Open24h { get; init; }
    public string? Level { get; init; }

    /// <summary>WGS-84 (SRID 4326), as every coordinate ClinicMap stores.</summary>
    public GeographyPoint Location { get; init; } = null!;

    public double Latitude { get; init; }
    public double Longitude { get; init; }
    public string LocationPrecision { get; init; } = "";
    public string? SourcePublisher { get; init; }
    public string? SourceTitle { get; init; }
    public DateOnly? SourcePublishedOn { get; init; }
    public string? SourceDocumentSha256 { get; init; }

    /// <param name="roundTheClock">The clinic's <c>Open24h</c>, which the serving index has read from its hours.</param>
    public static ODataClinic From(Clinic clinic, bool roundTheClock) => new()
    {
        Id = clinic.Id,
        Name = clinic.Name,
        Kinds = clinic.Kinds.Select(k => k.ToWire()).ToList(),
        Address = clinic.Address,
        AdminCode = clinic.AdminCode,
        Province = clinic.Province,
        City = clinic.City,
        District = clinic.District,
        Phones = [.. clinic.Phones],
        Hours = clinic.Hours,
        Open24h = roundTheClock,
        Level = clinic.Level,
        Location = GeographyPoint.Create(CoordinateSystem.Geography(4326), clinic.Location.Latitude, clinic.Location.Longitude, null, null),
        Latitude = clinic.Location.Latitude,
        Longitude = clinic.Location.Longitude,
        LocationPrecision = clinic.LocationPrecision.ToWire(),
        SourcePublisher = clinic.Source?.Publisher,
        SourceTitle = clinic.Source?.Title,
        SourcePublishedOn = clinic.Source?.PublishedOn,
        SourceDocumentSha256 = clinic.Source?.DocumentSha256,
    };
}
