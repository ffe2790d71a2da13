namespace ClinicMap.Data.Imports;

/// <summary>The same file (by sha256) was imported before; <see cref="Existing"/> is that batch.</summary>
public sealed class DocumentAlreadyImportedException(ImportBatchSummary existing)
    : InvalidOperationException($"this document was already imported as batch {existing.BatchId}")
{
    public ImportBatchSummary Existing { get; } = existing;
}
