using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;

namespace ClinicMap.Core.Imports;

/// <summary>
/// One input row after the import stages: its verbatim cells, its outcome and reasons, and whatever normalised
/// fields the stages could establish. An accepted row has at least a name, an admin code and a location.
/// </summary>
/// <param name="RowNumber">1-based position of the row in its sheet (or list).</param>
/// <param name="Sheet">The sheet, page or list the row came from, or <c>null</c> for a single-table file.</param>
/// <param name="RawCells">The cells as read, header name → text, in input order.</param>
/// <param name="LocationCrsIn">The system the location arrived in, before conversion to WGS-84.</param>
public sealed record StagedRow(
    int RowNumber,
    string? Sheet,
    IReadOnlyList<KeyValuePair<string, string?>> RawCells,
    RowOutcome Outcome,
    IReadOnlyList<RowReason> Reasons,
    string? Name,
    IReadOnlyList<ClinicKind> Kinds,
    string? Address,
    string? AdminCode,
    string? Province,
    string? City,
    string? District,
    IReadOnlyList<string> Phones,
    string? Hours,
    string? Level,
    GeoPoint? Location,
    CoordinateSystem? LocationCrsIn,
    LocationPrecision? LocationPrecision,
    string? LocationMethod)
{
    /// <summary>The location source's own words for its precision (a provider's level and confidence), or <c>null</c>.</summary>
    public string? LocationDetail { get; init; }

    /// <summary>The row measured against the published dataset and its batch, or <c>null</c> when it was not matched (rejected, or no database).</summary>
    public Matching.RowMatch? Match { get; init; }

    /// <summary>For rows read by OCR, each cell's confidence and box on the page; empty otherwise.</summary>
    public IReadOnlyList<CellEvidence> Ocr { get; init; } = [];
}
