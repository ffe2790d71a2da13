using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Sources;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Watch;

/// <summary>What became of one fetched document: the event's kind (<c>batch</c>, <c>duplicate</c>, <c>error</c>) and its message.</summary>
public sealed record ImportOutcome(string Kind, string Message, long? BatchId = null);

/// <summary>
/// Imports one document a notice published, through the normal pipeline, as a batch of the source's jurisdiction
/// whose source document records the notice, the attachment and when it was fetched. The document must be what its
/// name says (a login page served as .xlsx is an error, not a list); one already imported (same sha256, same
/// jurisdiction) is not imported again. The mode is the source's, else the notice title's, else full; the kind
/// the title's (<see cref="WatchSettings.Kinds"/>), else the source's default. A batch is published at once only when
/// the source allows it and nothing in it waits for a person. Every outcome is recorded as a source event.
/// </summary>
public sealed class NoticeImporter(ImportPipeline pipeline, IImportStore imports, IDatasetStore datasets, WatchStore store, TextWriter log)
{
    public async Task<ImportOutcome> ImportAsync(WatchedSourceConfig config, NoticeContent notice, Uri noticeUrl, Fetched fetched, CancellationToken cancellationToken)
    {
        var outcome = await DecideAsync(config, notice, noticeUrl, fetched, cancellationToken);
        await store.AddEventAsync(new NewSourceEvent(config.Name, outcome.Outcome.Kind, noticeUrl.AbsoluteUri, fetched.Url.AbsoluteUri, outcome.Outcome.Message,
            outcome.Outcome.BatchId, outcome.Mode?.ToWire(), outcome.PublishedIn), cancellationToken);
        log.WriteLine($"{config.Name}: {outcome.Outcome.Kind}: {outcome.Outcome.Message}");
        return outcome.Outcome;
    }

    private async Task<(ImportOutcome Outcome, ImportMode? Mode, int? PublishedIn)> DecideAsync(WatchedSourceConfig config, NoticeContent notice, Uri noticeUrl, Fetched fetched,
        CancellationToken cancellationToken)
    {
        var (fileName, problem) = NameFor(notice, noticeUrl, fetched);
        if (problem is not null)
            return (new ImportOutcome(NewSourceEvent.Error, problem), null, null);
        var sha256 = fetched.Validators.Sha256 ?? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(fetched.Body));
        if (await imports.FindByDocumentAsync(sha256, config.Jurisdiction, cancellationToken) is { } earlier)
            return (new ImportOutcome(NewSourceEvent.Duplicate, $"{fileName} of '{notice.Title}' was already imported as batch {earlier.BatchId} (same sha256); not imported again", earlier.BatchId), null, null);
        var options = Options(config, notice, noticeUrl, fetched);
        ImportResult result;
        try
        {
            result = await pipeline.RunAsync(fetched.Body, fileName, options, dryRun: false, cancellationToken);
        }
        catch (InputRejectedException e)
        {
            return (new ImportOutcome(NewSourceEvent.Error, $"{fetched.Url}: {e.Message}"), options.Mode, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (new ImportOutcome(NewSourceEvent.Error, $"{fetched.Url}: {fileName} could not be imported ({e.GetType().Name}: {e.Message})"), options.Mode, null);
        }
        if (result.Batch is not { } batch)
            return (new ImportOutcome(NewSourceEvent.Duplicate, $"{fileName} of '{notice.Title}' was already imported as batch {result.AlreadyImportedAs?.BatchId}", result.AlreadyImportedAs?.BatchId), null, null);
        var mode = result.Match?.Mode ?? ImportMode.Full;
        var closures = result.Match?.ProposedClosures.Count ?? 0;
        var said = $"'{notice.Title}' ({fileName}) staged as batch {batch.BatchId}: {batch.Rows} rows = {batch.Accepted} accepted + {batch.NeedsReview} to review + {batch.Rejected} rejected; " +
                   $"{result.Match?.ModeReason ?? $"read as {mode.ToWire()}"}; {closures} closure(s) proposed";
        var published = await PublishIfAllowedAsync(config, batch, closures, cancellationToken);
        return (new ImportOutcome(NewSourceEvent.Batch, said + published.Said, batch.BatchId), mode, published.Version);
    }

    /// <summary>The name the pipeline reads the document under, or why it cannot be read: a name must promise what the bytes are.</summary>
    private static (string Name, string? Problem) NameFor(NoticeContent notice, Uri noticeUrl, Fetched fetched)
    {
        var sniffed = ContentSniffer.Sniff(fetched.Body);
        if (fetched.Url == noticeUrl && notice.Attachments.Count == 0 && sniffed == SniffedType.Html)
            return ("notice-tables.html", null);
        var name = UploadName.Display(fetched.FileName ?? Uri.UnescapeDataString(Path.GetFileName(fetched.Url.AbsolutePath)));
        var promised = ContentSniffer.Promised(name);
        if (sniffed == SniffedType.Unknown)
            return (name, $"{fetched.Url}: '{name}' is {ContentSniffer.Describe(sniffed)} (Content-Type {fetched.ContentType ?? "none"})");
        if (promised == SniffedType.Unknown)
            return (Path.ChangeExtension(name, ContentSniffer.Extension(sniffed)), null);
        return promised == sniffed
            ? (name, null)
            : (name, $"{fetched.Url}: '{name}' is {ContentSniffer.Describe(sniffed)}, not {ContentSniffer.Describe(promised)} as its name says; not imported");
    }

    private static ImportOptions Options(WatchedSourceConfig config, NoticeContent notice, Uri noticeUrl, Fetched fetched)
    {
        var kindText = config.Watch.Kinds.FirstOrDefault(k => notice.Title.Contains(k.Key, StringComparison.Ordinal)).Value ?? config.Source.DefaultKind ?? "fever-clinic";
        var kind = ClinicKindNames.TryParse(kindText, out var k) ? k : ClinicKind.FeverClinic;
        var (mode, reason) = config.Watch.Mode is { } configured && ImportModeNames.TryParse(configured, out var set)
            ? (set, $"source '{config.Name}' reads every notice as {set.ToWire()}")
            : ImportModeNames.FromTitle(notice.Title) is { } implied ? (implied.Mode, implied.Reason) : (ImportMode.Full, (string?)null);
        return new ImportOptions(config.Publisher, notice.Title, notice.PublishedOn, kind, $"watch:{config.Name}")
        {
            AdminScope = config.Source.AdminCode,
            Jurisdiction = config.Jurisdiction,
            Encoding = config.Source.Encoding is { } encoding ? TextDecoding.ByName(encoding) : null,
            Sheets = config.Source.Sheets,
            ColumnOverrides = config.Source.ColumnOverrides,
            MaxFileBytes = Math.Min(config.Watch.MaxBytes, Core.Imports.ImportLimits.MaxFileBytes),
            Mode = mode,
            ModeReason = reason,
            Origin = new DocumentOrigin(config.Name, noticeUrl.AbsoluteUri, fetched.Url.AbsoluteUri, DateTimeOffset.UtcNow),
        };
    }

    /// <summary>Publishes the batch when its source allows it and nothing in it waits for a person; what was done, as a clause of the event.</summary>
    private async Task<(string Said, int? Version)> PublishIfAllowedAsync(WatchedSourceConfig config, ImportBatchSummary batch, int closures, CancellationToken cancellationToken)
    {
        if (!config.Watch.PublishWithoutReview)
            return ("; waits in the review queue", null);
        if (batch.NeedsReview > 0 || closures > 0)
            return ("; not published: rows or closures wait for a person", null);
        try
        {
            var actor = new Actor($"watch:{config.Name}", ApiRole.Publisher, config.Jurisdiction);
            var version = await datasets.PublishAsync(actor, [batch.BatchId], $"watched source {config.Name}: batch {batch.BatchId} published without review, as its source allows", null, cancellationToken);
            return ($"; published as version {version.Version}", version.Version);
        }
        catch (Exception e) when (e is PublishRefusedException or AccessDeniedException)
        {
            return ($"; not published: {e.Message}", null);
        }
    }
}
