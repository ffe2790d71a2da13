using ClinicMap.Core.Clinics;
using Microsoft.Spatial;

namespace ClinicMap.Api.OData;

/// <summary>The value of each <see cref="ClinicEdmModel"/> property for one clinic, in the CLR types Microsoft.OData uses.</summary>
public static class ClinicValues
{
    /// <param name="roundTheClock">The clinic's <c>Open24h</c>, which the serving index has read from its hours.</param>
    public static object? Get(Clinic clinic, string property, bool roundTheClock) => property switch
    {
        "Id" => clinic.Id,
        "Name" => clinic.Name,
        "Kinds" => clinic.Kinds.Select(k => k.ToWire()).ToList(),
        "Address" => clinic.Address,
        "AdminCode" => clinic.AdminCode,
        "Province" => clinic.Province,
        "City" => clinic.City,
        "District" => clinic.District,
        "Phones" => clinic.Phones.ToList(),
        "Hours" => clinic.Hours,
        "Open24h" => roundTheClock,
        "Level" => clinic.Level,
        "Location" => GeographyPoint.Create(CoordinateSystem.Geography(4326), clinic.Location.Latitude, clinic.Location.Longitude, null, null),
        "Latitude" => clinic.Location.Latitude,
        "Longitude" => clinic.Location.Longitude,
        "LocationPrecision" => clinic.LocationPrecision.ToWire(),
        "SourcePublisher" => clinic.Source?.Publisher,
        "SourceTitle" => clinic.Source?.Title,
        "SourcePublishedOn" => clinic.Source?.PublishedOn is { } on ? new Microsoft.OData.Edm.Date(on.Year, on.Month, on.Day) : null,
        "SourceDocumentSha256" => clinic.Source?.DocumentSha256,
        _ => throw new ArgumentException($"'{property}' is not a property of {ClinicEdmModel.Namespace}.Clinic", nameof(property)),
    };
}
