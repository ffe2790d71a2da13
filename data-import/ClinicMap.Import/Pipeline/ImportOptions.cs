using System.Text;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline;

/// <summary>What the operator (or the publisher's source settings) says about a file being imported.</summary>
/// <param name="Publisher">The commission that published the list (卫健委 …).</param>
/// <param name="Title">The document's title; defaults to the document's own title, then the file name.</param>
/// <param name="DefaultKind">The kind of every row that does not say otherwise.</param>
public sealed record ImportOptions(string Publisher, string? Title, DateOnly? PublishedOn, ClinicKind DefaultKind, string Actor)
{
    /// <summary>Files above this size are refused before reading (<see cref="Core.Imports.ImportLimits.MaxFileBytes"/>, the API's upload limit too).</summary>
    public long MaxFileBytes { get; init; } = Core.Imports.ImportLimits.MaxFileBytes;

    /// <summary>The text encoding of CSV/TSV/TXT (and HTML) files, or <c>null</c> to detect it.</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>Only these sheets (or tables, <c>table 2</c>) are imported; empty means all.</summary>
    public IReadOnlyList<string> Sheets { get; init; } = [];

    /// <summary>
    /// The division the list covers (a 2-, 4- or 6-digit GB/T 2260 prefix such as <c>4201</c>): fills the
    /// province and city of rows that name neither. <c>null</c> lets the title or sheet name say it.
    /// </summary>
    public string? AdminScope { get; init; }

    /// <summary>
    /// The coordinate system of latitude/longitude columns, as the publisher declares it (<c>--crs</c>). A list
    /// with coordinates and no declared system has them sent to review rather than guessed.
    /// </summary>
    public CoordinateSystem? Crs { get; init; }

    /// <summary>
    /// The uploader's jurisdiction (an admin-code prefix; <c>null</c> or <c>""</c> for the whole country): rows placed
    /// outside it are rejected with the reason. Set by the worker from the uploading key.
    /// </summary>
    public string? Jurisdiction { get; init; }

    /// <summary>
    /// How the document speaks for its scope, as the operator (<c>--mode</c>), the source's settings or a watched
    /// notice's title say; <c>null</c> lets the document's own title say it, else <see cref="ImportMode.Full"/>.
    /// </summary>
    public ImportMode? Mode { get; init; }

    /// <summary>Why <see cref="Mode"/> was chosen, kept with the batch.</summary>
    public string? ModeReason { get; init; }

    /// <summary>Where a watcher fetched the document, kept with it; <c>null</c> for a file given by hand or uploaded.</summary>
    public Data.Imports.DocumentOrigin? Origin { get; init; }

    /// <summary>The publisher's header overrides: header text (as a match key) → field.</summary>
    public IReadOnlyDictionary<string, Field> ColumnOverrides { get; init; } = new Dictionary<string, Field>();
}
