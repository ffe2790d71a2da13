using ClinicMap.Core.Clinics;
using Microsoft.Spatial;

namespace ClinicMap.Api.OData;

/// <summary>
/// A clinic as the OData service shows it (entity type <c>ClinicMap.Clinic</c>): flat on purpose — source fields are
/// properties of their own, latitude and longitude are numbers beside the geography — so that spreadsheet clients
/// such as Excel's Power Query show every field as a column. Built once per served version (<see cref="ODataClinicRows"/>);
/// the live status (<c>Status…</c>, <c>unknown</c> until a hospital reports) is laid over a copy per request.
/// </summary>
public sealed record ODataClinic
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

    /// <summary>The live status as <see cref="Contracts.StatusDto"/> says it: <c>open</c>, <c>suspended</c>, <c>full</c>, <c>closed-today</c> or <c>unknown</c>.</summary>
    public string StatusState { get; init; } = "unknown";
    public int? StatusWaitMinutes { get; init; }
    public int? StatusBedsAvailable { get; init; }
    public int? StatusBedsTotal { get; init; }
    public string? StatusNote { get; init; }
    public DateTimeOffset? StatusReportedAt { get; init; }
    public bool StatusFresh { get; init; }

    /// <summary>This clinic with <paramref name="status"/> laid over it (a copy: the version's row is shared).</summary>
    public ODataClinic WithStatus(Contracts.StatusDto status) => this with
    {
        StatusState = status.State, StatusWaitMinutes = status.WaitMinutes, StatusBedsAvailable = status.BedsAvailable, StatusBedsTotal = status.BedsTotal,
        StatusNote = status.Note, StatusReportedAt = status.ReportedAt, StatusFresh = status.Fresh,
    };

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
