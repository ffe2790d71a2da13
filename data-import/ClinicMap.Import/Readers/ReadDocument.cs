using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// What a reader produces: tables still to be understood (<see cref="Grids"/>: spreadsheets, HTML, Word, PDF)
/// or rows whose fields are already named (<see cref="Records"/>: JSON lists), plus what the document says of
/// itself and what the reader noticed on the way (hidden rows, skipped sheets).
/// </summary>
public sealed record ReadDocument(
    IReadOnlyList<SourceGrid> Grids,
    IReadOnlyList<RawRow> Records,
    string? Title = null,
    DateOnly? PublishedOn = null,
    IReadOnlyList<string>? Notices = null)
{
    /// <summary>For documents read by OCR: each page as the boxes of its cells refer to it (deskewed, grey PNG), page 1 first.</summary>
    public IReadOnlyList<byte[]> PageImages { get; init; } = [];

    public static ReadDocument OfRecords(IReadOnlyList<RawRow> records) => new([], records);

    public static ReadDocument OfGrids(IReadOnlyList<SourceGrid> grids, string? title = null, DateOnly? publishedOn = null, IReadOnlyList<string>? notices = null) =>
        new(grids, [], title, publishedOn, notices);
}
