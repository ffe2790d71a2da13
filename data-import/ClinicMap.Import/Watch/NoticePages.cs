using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ClinicMap.Core.Text;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Sources;

namespace ClinicMap.Import.Watch;

/// <summary>A notice listed on an index page: its link text, URL and the date printed beside it, if any.</summary>
public sealed record NoticeLink(string Title, Uri Url, DateOnly? PublishedOn);

/// <summary>An index page's relevant notices and the URL of its next page, if it has one.</summary>
public sealed record IndexPage(IReadOnlyList<NoticeLink> Notices, Uri? Next);

/// <summary>
/// What a notice publishes: its title and date, the attachments it links (document and image files, or links named
/// 附件), and — for a notice whose list is a table in the page — that table on its own, as a small HTML document whose
/// bytes do not change when the page's counters and banners do. <see cref="Fingerprint"/> changes when any of it does.
/// </summary>
public sealed record NoticeContent(string Title, DateOnly? PublishedOn, IReadOnlyList<Uri> Attachments, byte[]? Tables, IReadOnlyList<Uri> Images)
{
    public string Fingerprint => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n",
        new[] { Title, PublishedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "" }
            .Concat(Attachments.Select(a => a.AbsoluteUri)).Concat(Images.Select(a => a.AbsoluteUri))
            .Append(Tables is null ? "" : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Tables)))))));
}

/// <summary>
/// Reads commission pages with AngleSharp: the notices an index lists (by title keyword or link pattern) and its
/// next page; what one notice publishes. Links are resolved against the page's URL; only http(s) links of at most
/// 2,000 characters are followed.
/// </summary>
public static class NoticePages
{
    private static readonly string[] DocumentExtensions = [".xlsx", ".xlsm", ".xls", ".docx", ".doc", ".pdf", ".csv", ".et", ".wps"];
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    public static IndexPage ReadIndex(byte[] html, Uri pageUrl, WatchSettings settings)
    {
        var document = Parse(html);
        var pattern = settings.LinkPattern is null ? null : new Regex(settings.LinkPattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        var notices = new List<NoticeLink>();
        Uri? next = null;
        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            if (Resolve(pageUrl, link.GetAttribute("href")) is not { } url)
                continue;
            var text = TextNormalizer.Clean(link.GetAttribute("title")) is { } titled && titled.Length > (TextNormalizer.Clean(link.TextContent)?.Length ?? 0)
                ? titled
                : TextNormalizer.Clean(link.TextContent) ?? "";
            if (next is null && settings.NextPage.Contains(text, StringComparer.Ordinal) && url != pageUrl)
            {
                next = url;
                continue;
            }
            var relevant = settings.Keywords.Any(k => text.Contains(k, StringComparison.Ordinal)) || (pattern?.IsMatch(url.AbsoluteUri) ?? false);
            if (!relevant || text.Length == 0 || notices.Any(n => n.Url == url))
                continue;
            // The date an index prints beside a notice sits in the link's row or list item.
            var row = link.Closest("li, tr, dd, p") ?? link.ParentElement;
            notices.Add(new NoticeLink(text.Length > 500 ? text[..500] : text, url, DocumentDates.Find(row?.TextContent)));
        }
        return new IndexPage(notices, next);
    }

    /// <summary>What the notice at <paramref name="pageUrl"/> publishes; <paramref name="listedTitle"/> is its index link's text.</summary>
    public static NoticeContent ReadNotice(byte[] html, Uri pageUrl, string listedTitle, DateOnly? listedDate, WatchSettings settings)
    {
        var document = Parse(html);
        var heading = TextNormalizer.Clean(document.QuerySelector("h1, .title, .article-title, h2")?.TextContent);
        var title = heading is { Length: >= 4 } h && h.Length <= 500 ? h : listedTitle;
        var chrome = document.QuerySelectorAll("header, nav, footer, .header, .nav, .footer").ToList();
        var attachments = new List<Uri>();
        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            if (Resolve(pageUrl, link.GetAttribute("href")) is not { } url || attachments.Contains(url) || chrome.Any(c => c.Contains(link)))
                continue;
            var extension = Path.GetExtension(url.AbsolutePath).ToLowerInvariant();
            var named = (TextNormalizer.Clean(link.TextContent) ?? "").Contains("附件", StringComparison.Ordinal) || link.HasAttribute("download");
            if (DocumentExtensions.Contains(extension) || ImageExtensions.Contains(extension) || (named && extension is not (".html" or ".htm" or ".shtml")))
                attachments.Add(url);
        }
        var tables = document.QuerySelectorAll("table").Where(t => t.QuerySelector("table") is null && t.QuerySelectorAll("tr").Length >= 2 && !chrome.Any(c => c.Contains(t))).ToList();
        var images = attachments.Count > 0 || tables.Count > 0
            ? []
            : document.QuerySelectorAll("img[src]").Where(i => !chrome.Any(c => c.Contains(i)))
                .Select(i => Resolve(pageUrl, i.GetAttribute("src"))).OfType<Uri>()
                .Where(u => ImageExtensions.Contains(Path.GetExtension(u.AbsolutePath).ToLowerInvariant())).Distinct().ToList();
        var date = DocumentDates.Find(document.Body?.TextContent) ?? listedDate;
        return new NoticeContent(title, date, [.. attachments.Take(settings.MaxAttachments)], tables.Count == 0 ? null : TablesDocument(title, date, tables),
            [.. images.Take(settings.MaxAttachments)]);
    }

    /// <summary>The page's tables alone, under its title and date, serialised by AngleSharp (the cells' text is escaped there).</summary>
    private static byte[] TablesDocument(string title, DateOnly? date, List<IElement> tables)
    {
        var page = new HtmlParser().ParseDocument("<!doctype html><html><head><meta charset=\"utf-8\"><title></title></head><body><h1></h1><p></p></body></html>");
        page.Title = title;
        page.QuerySelector("h1")!.TextContent = title;
        page.QuerySelector("p")!.TextContent = date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
        // Re-parsing AngleSharp's own serialisation of the tables: their text stays escaped text.
        page.Body!.InnerHtml += string.Concat(tables.Select(t => t.OuterHtml));
        return Encoding.UTF8.GetBytes(page.DocumentElement.OuterHtml);
    }

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(byte[] html) => new HtmlParser().ParseDocument(new MemoryStream(html, writable: false));

    private static Uri? Resolve(Uri page, string? href)
    {
        if (string.IsNullOrWhiteSpace(href) || href.StartsWith('#') || href.Length > 2000)
            return null;
        if (!Uri.TryCreate(page, href.Trim(), out var url) || url.Scheme is not ("http" or "https") || url.AbsoluteUri.Length > 2000)
            return null;
        return new UriBuilder(url) { Fragment = "" }.Uri;
    }
}
