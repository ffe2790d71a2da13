namespace ClinicMap.Data.Imports;

/// <summary>A received file about to be imported; <paramref name="Sha256"/> is lower-case hex of its bytes.</summary>
public sealed record NewDocument(string Sha256, string Publisher, string Title, DateOnly? PublishedOn, string FileName, long ByteLength)
{
    /// <summary>For lists read by OCR: each page (PNG) as the cells' boxes refer to it, kept so a reviewer sees the crop beside the text.</summary>
    public IReadOnlyList<byte[]> PageImages { get; init; } = [];

    /// <summary>The jurisdiction (admin-code prefix) of the key that imports it: the same bytes are one batch per jurisdiction.</summary>
    public string Jurisdiction { get; init; } = "";

    /// <summary>Where a watched document was fetched from, or <c>null</c> for a file given by hand or uploaded.</summary>
    public DocumentOrigin? Origin { get; init; }
}

/// <summary>
/// A document a watcher fetched: its source's name, the notice that published it, the attachment's URL (the
/// notice's own URL for a table in the page) and when it was fetched.
/// </summary>
public sealed record DocumentOrigin(string Source, string NoticeUrl, string AttachmentUrl, DateTimeOffset FetchedAt);
