using System.Text.Json;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Matching;
using ClinicMap.Data.Review;

namespace ClinicMap.Api.Contracts;

/// <summary>A row for review: original cells, reasons, fields, location in the asked system, OCR evidence and candidates.</summary>
public sealed record ReviewRowDto(
    long BatchId, int RowNumber, string? Sheet, JsonElement Raw, string Outcome, JsonElement Reasons, RowFields Fields,
    LocationDto? Location, string? LocationCrsIn, string? LocationPrecision, string? LocationMethod, JsonElement? Ocr,
    string? MatchKind, Guid? MatchClinicId, IReadOnlyList<MatchCandidate> Candidates, string? MatchExplanation, string? ReviewedBy, int? PublishedIn)
{
    public static ReviewRowDto From(ReviewRow r, CoordinateSystem crs) => new(
        r.BatchId, r.RowNumber, r.Sheet, r.Raw, r.Outcome, r.Reasons, r.Fields,
        r.Location is { } at && at.To(crs) is var p ? new LocationDto(p.Latitude, p.Longitude, crs.ToWire()) : null, r.LocationCrsIn, r.LocationPrecision, r.LocationMethod, r.Ocr,
        r.MatchKind?.ToWire(), r.MatchClinicId, r.Candidates, r.MatchExplanation, r.ReviewedBy, r.PublishedIn);
}
