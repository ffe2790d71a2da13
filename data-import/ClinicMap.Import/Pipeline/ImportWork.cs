using ClinicMap.Core.Imports;
using ClinicMap.Data.Imports;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline;

/// <summary>
/// One list on its way through the stages: what came in (the bytes, or rows already read), what each stage has
/// made of it so far, and the operator's options. Owned by one run of <see cref="ImportPipeline"/>; not thread-safe.
/// </summary>
public sealed class ImportWork
{
    /// <summary>A file to read from its first stage on.</summary>
    public ImportWork(byte[] bytes, string fileName, ImportOptions options)
    {
        Bytes = bytes;
        FileName = fileName;
        Options = options;
    }

    /// <summary>Rows already read (by a test, or the OCR benchmark), to run from <see cref="Stage.MapColumns"/> on.</summary>
    public ImportWork(ExtractedList extracted, ImportOptions options)
    {
        Bytes = [];
        FileName = "";
        Options = options;
        Extracted = extracted;
    }

    public byte[] Bytes { get; }

    /// <summary>A label for messages and the source document; never opened.</summary>
    public string FileName { get; }

    public ImportOptions Options { get; }

    /// <summary>Set by <see cref="Stage.Extract"/>.</summary>
    public ExtractedList? Extracted { get; set; }

    /// <summary>What the list calls itself: the operator's title, else the one read from the document.</summary>
    public string? DocumentTitle => Options.Title ?? Extracted?.Title;

    /// <summary>The rows between <see cref="Stage.MapColumns"/> and <see cref="Stage.Decide"/>.</summary>
    public IReadOnlyList<RowDraft> Drafts { get; set; } = [];

    /// <summary>Set by <see cref="Stage.Match"/> when the published dataset was at hand.</summary>
    public BatchMatchInfo? Match { get; set; }

    /// <summary>Every row with its outcome; set by <see cref="Stage.Decide"/>.</summary>
    public IReadOnlyList<StagedRow> Rows { get; set; } = [];
}

/// <summary>
/// What <see cref="Stage.Extract"/> found in a file: its rows (never empty), the title and date it states, what
/// the reader noticed, and the page images OCR read (for the reviewer's crops).
/// </summary>
public sealed record ExtractedList(
    IReadOnlyList<RawRow> Rows, string? Title, DateOnly? PublishedOn, IReadOnlyList<string> Notices, IReadOnlyList<byte[]> PageImages);
