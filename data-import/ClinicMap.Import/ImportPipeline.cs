using System.Security.Cryptography;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Stages;

namespace ClinicMap.Import;

/// <summary>
/// file → read → map columns → clean → divisions → geocode → duplicates → outcome → stage.
/// Between stages the pipeline checks the hand-off: the same rows, in the same order, none lost or added,
/// and no reason removed. Nothing is written until every row has its outcome, and then in one transaction.
/// </summary>
public sealed class ImportPipeline(IImportStore? store, DivisionGazetteer gazetteer)
{
    private static readonly ITableReader[] Readers = [new JsonListReader()];

    /// <summary>Reads and decides every row of <paramref name="path"/>; stages them unless <paramref name="dryRun"/>.</summary>
    /// <exception cref="InputRejectedException">The file cannot be read as a list; nothing was staged.</exception>
    public async Task<ImportResult> RunAsync(string path, ImportOptions options, bool dryRun, CancellationToken cancellationToken = default)
    {
        var fileName = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new InputRejectedException($"{path}: no such file");
        if (info.Length == 0)
            throw new InputRejectedException($"{fileName}: the file is empty (0 bytes)");
        if (info.Length > options.MaxFileBytes)
            throw new InputRejectedException($"{fileName}: {info.Length:N0} bytes is over the {options.MaxFileBytes:N0}-byte limit for one list");

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var reader = Readers.FirstOrDefault(r => r.CanRead(fileName, bytes.AsSpan(0, Math.Min(bytes.Length, 4096))))
            ?? throw new InputRejectedException($"{fileName}: this format is not supported yet (supported: .json lists)");
        RawTable table;
        using (var stream = new MemoryStream(bytes, writable: false))
            table = reader.Read(stream, fileName);
        if (table.Rows.Count == 0)
            throw new InputRejectedException($"{fileName}: no rows found");

        var document = new NewDocument(sha256, options.Publisher, options.Title ?? table.Title ?? fileName, options.PublishedOn, fileName, bytes.LongLength);
        var rows = Decide(table.Rows, options);

        if (dryRun || store is null)
            return new ImportResult(document, rows, null, store is null ? null : await store.FindByDocumentAsync(sha256, cancellationToken));
        try
        {
            var batch = await store.StageAsync(document, options.DefaultKind.ToWire(), options.Actor, rows, cancellationToken);
            return new ImportResult(document, rows, batch, null);
        }
        catch (DocumentAlreadyImportedException e)
        {
            return new ImportResult(document, rows, null, e.Existing);
        }
    }

    /// <summary>Runs the row stages over already-read rows; pure apart from the gazetteer, O(rows).</summary>
    public IReadOnlyList<StagedRow> Decide(IReadOnlyList<RawRow> rawRows, ImportOptions options)
    {
        IRowStage[] stages =
        [
            new CleanStage(options.DefaultKind),
            new DivisionStage(new DivisionResolver(gazetteer)),
            new GeocodeStage(),
            new DuplicateStage(),
        ];
        IReadOnlyList<RowDraft> drafts = rawRows.Select(ColumnMapper.Map).ToList();
        foreach (var stage in stages)
        {
            var next = stage.Run(drafts);
            CheckHandOff(stage, drafts, next);
            drafts = next;
        }
        return drafts.Select(OutcomeDecider.Decide).ToList();
    }

    private static void CheckHandOff(IRowStage stage, IReadOnlyList<RowDraft> before, IReadOnlyList<RowDraft> after)
    {
        if (after.Count != before.Count)
            throw new InvalidOperationException($"stage '{stage.Name}' returned {after.Count} rows for {before.Count}");
        for (var i = 0; i < before.Count; i++)
        {
            if (!ReferenceEquals(after[i].Raw, before[i].Raw))
                throw new InvalidOperationException($"stage '{stage.Name}' reordered or replaced row {before[i].Raw.RowNumber}");
            if (after[i].Reasons.Count < before[i].Reasons.Count)
                throw new InvalidOperationException($"stage '{stage.Name}' dropped a reason of row {before[i].Raw.RowNumber}");
        }
    }
}
