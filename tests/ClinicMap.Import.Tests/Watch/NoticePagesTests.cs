using System.Text;
using ClinicMap.Core.Imports;
using ClinicMap.Import.Sources;
using ClinicMap.Import.Watch;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Watch;

/// <summary>Reading commission pages and telling files apart, without a network: indexes, notices, sniffing, modes, settings.</summary>
public sealed class NoticePagesTests
{
    private static readonly Uri Page = new("http://wjw.example.gov.cn/xxgk/tzgg/index.html");

    private static byte[] Html(string body) => Encoding.UTF8.GetBytes($"<!doctype html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>");

    [Fact]
    public void AnIndexListsTheNoticesWhoseTitlesOrLinksMatchWithTheirDatesAndItsNextPage()
    {
        var index = NoticePages.ReadIndex(Html("""
            <ul>
              <li><a href="t20200206_1.html" title="关于暂停部分发热门诊的通知（第二批）">关于暂停部分发热门诊的...</a><span>2020-02-06</span></li>
              <li><a href="/xxgk/t20200203_2.html">关于做好春节期间值班工作的通知</a><span>2020-02-03</span></li>
              <li><a href="../fjgk/list_2020.xlsx">附件下载</a></li>
              <li><a href="javascript:void(0)">发热门诊</a></li>
              <li><a href="#top">发热门诊名单</a></li>
            </ul>
            <a href="index_1.html">下一页</a>
            """), Page, new WatchSettings { Index = [Page.AbsoluteUri], LinkPattern = @"/fjgk/.*\.xlsx$" });

        Assert.Equal(
            [("关于暂停部分发热门诊的通知(第二批)", "http://wjw.example.gov.cn/xxgk/tzgg/t20200206_1.html", (DateOnly?)new DateOnly(2020, 2, 6)),
             ("附件下载", "http://wjw.example.gov.cn/xxgk/fjgk/list_2020.xlsx", null)],
            index.Notices.Select(n => (n.Title, n.Url.AbsoluteUri, n.PublishedOn)));
        Assert.Equal("http://wjw.example.gov.cn/xxgk/tzgg/index_1.html", index.Next?.AbsoluteUri);
    }

    [Fact]
    public void ANoticeGivesItsTitleDateAndAttachmentsButNotItsChromesLinks()
    {
        var notice = NoticePages.ReadNotice(Html("""
            <div class="header"><a href="/help.pdf">网站帮助.pdf</a></div>
            <h1>关于公布十堰市发热门诊名单的通知</h1><p>发布时间：2020年2月2日</p>
            <p><a href="P020200202.png">附件1</a> <a href="download.jsp?id=7">附件2：名单</a> <a href="other.html">附件3说明</a></p>
            <div class="footer"><img src="/logo.png"></div>
            """), Page, "十堰市发热门诊名单", null, new WatchSettings { Index = [Page.AbsoluteUri] });

        Assert.Equal(("关于公布十堰市发热门诊名单的通知", (DateOnly?)new DateOnly(2020, 2, 2)), (notice.Title, notice.PublishedOn));
        Assert.Equal(["http://wjw.example.gov.cn/xxgk/tzgg/P020200202.png", "http://wjw.example.gov.cn/xxgk/tzgg/download.jsp?id=7"], notice.Attachments.Select(a => a.AbsoluteUri));
        Assert.Null(notice.Tables);
        Assert.Empty(notice.Images);
    }

    [Fact]
    public void ANoticeTablesAreKeptAloneSoThatItsCountersDoNotChangeTheirFingerprintAndTheirTextStaysText()
    {
        static NoticeContent Read(int visits) => NoticePages.ReadNotice(Html($"""
            <h1>武汉市发热门诊名单</h1><p>2020-01-28 浏览次数：{visits}</p>
            <table><tr><th>医院名称</th><th>区</th></tr><tr><td>&lt;img src=x onerror=alert(1)&gt;医院</td><td>江岸区</td></tr></table>
            """), Page, "武汉市发热门诊名单", null, new WatchSettings { Index = [Page.AbsoluteUri] });

        var (first, second) = (Read(1024), Read(1025));
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        var tables = Encoding.UTF8.GetString(first.Tables!);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;医院", tables, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", tables, StringComparison.Ordinal);
        Assert.DoesNotContain("浏览次数", tables, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesAreToldByTheirBytesAndANameThatLiesIsCaught()
    {
        Assert.Equal(SniffedType.Xlsx, ContentSniffer.Sniff(File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "hubei-fever-clinics.xlsx"))));
        Assert.Equal(SniffedType.Docx, ContentSniffer.Sniff(File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "jingzhou-hospitals.docx"))));
        Assert.Equal(SniffedType.Ole, ContentSniffer.Sniff(File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "xiaogan-fever-clinics.xls"))));
        Assert.Equal(SniffedType.Pdf, ContentSniffer.Sniff(File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "shiyan-hospitals.pdf"))));
        Assert.Equal(SniffedType.Png, ContentSniffer.Sniff(File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "shiyan-fever-clinics.png"))));
        Assert.Equal(SniffedType.Html, ContentSniffer.Sniff("\uFEFF  <html><body>请先登录</body></html>"u8));
        Assert.Equal(SniffedType.Text, ContentSniffer.Sniff("序号,医院名称\n1,武汉市第一医院"u8));
        Assert.Equal(SniffedType.Unknown, ContentSniffer.Sniff("PK\u0003\u0004 not a zip"u8));
        Assert.Equal(SniffedType.Unknown, ContentSniffer.Sniff([0, 1, 2, 3]));
        Assert.Equal(SniffedType.Xlsx, ContentSniffer.Promised("名单.XLSX"));
        Assert.Equal(SniffedType.Unknown, ContentSniffer.Promised("download.jsp"));
    }

    [Fact]
    public void OnlyTheIndexsHostsTheAllowedOnesAndTheirSubdomainsMayBeFetched()
    {
        var settings = new WatchSettings { Index = ["https://wjw.hubei.gov.cn/fbjd/tzgg/"], AllowedHosts = ["files.hubei.gov.cn"] };
        Assert.True(settings.MayFetch(new Uri("https://wjw.hubei.gov.cn/a.xlsx")));
        Assert.True(settings.MayFetch(new Uri("http://WJW.hubei.gov.cn/a.xlsx")));
        Assert.True(settings.MayFetch(new Uri("https://cdn.files.hubei.gov.cn/a.pdf")));
        Assert.False(settings.MayFetch(new Uri("https://hubei.gov.cn.evil.example/a.xlsx")));
        Assert.False(settings.MayFetch(new Uri("http://169.254.169.254/latest/meta-data")));
        Assert.False(settings.MayFetch(new Uri("http://127.0.0.1:5432/")));
    }

    [Theory]
    [InlineData("关于公布全省发热门诊名单的通知", null)]
    [InlineData("关于新增发热门诊的通知", ImportMode.Additions)]
    [InlineData("武汉市发热门诊名单（增补）", ImportMode.Additions)]
    [InlineData("关于暂停部分发热门诊的通知", ImportMode.Removals)]
    [InlineData("关于撤销部分定点医院的通知", ImportMode.Removals)]
    [InlineData("关于调整发热门诊并暂停部分门诊的通知", ImportMode.Removals)]
    public void ANoticesTitleSaysWhetherItAddsOrRemoves(string title, ImportMode? mode)
    {
        var implied = ImportModeNames.FromTitle(title);
        Assert.Equal(mode, implied?.Mode);
        if (implied is { } said)
            Assert.Contains(title.Contains("暂停", StringComparison.Ordinal) ? "暂停" : said.Mode == ImportMode.Removals ? "撤销" : title.Contains("新增", StringComparison.Ordinal) ? "新增" : "增补", said.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTemplatesWatchSectionIsOneThatWorks()
    {
        var path = Path.Combine(RepositoryPaths.Root, "data-import", "ClinicMap.Import", "Sources", "_template", "source.json");
        var config = WatchedSourceConfig.From("template", SourceSettings.Load(path));
        Assert.Equal(("4401", false, 30d), (config.Jurisdiction, config.Watch.PublishWithoutReview, config.Watch.IntervalMinutes));
    }

    [Theory]
    [InlineData("""{ "index": [] }""", "watch.index: list at least one")]
    [InlineData("""{ "index": ["http://a.example/"], "keywords": [] }""", "watch.keywords")]
    [InlineData("""{ "index": ["http://a.example/"], "linkPattern": "([" }""", "watch.linkPattern")]
    [InlineData("""{ "index": ["http://a.example/"], "maxPages": 500 }""", "watch.maxPages")]
    [InlineData("""{ "index": ["http://a.example/"], "maxBytes": 999999999999 }""", "watch.maxBytes")]
    [InlineData("""{ "index": ["http://a.example/"], "mode": "partial" }""", "watch.mode: 'partial'")]
    [InlineData("""{ "index": ["http://a.example/"], "kinds": { "定点": "hospital" } }""", "watch.kinds: 'hospital'")]
    [InlineData("""{ "index": ["http://a.example/"], "jurisdiction": "4" }""", "watch.jurisdiction '4'")]
    [InlineData("""{ "index": ["http://a.example/"], "allowedHosts": ["files example"] }""", "watch.allowedHosts: 'files example'")]
    public void AWatchSectionThatCannotWorkIsRefusedNamingItsKey(string watch, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("watch-settings-");
        try
        {
            var path = Path.Combine(folder.CreateSubdirectory("site").FullName, "source.json");
            File.WriteAllText(path, $$"""{ "publisher": "某市卫健委", "watch": {{watch}} }""");
            var error = Assert.Throws<ArgumentException>(() => WatchedSourceConfig.Load(path));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
