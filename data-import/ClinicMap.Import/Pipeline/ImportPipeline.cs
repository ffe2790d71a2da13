using System.Security.Cryptography;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Data.Imports;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline;

/// <summary>
/// Runs a list through the stages of <see cref="Stage"/>, in order, and stages the outcome. Between stages it checks
/// the hand-off: the same rows, in the same order, none lost or added, no reason removed. Nothing is written until
/// every row has its outcome, and then in one transaction; a file that cannot be read at all is refused with an
/// <see cref="InputRejectedException"/> and nothing is staged. Built only by <see cref="PipelineFactory"/>.
/// </summary>
public sealed class ImportPipeline
{
    private readonly IReadOnlyList<IImportStage> _stages;
    private readonly IImportStore? _store;

    internal ImportPipeline(IReadOnlyList<IImportStage> stages, IImportStore? store)
    {
        var order = stages.Select(s => s.Stage).ToList();
        if (!order.SequenceEqual(Enum.GetValues<Stage>()))
            throw new ArgumentException($"a pipeline runs every stage once, in order; given {string.Join(", ", order)}", nameof(stages));
        _stages = stages;
        _store = store;
    }

    /// <summary>Reads and decides every row of <paramref name="path"/>; stages them unless <paramref name="dryRun"/>.</summary>
    /// <exception cref="InputRejectedException">The file cannot be read as a list; nothing was staged.</exception>
    public async Task<ImportResult> RunAsync(string path, ImportOptions options, bool dryRun, CancellationToken cancellationToken = default)
    {
        var fileName = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new InputRejectedException($"{path}: no such file");
        if (info.Length > options.MaxFileBytes)
            throw new InputRejectedException($"{fileName}: {info.Length:N0} bytes is over the {options.MaxFileBytes:N0}-byte limit for one list");
        return await RunAsync(await File.ReadAllBytesAsync(path, cancellationToken), fileName, options, dryRun, cancellationToken);
    }

    /// <summary>
    /// Reads and decides every row of a list held in memory (an upload); <paramref name="fileName"/> is a label for
    /// messages and the source document, never opened. Stages the rows unless <paramref name="dryRun"/>.
    /// </summary>
    /// <exception cref="InputRejectedException">The bytes cannot be read as a list; nothing was staged.</exception>
    public async Task<ImportResult> RunAsync(byte[] bytes, string fileName, ImportOptions options, bool dryRun, CancellationToken cancellationToken = default)
    {
        fileName = UploadName.Display(fileName);
        if (bytes.Length == 0)
            throw new InputRejectedException($"{fileName}: the file is empty (0 bytes)");
        if (bytes.LongLength > options.MaxFileBytes)
            throw new InputRejectedException($"{fileName}: {bytes.LongLength:N0} bytes is over the {options.MaxFileBytes:N0}-byte limit for one list");
        cancellationToken.ThrowIfCancellationRequested();

        var times = new StageTimes();
        var work = new ImportWork(bytes, fileName, options);
        await RunStagesAsync(work, Stage.Extract, times, cancellationToken);
        var extracted = work.Extracted!;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var document = new NewDocument(sha256, options.Publisher, work.DocumentTitle ?? fileName, options.PublishedOn ?? extracted.PublishedOn, fileName, bytes.LongLength)
        {
            PageImages = extracted.PageImages,
            Jurisdiction = options.Jurisdiction ?? "",
            Origin = options.Origin,
        };
        ImportResult Result(ImportBatchSummary? batch, ImportBatchSummary? earlier) =>
            new(document, work.Rows, extracted.Notices, batch, earlier) { Match = work.Match, StageTimes = times.Times };

        // Reading (OCR above all) does not watch the token; a job stopped meanwhile must not stage what it read.
        cancellationToken.ThrowIfCancellationRequested();
        if (dryRun || _store is null)
            return Result(null, _store is null ? null : await _store.FindByDocumentAsync(sha256, options.Jurisdiction ?? "", cancellationToken));
        try
        {
            var batch = await _store.StageAsync(document, options.DefaultKind.ToWire(), options.Actor, work.Rows, work.Match, cancellationToken);
            times.Lap("stage");
            return Result(batch, null);
        }
        catch (DocumentAlreadyImportedException e)
        {
            return Result(null, e.Existing);
        }
    }

    /// <summary>Only <see cref="Stage.Extract"/>: the rows a file holds, before any row stage.</summary>
    /// <exception cref="InputRejectedException">The bytes cannot be read as a list.</exception>
    public async Task<ExtractedList> ReadAsync(byte[] bytes, string fileName, ImportOptions options, CancellationToken cancellationToken = default)
    {
        var work = new ImportWork(bytes, UploadName.Display(fileName), options);
        await _stages[0].RunAsync(work, cancellationToken);
        return CheckExtracted(work);
    }

    /// <summary>
    /// The row stages over rows already read (<paramref name="documentTitle"/> as the document would have stated it),
    /// without staging: O(rows), plus the geocoder chain's calls and one boundary query.
    /// </summary>
    public async Task<IReadOnlyList<StagedRow>> DecideAsync(IReadOnlyList<RawRow> rawRows, ImportOptions options, string? documentTitle = null,
        CancellationToken cancellationToken = default)
    {
        var work = new ImportWork(new ExtractedList(rawRows, documentTitle, null, [], []), options);
        await RunStagesAsync(work, Stage.MapColumns, null, cancellationToken);
        return work.Rows;
    }

    private async Task RunStagesAsync(ImportWork work, Stage from, StageTimes? times, CancellationToken cancellationToken)
    {
        foreach (var stage in _stages.Where(s => s.Stage >= from))
        {
            var before = work.Drafts;
            await stage.RunAsync(work, cancellationToken);
            switch (stage.Stage)
            {
                case Stage.Extract:
                    CheckExtracted(work);
                    break;
                case Stage.MapColumns:
                    CheckMapped(work);
                    break;
                case Stage.Decide:
                    CheckDecided(work);
                    break;
                default:
                    CheckHandOff(stage.Stage, before, work.Drafts);
                    break;
            }
            times?.Lap(StageNames.Of(stage.Stage));
        }
    }

    private static ExtractedList CheckExtracted(ImportWork work) =>
        work.Extracted is { Rows.Count: > 0 } extracted ? extracted : throw new InvalidOperationException($"stage 'extract' gave no rows for {work.FileName} and did not refuse it");

    private static void CheckMapped(ImportWork work)
    {
        var raw = work.Extracted!.Rows;
        if (work.Drafts.Count != raw.Count || work.Drafts.Where((d, i) => !ReferenceEquals(d.Raw, raw[i])).Any())
            throw new InvalidOperationException($"stage 'map-columns' returned {work.Drafts.Count} drafts for {raw.Count} rows, or not in their order");
    }

    private static void CheckDecided(ImportWork work)
    {
        if (work.Rows.Count != work.Drafts.Count || work.Rows.Where((r, i) => r.RowNumber != work.Drafts[i].Raw.RowNumber).Any())
            throw new InvalidOperationException($"stage 'decide' returned {work.Rows.Count} rows for {work.Drafts.Count}, or not in their order");
    }

    private static void CheckHandOff(Stage stage, IReadOnlyList<RowDraft> before, IReadOnlyList<RowDraft> after)
    {
        var name = StageNames.Of(stage);
        if (after.Count != before.Count)
            throw new InvalidOperationException($"stage '{name}' returned {after.Count} rows for {before.Count}");
        for (var i = 0; i < before.Count; i++)
        {
            if (!ReferenceEquals(after[i].Raw, before[i].Raw))
                throw new InvalidOperationException($"stage '{name}' reordered or replaced row {before[i].Raw.RowNumber}");
            if (after[i].Reasons.Count < before[i].Reasons.Count)
                throw new InvalidOperationException($"stage '{name}' dropped a reason of row {before[i].Raw.RowNumber}");
        }
    }
}
