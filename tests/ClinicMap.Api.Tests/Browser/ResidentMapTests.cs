using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Geography;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ClinicMap.Api.Tests.Browser;

/// <summary>
/// The resident map at / in real headless Chromium against the real API and PostGIS: what a resident on a phone
/// sees, checked against the API's own answers (never against values written into the test).
/// </summary>
[Collection(BrowserGroup.Name)]
public class ResidentMapTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly GeoPoint Guangzhou = new(23.1291, 113.2644); // 广州 越秀, WGS-84 as a phone reports it

    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors, List<string> Hosts)> OpenAsync(bool grantLocation, int width = 390, int height = 844)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            Geolocation = grantLocation ? new Geolocation { Latitude = (float)Guangzhou.Latitude, Longitude = (float)Guangzhou.Longitude } : null,
            Permissions = grantLocation ? ["geolocation"] : [],
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        var hosts = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Request += (_, request) => hosts.Add(new Uri(request.Url).Host);
        return (context, page, errors, hosts);
    }

    private async Task<JsonElement> ApiNearestAsync(double lat, double lon, string crs = "wgs84")
    {
        using var client = new HttpClient();
        var url = string.Create(CultureInfo.InvariantCulture, $"{browser.BaseUrl}/api/v1/clinics/nearest?lat={lat:0.000000}&lon={lon:0.000000}&crs={crs}&limit=10");
        using var body = JsonDocument.Parse(await client.GetStringAsync(url));
        return body.RootElement.GetProperty("results").Clone();
    }

    /// <summary>The distance as the page prints it in Chinese: metres under 1 km, one decimal under 10 km.</summary>
    private static string DistanceText(double meters) => meters < 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(meters, MidpointRounding.AwayFromZero)} 米")
        : string.Create(CultureInfo.InvariantCulture, $"{(meters / 1000).ToString(meters < 10000 ? "0.0" : "0", CultureInfo.InvariantCulture)} 公里");

    /// <summary>
    /// What the page prints in Chinese for one answer: an approximate clinic's <c>distanceRange</c> as "约 a–b 公里"
    /// (both ends in the unit and precision of the farther; "b 公里以内" when the nearer is under 50 m), else its distance.
    /// </summary>
    private static string ShownDistance(JsonElement clinic)
    {
        if (!clinic.TryGetProperty("distanceRange", out var range))
            return DistanceText(clinic.GetProperty("distanceMeters").GetDouble());
        var (min, max) = (range.GetProperty("minMeters").GetDouble(), range.GetProperty("maxMeters").GetDouble());
        string Km(double m) => (m / 1000).ToString(max < 10000 ? "0.0" : "0", CultureInfo.InvariantCulture);
        string M(double m) => Math.Round(m, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
        return max < 1000
            ? (min < 50 ? $"{M(max)} 米以内" : $"约 {M(min)}–{M(max)} 米")
            : (min < 50 ? $"{Km(max)} 公里以内" : $"约 {Km(min)}–{Km(max)} 公里");
    }

    [Fact]
    public async Task AGrantedLocationInGuangzhouListsTheNearestClinicsInTheApisOrderWithTheirDistancesOrRanges()
    {
        var (context, page, errors, hosts) = await OpenAsync(grantLocation: true);
        await using var _ = context;
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(browser.BaseUrl + "/");
        await page.Locator("#results .clinic").First.WaitForAsync();
        var shownAfter = clock.Elapsed;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var expected = await ApiNearestAsync(Guangzhou.Latitude, Guangzhou.Longitude);
        var names = await page.Locator("#results .clinic h3").AllInnerTextsAsync();
        var distances = await page.Locator("#results .clinic .distance").AllInnerTextsAsync();
        Assert.Equal(expected.GetArrayLength(), names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            Assert.Equal($"{i + 1}. {expected[i].GetProperty("name").GetString()}", names[i]);
            Assert.Equal(ShownDistance(expected[i]), distances[i]);
        }
        // Approximate clinics show the range the API gives, not one figure to their centre.
        Assert.Contains(expected.EnumerateArray(), c => c.TryGetProperty("distanceRange", out var _));
        Assert.Contains(distances, d => d.StartsWith("约 ", StringComparison.Ordinal) && d.Contains('–', StringComparison.Ordinal));
        // The sample's Guangdong clinics are Shenzhen's: the nearest to Guangzhou are there, about 100 km away.
        Assert.Equal("广东省", expected[0].GetProperty("province").GetString());
        // Every clinic of the sample is at its township's, district's or city's centre: each is marked approximate.
        var approximate = await page.Locator("#results .clinic .badge.approximate").CountAsync();
        Assert.Equal(expected.EnumerateArray().Count(c => c.GetProperty("locationPrecision").GetString() is "township" or "district" or "city"), approximate);
        Assert.Equal(expected.GetArrayLength(), approximate);
        Assert.Contains("数据来源", await page.Locator("#source").InnerTextAsync(), StringComparison.Ordinal);

        Assert.Empty(errors);
        Assert.All(hosts, host => Assert.Equal("127.0.0.1", host));
        Assert.Empty(await context.CookiesAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Artifacts, "resident-map-390x844.png"), FullPage = false });
        output.WriteLine($"nearest list shown {shownAfter.TotalMilliseconds:0} ms after navigation started (granted location, 390×844)");
    }

    [Fact]
    public async Task AHospitalsOwnReportIsShownAsTextWithItsQueueBedsAndAge()
    {
        var nearest = (await ApiNearestAsync(Guangzhou.Latitude, Guangzhou.Longitude))[0];
        var id = nearest.GetProperty("id").GetGuid();
        var (_, token) = await new ClinicMap.Data.Access.ApiKeyStore(browser.Api.Database.DataSource).CreateReporterAsync("深圳某医院", [id], "tests");
        using (var client = new HttpClient())
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var put = await client.PutAsync($"{browser.BaseUrl}/api/v1/clinics/{id}/status", new StringContent(
                """{"state":"open","waitMinutes":12,"bedsAvailable":3,"bedsTotal":10,"note":"<img src=x onerror=alert(1)>东门"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        }
        var waited = Stopwatch.StartNew();
        while ((await ApiNearestAsync(Guangzhou.Latitude, Guangzhou.Longitude))[0].GetProperty("status").GetProperty("state").GetString() != "open")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the report was not served within 30 s");
            await Task.Delay(20);
        }

        var (context, page, errors, _) = await OpenAsync(grantLocation: true);
        await using var _ = context;
        await page.GotoAsync(browser.BaseUrl + "/");
        var line = page.Locator($"#results .clinic[data-id=\"{id}\"] .live");
        await line.WaitForAsync();

        Assert.Equal("正在接诊 · 候诊约 12 分钟 · 空床 3/10 · <img src=x onerror=alert(1)>东门 · 刚刚更新", await line.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#results img").CountAsync());
        // Clinics nobody reported on show no status line rather than a guess.
        Assert.Equal(1, await page.Locator("#results .clinic .live").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ADeniedLocationSaysSoAndPickingACityListsItsNearestClinics()
    {
        var (context, page, errors, _) = await OpenAsync(grantLocation: false);
        await using var _ = context;
        await page.GotoAsync(browser.BaseUrl + "/");
        await page.Locator("#city optgroup").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "使用我的位置" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("无法获取您的位置");

        var wuhan = page.Locator("#city option", new PageLocatorOptions { HasText = "武汉市" });
        var centre = (await wuhan.GetAttributeAsync("value"))!.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        await page.Locator("#city").SelectOptionAsync(new SelectOptionValue { Label = "武汉市" });
        await Assertions.Expect(page.Locator("#results .clinic")).ToHaveCountAsync(10);

        var expected = await ApiNearestAsync(centre[0], centre[1]);
        var names = await page.Locator("#results .clinic h3").AllInnerTextsAsync();
        Assert.Equal(expected.EnumerateArray().Select((c, i) => $"{i + 1}. {c.GetProperty("name").GetString()}"), names);
        Assert.Equal("武汉市", expected[0].GetProperty("city").GetString());
        Assert.Contains("武汉市", await page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        // The browser reports the denied permission itself; the page adds no error of its own.
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TypingAPlaceFindsItThroughTheGazetteer()
    {
        var (context, page, errors, _) = await OpenAsync(grantLocation: false);
        await using var _ = context;
        await page.GotoAsync(browser.BaseUrl + "/");
        await page.GetByLabel("或输入地点（城市、区县）").FillAsync("成都");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "搜索" }).ClickAsync();
        await Assertions.Expect(page.Locator("#results .clinic")).ToHaveCountAsync(10);

        Assert.Contains("成都市", await page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        using var client = new HttpClient();
        using var places = JsonDocument.Parse(await client.GetStringAsync($"{browser.BaseUrl}/api/v1/places?q={Uri.EscapeDataString("成都")}"));
        var chengdu = places.RootElement[0];
        var expected = await ApiNearestAsync(chengdu.GetProperty("lat").GetDouble(), chengdu.GetProperty("lon").GetDouble());
        var names = await page.Locator("#results .clinic h3").AllInnerTextsAsync();
        Assert.Equal(expected.EnumerateArray().Select((c, i) => $"{i + 1}. {c.GetProperty("name").GetString()}"), names);
        Assert.Equal("成都市", expected[0].GetProperty("city").GetString());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TappingAClinicSelectsItAndItsNavigationLinksCarryEachAppsCoordinates()
    {
        var (context, page, errors, _) = await OpenAsync(grantLocation: true);
        await using var _ = context;
        await page.GotoAsync(browser.BaseUrl + "/");
        var second = page.Locator("#results .clinic").Nth(1);
        await second.WaitForAsync();
        await second.Locator("h3 button").TapAsync();

        await Assertions.Expect(second).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(page.Locator("#results .clinic").First).ToHaveAttributeAsync("aria-current", "false");
        var clinic = (await ApiNearestAsync(Guangzhou.Latitude, Guangzhou.Longitude))[1];
        var location = clinic.GetProperty("location");
        var wgs = new GeoPoint(location.GetProperty("lat").GetDouble(), location.GetProperty("lon").GetDouble());
        var gcj = wgs.To(CoordinateSystem.Gcj02);
        var bd = wgs.To(CoordinateSystem.Bd09);
        string F(double v) => v.ToString("0.000000", CultureInfo.InvariantCulture);

        var tencent = await second.Locator("a.tencent").GetAttributeAsync("href");
        var amap = await second.Locator("a.amap").GetAttributeAsync("href");
        var baidu = await second.Locator("a.baidu").GetAttributeAsync("href");
        var apple = await second.Locator("a.apple").GetAttributeAsync("href");
        Assert.Contains($"coord:{F(gcj.Latitude)},{F(gcj.Longitude)}", tencent, StringComparison.Ordinal);
        Assert.Contains($"position={F(gcj.Longitude)},{F(gcj.Latitude)}", amap, StringComparison.Ordinal);
        Assert.Contains($"location={F(bd.Latitude)},{F(bd.Longitude)}", baidu, StringComparison.Ordinal);
        Assert.Contains("coord_type=bd09ll", baidu, StringComparison.Ordinal);
        Assert.Contains($"ll={F(gcj.Latitude)},{F(gcj.Longitude)}", apple, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(clinic.GetProperty("name").GetString()!), tencent, StringComparison.Ordinal);
        Assert.True(Geodesic.DistanceMeters(wgs, new GeoPoint(gcj.Latitude, gcj.Longitude)) > 100, "the GCJ-02 links must not carry the WGS-84 point");
        foreach (var phone in clinic.GetProperty("phones").EnumerateArray().Take(2))
            Assert.Equal(1, await second.Locator($"a.call[href^='tel:']", new LocatorLocatorOptions { HasText = phone.GetString()! }).CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheEnglishSwitchTranslatesThePageAndItStaysReadableAt320Pixels()
    {
        var (context, page, errors, _) = await OpenAsync(grantLocation: true, width: 320, height: 640);
        await using var _ = context;
        await page.GotoAsync(browser.BaseUrl + "/");
        await page.Locator("#results .clinic").First.WaitForAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Switch to English" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Fever clinics near you");
        Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
        Assert.Contains(" km", await page.Locator("#results .clinic .distance").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 320 px");
        // Every control has an accessible name.
        foreach (var button in await page.Locator("button, select, input:not([type=radio])").AllAsync())
        {
            var name = await button.EvaluateAsync<string>("e => e.getAttribute('aria-label') || e.labels?.[0]?.textContent || e.textContent || ''");
            Assert.False(string.IsNullOrWhiteSpace(name), await button.EvaluateAsync<string>("e => e.outerHTML"));
        }
        Assert.Empty(errors);
    }
}
