using System.Text.Json;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Matching;

namespace ClinicMap.Data.Review;

/// <summary>
/// One staged row as a reviewer sees it: the original cells (<see cref="Raw"/>), the reasons, the fields the
/// pipeline established, the OCR evidence (each cell's text, confidence and page box, for the crop), and the
/// published clinics it may be. <see cref="PublishedIn"/> is set once a version carries it; it can no longer change.
/// </summary>
public sealed record ReviewRow(
    long BatchId,
    int RowNumber,
    string? Sheet,
    string BatchScope,
    JsonElement Raw,
    string Outcome,
    JsonElement Reasons,
    RowFields Fields,
    GeoPoint? Location,
    string? LocationCrsIn,
    string? LocationPrecision,
    string? LocationMethod,
    JsonElement? Ocr,
    MatchKind? MatchKind,
    Guid? MatchClinicId,
    IReadOnlyList<MatchCandidate> Candidates,
    string? MatchExplanation,
    string? ReviewedBy,
    int? PublishedIn)
{
    /// <summary>The code that decides who may see and change the row: its own admin code, else its batch's scope.</summary>
    public string JurisdictionCode => Fields.AdminCode ?? BatchScope;
}

/// <summary>The editable fields of a staged row.</summary>
public sealed record RowFields(
    string? Name,
    IReadOnlyList<string> Kinds,
    string? Address,
    string? AdminCode,
    string? Province,
    string? City,
    string? District,
    IReadOnlyList<string> Phones,
    string? Hours,
    string? Level);
