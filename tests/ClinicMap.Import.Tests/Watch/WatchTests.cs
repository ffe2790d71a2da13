using System.Text.Json;
using ClinicMap.Data;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Sources;
using ClinicMap.Data.Subscriptions;
using ClinicMap.Import.Geocoding;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Sources;
using ClinicMap.Import.Watch;
using ClinicMap.TestSupport;
using Xunit.Abstractions;

namespace ClinicMap.Import.Tests.Watch;

/// <summary>
/// Watching a commission's notice pages end to end, against a local site that plays one (<see cref="CommissionSite"/>)
/// and PostgreSQL, under the watcher's database role: paged index, notices with an HTML table, an XLSX, a PNG (OCR),
/// a DOCX and a PDF; an addendum and a suspension; the same list republished with changes; and the failures —
/// a 404 attachment, a slow server, a redirect and a redirect loop, an oversized file, a file that is not what its
/// name says. Each ends as the issue states, and nothing is imported twice.
/// </summary>
public sealed class WatchTests(PostgisDatabase database, ITestOutputHelper output) : IClassFixture<PostgisDatabase>, IDisposable
{
    private readonly CommissionSite _site = new();
    private readonly HttpClient _http = new();
    private readonly HttpClient _siteClient = SiteFetcher.CreateClient();

    public void Dispose()
    {
        _site.Dispose();
        _http.Dispose();
        _siteClient.Dispose();
    }

    private WatchedSourceConfig Config(string name, string jurisdiction, Func<WatchSettings, WatchSettings>? change = null)
    {
        var watch = new WatchSettings { Index = [_site.Url("index.html")], MaxPages = 2, PolitenessSeconds = 0, TimeoutSeconds = 10, Retries = 0, RetryBackoffSeconds = 0 };
        return WatchedSourceConfig.From(name, new SourceSettings
        {
            Publisher = "湖北省卫生健康委员会", AdminCode = "42", DefaultKind = "fever-clinic",
            Watch = (change ?? (w => w))(watch) with { Jurisdiction = jurisdiction },
        });
    }

    private async Task<(SourceWatcher Watcher, StringWriter Log, Npgsql.NpgsqlDataSource Worker)> WatcherAsync(WatchedSourceConfig config)
    {
        await GeocodingSetup.LoadBoundariesAsync(database.DataSource);
        var worker = ClinicMapDataSource.Create(database.ConnectionStringAs("clinicmap_watcher"), "watch-tests");
        var log = new StringWriter();
        var store = new WatchStore(worker);
        var importer = new NoticeImporter(PipelineFactory.Connected(worker, _http, stage: true), new ImportStore(worker), new DatasetStore(worker), store, log);
        return (new SourceWatcher(config, new SiteFetcher(_siteClient, config.Watch), store, importer, log), log, worker);
    }

    private async Task<List<SourceEvent>> EventsAsync(string source) =>
        [.. (await new WatchStore(database.DataSource).EventsAsync(0, "", 1000)).Where(e => e.Source == source)];

    private Task<long> BatchOfAsync(string notice) =>
        database.ScalarAsync<long>("SELECT b.id FROM import_batches b JOIN source_documents d ON d.id = b.source_document_id WHERE d.notice_url = $1 ORDER BY b.id DESC LIMIT 1", _site.Url(notice));

    [Fact]
    public async Task NewNoticesAreImportedOnceEachThenAddendaSuspensionsAndRepublishedListsProposeTheRightClosures()
    {
        var config = Config("hubei", "42");
        var (watcher, log, worker) = await WatcherAsync(config);
        await using var _ = worker;
        var subscriber = (await new SubscriptionStore(database.DataSource).CreateAsync(Actor.Cli("tests"), "partner", "http://127.0.0.1:9/hook", "42", [Subscriber.SourceBatch])).Subscriber;

        // The first poll: two index pages (the third is past maxPages), five documents in four notices; the duty notice is not a list.
        var first = await watcher.PollAsync(CancellationToken.None);
        output.WriteLine(log.ToString());
        Assert.Equal(0, first.Errors);
        Assert.Equal(5, first.Imported);
        Assert.False(_site.Requests.ContainsKey("index_3.html"));
        Assert.False(_site.Requests.ContainsKey("notices/duty.html"));
        var documents = await database.ScalarAsync<string>(
            "SELECT string_agg(substring(attachment_url from '[^/]+$') || '@' || substring(notice_url from '[^/]+$') || ':' || b.default_kind, ' ' ORDER BY attachment_url) " +
            "FROM source_documents d JOIN import_batches b ON b.source_document_id = d.id WHERE d.watched_source = 'hubei' AND d.fetched_at IS NOT NULL");
        Assert.Equal("hubei-fever-clinics.xlsx@0130-cities.html:fever-clinic jingzhou-hospitals.docx@0201-hospitals.html:designated-hospital " +
                     "shiyan-fever-clinics.png@0202-shiyan.html:fever-clinic shiyan-hospitals.pdf@0201-hospitals.html:designated-hospital 0128-wuhan.html@0128-wuhan.html:fever-clinic", documents);
        Assert.Equal("武汉市发热门诊名单", await database.ScalarAsync<string>("SELECT title FROM source_documents WHERE notice_url = $1", _site.Url("notices/0128-wuhan.html")));

        // The second poll finds nothing new: the index answers 304, the notices' counters changed but not what they publish.
        var second = await watcher.PollAsync(CancellationToken.None);
        Assert.Equal((0, 0), (second.Imported, second.Errors));
        Assert.True(_site.NotModified.GetValueOrDefault("index.html") >= 1);
        Assert.Equal(1, _site.Requests["files/shiyan-fever-clinics.png"]);
        Assert.Equal(5, await database.ScalarAsync<long>("SELECT count(*) FROM import_batches b JOIN source_documents d ON d.id = b.source_document_id WHERE d.watched_source = 'hubei'"));

        // Wuhan's list is published; then the commission publishes an addendum, a suspension and the list again, changed.
        var wuhan = await BatchOfAsync("notices/0128-wuhan.html");
        await new DatasetStore(database.DataSource).PublishAsync(Actor.Cli("tests"), [wuhan], "the first Wuhan list", "tests: rows in review stay out");
        var published = await database.ScalarAsync<string>("SELECT string_agg(name, ',' ORDER BY name) FROM dataset_clinics WHERE version = (SELECT version FROM dataset_current)");
        output.WriteLine(published);
        _site.PublishLater = true;
        var third = await watcher.PollAsync(CancellationToken.None);
        output.WriteLine(log.ToString());
        Assert.Equal((3, 0), (third.Imported, third.Errors));

        var added = await BatchOfAsync("notices/0204-added.html");
        Assert.Equal("additions", await database.ScalarAsync<string>("SELECT mode FROM import_batches WHERE id = $1", added));
        Assert.Contains("新增", await database.ScalarAsync<string>("SELECT mode_reason FROM import_batches WHERE id = $1", added), StringComparison.Ordinal);
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM closure_proposals WHERE batch_id = $1", added));

        var suspended = await BatchOfAsync("notices/0206-suspended.html");
        Assert.Equal("removals", await database.ScalarAsync<string>("SELECT mode FROM import_batches WHERE id = $1", suspended));
        Assert.Equal("武汉亚洲心脏病医院,武汉市第六医院", await database.ScalarAsync<string>("SELECT string_agg(name, ',' ORDER BY name COLLATE \"C\") FROM closure_proposals WHERE batch_id = $1", suspended));
        Assert.Equal("rejected:removal.closes,rejected:removal.closes", await database.ScalarAsync<string>(
            "SELECT string_agg(outcome || ':' || (SELECT string_agg(e->>'code', '+') FROM jsonb_array_elements(reasons) e WHERE e->>'code' LIKE 'removal.%'), ',' ORDER BY row_number) FROM import_rows WHERE batch_id = $1", suspended));

        var again = await BatchOfAsync("notices/0208-wuhan.html");
        Assert.Equal("full", await database.ScalarAsync<string>("SELECT mode FROM import_batches WHERE id = $1", again));
        Assert.Equal("武汉亚洲心脏病医院,武汉市汉阳医院,武汉市第六医院", await database.ScalarAsync<string>("SELECT string_agg(name, ',' ORDER BY name COLLATE \"C\") FROM closure_proposals WHERE batch_id = $1", again));
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM import_rows WHERE batch_id = $1 AND match_kind = 'same'", again) >= 15);

        // A notice edited after publication is read again, and what it now publishes imported as a new document.
        var edited = (await File.ReadAllTextAsync(Path.Combine(CommissionSite.Root, "notices", "0204-added.html")))
            .Replace("</tbody>", "<tr><td>3</td><td>武昌区</td><td>武汉科技大学附属天佑医院</td><td>027-51228666</td></tr></tbody>", StringComparison.Ordinal);
        _site.Override("notices/0204-added.html", edited);
        var fourth = await watcher.PollAsync(CancellationToken.None);
        Assert.Equal((1, 0), (fourth.Imported, fourth.Errors));
        Assert.NotEqual(added, await BatchOfAsync("notices/0204-added.html"));
        Assert.Equal(3, await database.ScalarAsync<int>("SELECT row_count FROM import_batches WHERE id = $1", await BatchOfAsync("notices/0204-added.html")));

        // Operators see each batch with its source; a partner subscribed to source.batch is told of each.
        var events = await EventsAsync("hubei");
        Assert.Equal(9, events.Count(e => e.Kind == NewSourceEvent.Batch));
        Assert.All(events.Where(e => e.Kind == NewSourceEvent.Batch), e => Assert.Contains("waits in the review queue", e.Message, StringComparison.Ordinal));
        var backlog = await new ClinicMap.Data.Review.ReviewStore(database.DataSource).QueueAsync(new Actor("op", ApiRole.Operator, "42"), new ClinicMap.Data.Review.ReviewFilter());
        Assert.Contains(backlog.Batches, b => b.BatchId == suspended && b.Mode == "removals" && b.WatchedSource == "hubei" && b.NoticeUrl == _site.Url("notices/0206-suspended.html"));
        // The workers fan events out to subscribers (the watcher's role cannot).
        await using var pump = ClinicMapDataSource.Create(database.ConnectionStringAs("clinicmap_worker"), "watch-tests-pump");
        await new SubscriptionStore(pump).FanOutAsync(new DatasetStore(pump));
        var bodies = await database.ScalarAsync<string>("SELECT '[' || string_agg(body, ',' ORDER BY id) || ']' FROM webhook_deliveries WHERE subscriber_id = $1 AND event = 'source.batch'", subscriber.Id);
        using var json = JsonDocument.Parse(bodies);
        Assert.Equal(9, json.RootElement.GetArrayLength());
        Assert.Contains(json.RootElement.EnumerateArray(), d => d.GetProperty("batchId").GetInt64() == suspended && d.GetProperty("mode").GetString() == "removals"
            && d.GetProperty("noticeUrl").GetString() == _site.Url("notices/0206-suspended.html"));
        var state = Assert.Single(await new WatchStore(database.DataSource).SourcesAsync(), s => s.Name == "hubei");
        Assert.Equal((4, (string?)null), (state.Polls, state.LastError));
        Assert.NotNull(state.LastChangeAt);
    }

    [Fact]
    public async Task EveryFailureIsAListedSourceErrorAndTheNextPollTriesAgain()
    {
        _site.Override("faults/index.html", """
            <html><head><meta charset="utf-8"></head><body><ul>
            <li><a href="n404.html">发热门诊名单（附件缺失）</a> 2020-02-01</li>
            <li><a href="slow.html">发热门诊名单（慢）</a> 2020-02-02</li>
            <li><a href="../moved/notice.html">关于新增发热门诊的通知（已迁移）</a> 2020-02-03</li>
            <li><a href="loop.html">发热门诊名单（循环）</a> 2020-02-04</li>
            <li><a href="big.html">发热门诊名单（超大）</a> 2020-02-05</li>
            <li><a href="liar.html">发热门诊名单（伪装）</a> 2020-02-06</li>
            <li><a href="empty.html">发热门诊名单（无附件）</a> 2020-02-07</li>
            <li><a href="offhost.html">发热门诊名单（外站）</a> 2020-02-08</li>
            </ul></body></html>
            """);
        string Notice(string title, string link) => $"<html><head><meta charset=\"utf-8\"></head><body><h1>{title}</h1><p>2020年2月1日</p><p><a href=\"{link}\">附件1</a></p></body></html>";
        _site.Override("faults/n404.html", Notice("发热门诊名单（附件缺失）", "../files/missing.xlsx"));
        _site.Override("faults/slow.html", Notice("发热门诊名单（慢）", "../slow/list.xlsx"));
        _site.Override("faults/loop.html", Notice("发热门诊名单（循环）", "../loop/a.xlsx"));
        _site.Override("faults/big.html", Notice("发热门诊名单（超大）", "../big/list.xlsx"));
        _site.Override("faults/liar.html", Notice("发热门诊名单（伪装）", "../files/list.xlsx"));
        _site.Override("files/list.xlsx", "<html><body>请先登录</body></html>");
        // The same server under another name: a page must not send the watcher to a host the source does not name.
        _site.Override("faults/offhost.html", Notice("发热门诊名单（外站）", $"http://localhost:{_site.Port}/files/hubei-fever-clinics.xlsx"));
        _site.Override("faults/empty.html", "<html><head><meta charset=\"utf-8\"></head><body><h1>发热门诊名单（无附件）</h1><p>详见后续通知。</p></body></html>");
        var config = Config("faulty", "4201", w => w with { Index = [_site.Url("faults/index.html")], TimeoutSeconds = 1, Retries = 1, MaxBytes = 1024 * 1024 });
        var (watcher, log, worker) = await WatcherAsync(config);
        await using var _ = worker;

        var first = await watcher.PollAsync(CancellationToken.None);
        output.WriteLine(log.ToString());
        var errors = (await EventsAsync("faulty")).Where(e => e.Kind == NewSourceEvent.Error).Select(e => e.Message).ToList();
        Assert.Equal(7, first.Errors);
        Assert.Contains(errors, m => m.Contains("files/missing.xlsx: answered 404", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("slow/list.xlsx: no answer within 1 s (after 2 tries)", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("redirect loop", StringComparison.Ordinal) && m.Contains("loop/b.xlsx", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("big/list.xlsx: 31,457,280 bytes is over the 1,048,576-byte limit", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("'list.xlsx' is an HTML page, not an Excel workbook (.xlsx)", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("no attachment, table or image list found", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("localhost is not the index's host nor one of watch.allowedHosts; not fetched", StringComparison.Ordinal));
        Assert.False(_site.Requests.ContainsKey("files/hubei-fever-clinics.xlsx"));
        // The redirected notice is followed and imported, as an addendum.
        Assert.Equal(1, first.Imported);
        Assert.Equal("additions", await database.ScalarAsync<string>("SELECT mode FROM import_batches WHERE jurisdiction = '4201'"));
        var state = Assert.Single(await new WatchStore(database.DataSource).SourcesAsync(), s => s.Name == "faulty");
        Assert.NotNull(state.LastError);

        // The next poll tries every failed notice again; the imported one is not imported twice.
        _site.Override("files/missing.xlsx", await File.ReadAllBytesAsync(Path.Combine(CommissionSite.Root, "files", "hubei-fever-clinics.xlsx")), "application/octet-stream");
        var second = await watcher.PollAsync(CancellationToken.None);
        output.WriteLine(log.ToString());
        Assert.Equal(2, _site.Requests["files/missing.xlsx"]);
        Assert.Equal((1, 6), (second.Imported, second.Errors));
        Assert.Equal(2, await database.ScalarAsync<long>("SELECT count(*) FROM import_batches WHERE jurisdiction = '4201'"));
        Assert.Equal(2, await database.ScalarAsync<long>("SELECT count(*) FROM source_events WHERE source = 'faulty' AND kind = 'batch'"));
    }

    [Fact]
    public async Task ASourceThatAllowsItPublishesABatchWithNothingToReviewAndSaysSo()
    {
        _site.Override("auto/index.html", """<html><body><a href="../notices/0204-added.html">关于新增武昌区发热门诊的通知</a> 2020-02-04</body></html>""");
        var config = Config("auto", "420106", w => w with { Index = [_site.Url("auto/index.html")], PublishWithoutReview = true });
        var (watcher, log, worker) = await WatcherAsync(config);
        await using var _ = worker;

        var poll = await watcher.PollAsync(CancellationToken.None);
        output.WriteLine(log.ToString());

        Assert.Equal((1, 0), (poll.Imported, poll.Errors));
        var e = Assert.Single(await EventsAsync("auto"));
        Assert.NotNull(e.PublishedIn);
        Assert.Contains($"published as version {e.PublishedIn}", e.Message, StringComparison.Ordinal);
        Assert.Equal("published", await database.ScalarAsync<string>("SELECT status FROM import_batches WHERE id = $1", e.BatchId!.Value));
        Assert.Equal("watch:auto", await database.ScalarAsync<string>("SELECT published_by FROM dataset_versions WHERE version = $1", e.PublishedIn.Value));
    }

    [Fact]
    public async Task AListLinkedStraightFromTheIndexIsImportedAgainWhenItsBytesChangeAndOnlyThen()
    {
        var sample = await File.ReadAllBytesAsync(Path.Combine(CommissionSite.Root, "files", "hubei-fever-clinics.xlsx"));
        _site.Override("direct/index.html", """<html><body><a href="list.xlsx">黄石市发热门诊名单</a> 2020-02-01</body></html>""");
        _site.Override("direct/list.xlsx", sample, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var (watcher, log, worker) = await WatcherAsync(Config("direct", "4202", w => w with { Index = [_site.Url("direct/index.html")] }));
        await using var _ = worker;

        Assert.Equal(1, (await watcher.PollAsync(CancellationToken.None)).Imported);
        Assert.Equal(0, (await watcher.PollAsync(CancellationToken.None)).Imported);
        // Republished under the same URL: the workbook written again (its bytes differ, its rows do not).
        _site.Override("direct/list.xlsx", BadInputTests.RewriteSheet(sample, xml => xml), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var third = await watcher.PollAsync(CancellationToken.None);
        output.WriteLine(log.ToString());

        Assert.Equal((1, 0), (third.Imported, third.Errors));
        Assert.Equal(2, await database.ScalarAsync<long>("SELECT count(*) FROM import_batches WHERE jurisdiction = '4202'"));
        Assert.Equal(3, _site.Requests["direct/list.xlsx"]);
    }
}
