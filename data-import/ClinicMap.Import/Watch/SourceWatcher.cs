using ClinicMap.Data.Sources;
using ClinicMap.Import.Sources;

namespace ClinicMap.Import.Watch;

/// <summary>What one poll of one source did.</summary>
public sealed record PollReport(string Source, int Notices, int Imported, int Duplicates, int Errors, string? FirstError)
{
    public bool Changed => Imported > 0;
}

/// <summary>
/// One poll of one watched source: reads its index pages (bounded, conditional), then each notice listed there and
/// each notice it saw before (a notice edited after publication is read again); a notice whose title, date,
/// attachments and tables are unchanged is skipped. What a notice publishes goes to <see cref="NoticeImporter"/>.
/// Nothing here throws for what a site does: every failure becomes an <c>error</c> event and the source's last
/// error, and a notice whose attachments did not all arrive is not remembered, so the next poll tries it again.
/// </summary>
public sealed class SourceWatcher(WatchedSourceConfig config, SiteFetcher fetcher, WatchStore store, NoticeImporter importer, TextWriter log)
{
    private WatchSettings Watch => config.Watch;

    public async Task<PollReport> PollAsync(CancellationToken cancellationToken)
    {
        await store.EnsureSourceAsync(config.Name, config.Jurisdiction, cancellationToken);
        var tally = new Tally();
        var listed = new List<NoticeLink>();
        foreach (var index in Watch.Index)
            listed.AddRange(await ReadIndexAsync(new Uri(index), tally, cancellationToken));
        var known = await store.RecentNoticesAsync(config.Name, Watch.MaxNotices, cancellationToken);
        var notices = listed.Concat(known.Select(k => new NoticeLink(k.Title, new Uri(k.Url), k.PublishedOn)))
            .DistinctBy(n => n.Url).Take(Watch.MaxNotices).ToList();
        foreach (var notice in notices)
        {
            tally.Notices++;
            await ReadNoticeAsync(notice, tally, cancellationToken);
        }
        await store.PolledAsync(config.Name, tally.Imported > 0, tally.FirstError, cancellationToken);
        var report = new PollReport(config.Name, tally.Notices, tally.Imported, tally.Duplicates, tally.Errors, tally.FirstError);
        log.WriteLine($"{config.Name}: {report.Notices} notice(s) looked at, {report.Imported} document(s) imported, {report.Duplicates} already imported, {report.Errors} error(s)");
        return report;
    }

    /// <summary>The relevant notices of one index and its next pages, up to <see cref="WatchSettings.MaxPages"/>.</summary>
    private async Task<List<NoticeLink>> ReadIndexAsync(Uri first, Tally tally, CancellationToken cancellationToken)
    {
        var notices = new List<NoticeLink>();
        var seen = new HashSet<Uri>();
        for (Uri? page = first; page is not null && seen.Count < Watch.MaxPages && seen.Add(page);)
        {
            Fetched fetched;
            try
            {
                fetched = await fetcher.GetAsync(page, await store.ValidatorsAsync(config.Name, page.AbsoluteUri, cancellationToken), cancellationToken);
            }
            catch (FetchFailedException e)
            {
                await tally.ErrorAsync(this, null, page, $"index page: {e.Message}", cancellationToken);
                break;
            }
            // Unchanged since the last poll: nothing new is listed there or after it; known notices are still re-checked.
            if (fetched.NotModified)
                break;
            var index = NoticePages.ReadIndex(fetched.Body, fetched.Url, Watch);
            notices.AddRange(index.Notices);
            await store.SaveValidatorsAsync(config.Name, page.AbsoluteUri, fetched.Validators, cancellationToken);
            page = index.Next;
        }
        return notices;
    }

    private async Task ReadNoticeAsync(NoticeLink notice, Tally tally, CancellationToken cancellationToken)
    {
        var url = notice.Url.AbsoluteUri;
        Fetched page;
        try
        {
            page = await fetcher.GetAsync(notice.Url, await store.ValidatorsAsync(config.Name, url, cancellationToken), cancellationToken);
        }
        catch (FetchFailedException e)
        {
            await tally.ErrorAsync(this, notice.Url, notice.Url, $"notice '{notice.Title}': {e.Message}", cancellationToken);
            await store.SaveNoticeAsync(config.Name, url, notice.Title, notice.PublishedOn, null, cancellationToken);
            return;
        }
        if (page.NotModified)
            return;
        var isPage = ContentSniffer.Sniff(page.Body) == SniffedType.Html;
        // An index may link a list file directly: the file is then the notice's only attachment.
        var content = isPage
            ? NoticePages.ReadNotice(page.Body, page.Url, notice.Title, notice.PublishedOn, Watch)
            : new NoticeContent(notice.Title, notice.PublishedOn, [notice.Url], null, []);
        // A file linked straight from the index is known by its bytes: the same URL may serve a new list.
        var fingerprint = isPage ? content.Fingerprint : page.Validators.Sha256!;
        if (await store.NoticeFingerprintAsync(config.Name, url, cancellationToken) == fingerprint)
        {
            await store.SaveValidatorsAsync(config.Name, url, page.Validators, cancellationToken);
            return;
        }
        var failedBefore = tally.Errors;
        if (content.Attachments.Count == 0 && content.Tables is null && content.Images.Count == 0)
            await tally.ErrorAsync(this, notice.Url, notice.Url, $"notice '{content.Title}': no attachment, table or image list found in it", cancellationToken);
        foreach (var attachment in content.Attachments.Concat(content.Images))
        {
            var fetched = attachment == notice.Url && !isPage ? page : await FetchAttachmentAsync(notice, attachment, tally, cancellationToken);
            if (fetched is not null)
                tally.Add(await importer.ImportAsync(config, content, notice.Url, fetched, cancellationToken));
        }
        if (content.Tables is { } tables)
            tally.Add(await importer.ImportAsync(config, content, notice.Url, new Fetched(page.Url, false, tables, "text/html", null, page.Validators), cancellationToken));
        if (tally.Errors > failedBefore)
        {
            await store.SaveNoticeAsync(config.Name, url, content.Title, content.PublishedOn, null, cancellationToken);
            return;
        }
        await store.SaveNoticeAsync(config.Name, url, content.Title, content.PublishedOn, fingerprint, cancellationToken);
        await store.SaveValidatorsAsync(config.Name, url, page.Validators, cancellationToken);
    }

    private async Task<Fetched?> FetchAttachmentAsync(NoticeLink notice, Uri attachment, Tally tally, CancellationToken cancellationToken)
    {
        try
        {
            return await fetcher.GetAsync(attachment, null, cancellationToken);
        }
        catch (FetchFailedException e)
        {
            await tally.ErrorAsync(this, notice.Url, attachment, $"attachment of '{notice.Title}': {e.Message}", cancellationToken);
            return null;
        }
    }

    private async Task RecordErrorAsync(Uri? notice, Uri? url, string message, CancellationToken cancellationToken)
    {
        log.WriteLine($"{config.Name}: error: {message}");
        await store.AddEventAsync(new NewSourceEvent(config.Name, NewSourceEvent.Error, notice?.AbsoluteUri, url?.AbsoluteUri, message), cancellationToken);
    }

    /// <summary>The counts of one poll.</summary>
    private sealed class Tally
    {
        public int Notices;
        public int Imported;
        public int Duplicates;
        public int Errors;
        public string? FirstError;

        public void Add(ImportOutcome outcome)
        {
            switch (outcome.Kind)
            {
                case NewSourceEvent.Batch:
                    Imported++;
                    break;
                case NewSourceEvent.Duplicate:
                    Duplicates++;
                    break;
                default:
                    Errors++;
                    FirstError ??= outcome.Message;
                    break;
            }
        }

        public async Task ErrorAsync(SourceWatcher watcher, Uri? notice, Uri? url, string message, CancellationToken cancellationToken)
        {
            Errors++;
            FirstError ??= message;
            await watcher.RecordErrorAsync(notice, url, message, cancellationToken);
        }
    }
}
