using System.Text.Json.Serialization;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Navigation;

namespace ClinicMap.Api.Contracts;

/// <summary>
/// A clinic as the public contract shows it (ARCHITECTURE.md, "A Clinic"), plus <c>open24h</c>: whether its hours
/// say it never closes (<see cref="Core.Text.OpeningHours.IsRoundTheClock"/>), so that no client re-reads the text.
/// <c>distanceMeters</c> (and, for an approximate location, <c>distanceRange</c>) only in nearest answers.
/// </summary>
public sealed record ClinicDto(
    Guid Id,
    string Name,
    IReadOnlyList<string> Kinds,
    string? Address,
    string AdminCode,
    string Province,
    string? City,
    string? District,
    IReadOnlyList<string> Phones,
    string? Hours,
    bool Open24h,
    string? Level,
    LocationDto Location,
    string LocationPrecision,
    NavigationLinks Navigation,
    SourceDto? Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? DistanceMeters)
{
    /// <summary>Every document that supported the clinic, newest first; only in the answer for one clinic.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SourceDto>? Sources { get; init; }

    /// <summary>
    /// Only in nearest answers, for a clinic at <c>township</c>, <c>district</c> or <c>city</c> precision: how near
    /// and how far from the resident the clinic can be, since its point is a centre, not its door.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DistanceRangeDto? DistanceRange { get; init; }

    /// <summary>
    /// The clinic's live status as its hospital reported it (<c>unknown</c> without a valid report), in nearest
    /// answers and the answer for one clinic; added when the answer is made, never kept with the clinic.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatusDto? Status { get; init; }

    /// <summary>Maps a stored clinic; the location is converted to <paramref name="crs"/>, the navigation links each to its app's system.</summary>
    public static ClinicDto From(Clinic clinic, CoordinateSystem crs, double? distanceMeters = null)
    {
        var location = clinic.Location.To(crs);
        return new ClinicDto(
            clinic.Id,
            clinic.Name,
            clinic.Kinds.Select(k => k.ToWire()).ToList(),
            clinic.Address,
            clinic.AdminCode,
            clinic.Province,
            clinic.City,
            clinic.District,
            clinic.Phones,
            clinic.Hours,
            Core.Text.OpeningHours.IsRoundTheClock(clinic.Hours),
            clinic.Level,
            new LocationDto(Math.Round(location.Latitude, 7), Math.Round(location.Longitude, 7), crs.ToWire()),
            clinic.LocationPrecision.ToWire(),
            NavigationLinkBuilder.Build(clinic.Name, clinic.Location),
            clinic.Source is { } s ? new SourceDto(s.Publisher, s.Title, s.PublishedOn, s.DocumentSha256) : null,
            distanceMeters is { } d ? Math.Round(d, 1) : null)
        {
            Sources = clinic.Sources.Count == 0 ? null : clinic.Sources.Select(s => new SourceDto(s.Publisher, s.Title, s.PublishedOn, s.DocumentSha256)).ToList(),
        };
    }
}
