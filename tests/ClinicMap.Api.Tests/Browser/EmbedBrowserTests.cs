using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using ClinicMap.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ClinicMap.Api.Tests.Browser;

/// <summary>
/// A commission embeds its own jurisdiction's map: a local page plays the commission's site and frames
/// <c>/embed?region=4403</c> (Shenzhen) in real Chromium. Its clinics only, its name as the title, no third host, no
/// cookie — and the frame is refused by the browser for a site or a region not configured for it.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class EmbedBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const double ShenzhenLat = 22.543, ShenzhenLon = 114.058;

    /// <summary>Serves one page that frames <paramref name="embedPath"/> on the API, on <paramref name="port"/>, until disposed.</summary>
    private sealed class CommissionSite : IDisposable
    {
        private readonly HttpListener _listener = new();

        public CommissionSite(int port, string frameUrl)
        {
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            var page = Encoding.UTF8.GetBytes($"<!doctype html><html><head><title>某市卫生健康委员会</title></head><body><h1>发热门诊地图</h1>" +
                $"<iframe id=\"map\" src=\"{WebUtility.HtmlEncode(frameUrl)}\" width=\"390\" height=\"800\" allow=\"geolocation\"></iframe></body></html>");
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    try
                    {
                        var context = await _listener.GetContextAsync();
                        context.Response.ContentType = "text/html; charset=utf-8";
                        await context.Response.OutputStream.WriteAsync(page);
                        context.Response.Close();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }
                }
            });
        }

        public void Dispose() => _listener.Close();
    }

    private async Task<(IBrowserContext Context, IPage Page, List<string> Hosts)> OpenAsync(int sitePort, string embedQuery)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 420, Height = 900 },
            Locale = "zh-CN",
            Geolocation = new Geolocation { Latitude = (float)ShenzhenLat, Longitude = (float)ShenzhenLon },
            Permissions = ["geolocation"],
        });
        var page = await context.NewPageAsync();
        var hosts = new List<string>();
        page.Request += (_, request) => hosts.Add(new Uri(request.Url).Host);
        return (context, page, hosts);
    }

    [Fact]
    public async Task TheCommissionsSiteShowsItsOwnClinicsUnderItsName()
    {
        using var site = new CommissionSite(browser.CommissionPort, $"{browser.BaseUrl}/embed?region=4403");
        var (context, page, hosts) = await OpenAsync(browser.CommissionPort, "region=4403");
        await using var _ = context;
        await page.GotoAsync($"http://127.0.0.1:{browser.CommissionPort}/");
        var frame = page.FrameLocator("#map");
        await frame.Locator("#results .clinic").First.WaitForAsync();

        Assert.Equal("深圳市 · 附近的发热门诊", await frame.Locator("h1").InnerTextAsync());
        using var client = new HttpClient();
        using var expected = JsonDocument.Parse(await client.GetStringAsync(string.Create(CultureInfo.InvariantCulture,
            $"{browser.BaseUrl}/api/v1/clinics/nearest?lat={ShenzhenLat}&lon={ShenzhenLon}&limit=10&region=4403")));
        var results = expected.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.StartsWith("4403", r.GetProperty("adminCode").GetString(), StringComparison.Ordinal));
        var names = await frame.Locator("#results .clinic h3").AllInnerTextsAsync();
        Assert.Equal(results.Select((r, i) => $"{i + 1}. {r.GetProperty("name").GetString()}"), names);
        // No operator link, no third host, no cookie.
        Assert.Equal(0, await frame.Locator("a[href*='operator']").CountAsync());
        Assert.All(hosts, host => Assert.Equal("127.0.0.1", host));
        Assert.Empty(await context.CookiesAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Artifacts, "embed-4403.png") });
    }

    [Theory]
    [InlineData("another site", false, "4403")]
    [InlineData("a region the site may not show", true, "4401")]
    public async Task TheBrowserRefusesToFrameTheMapWhereItIsNotAllowed(string what, bool allowedSite, string region)
    {
        var port = allowedSite ? browser.CommissionPort : BrowserFixture.FreePort();
        using var site = new CommissionSite(port, $"{browser.BaseUrl}/embed?region={region}");
        var (context, page, _) = await OpenAsync(port, $"region={region}");
        await using var _ = context;
        var refused = new TaskCompletionSource<string>();
        page.Console += (_, message) => { if (message.Text.Contains("frame-ancestors", StringComparison.Ordinal)) refused.TrySetResult(message.Text); };

        await page.GotoAsync($"http://127.0.0.1:{port}/");
        var said = await refused.Task.WaitAsync(TimeSpan.FromSeconds(20));

        output.WriteLine($"{what}: {said}");
        // Chromium shows its own error page in the frame: none of the map is there.
        Assert.Equal(0, await page.FrameLocator("#map").Locator("#results, #map").CountAsync());
    }

    [Fact]
    public async Task ABadRegionIsRefusedNamingItAndOtherPagesAreNeverFramed()
    {
        using var client = new HttpClient();
        using var bad = await client.GetAsync($"{browser.BaseUrl}/embed?region=<script>");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("region", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await client.GetAsync($"{browser.BaseUrl}/embed?region=9999");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        using var embedded = await client.GetAsync($"{browser.BaseUrl}/embed?region=4403");
        Assert.Contains($"frame-ancestors http://127.0.0.1:{browser.CommissionPort}", embedded.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(embedded.Headers.Contains("X-Frame-Options"));
        using var home = await client.GetAsync($"{browser.BaseUrl}/");
        Assert.Contains("frame-ancestors 'none'", home.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public void TheEmbeddedPagesOwnCodeIsUnder100KilobytesCompressed()
    {
        var root = Path.Combine(RepositoryPaths.Root, "src", "ClinicMap.Api", "wwwroot");
        var own = new[] { "index.html", "map/app.js", "map/app.css", "shared/clinic-map.js" };
        long compressed = 0;
        foreach (var file in own)
        {
            using var sink = new MemoryStream();
            using (var gzip = new GZipStream(sink, CompressionLevel.Optimal, leaveOpen: true))
                gzip.Write(File.ReadAllBytes(Path.Combine(root, file)));
            compressed += sink.Length;
        }
        output.WriteLine($"the embedded page's own code: {compressed} bytes gzipped ({string.Join(", ", own)})");
        Assert.True(compressed < 100 * 1024, $"{compressed} bytes");
    }
}
