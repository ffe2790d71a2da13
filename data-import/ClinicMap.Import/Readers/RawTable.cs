namespace ClinicMap.Import.Readers;

/// <summary>What every reader produces: the rows of a document and what the document says about itself.</summary>
/// <param name="Title">The document's own title when it has one (an HTML notice's heading), else <c>null</c>.</param>
public sealed record RawTable(IReadOnlyList<RawRow> Rows, string? Title);
