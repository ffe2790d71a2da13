using ClinicMap.Data.Access;
using Microsoft.Playwright;

namespace ClinicMap.Api.Tests.Browser;

/// <summary>The operator page in Chromium: the queue of a key's jurisdiction, and a row on the shared map component.</summary>
[Collection(BrowserGroup.Name)]
public class OperatorPageBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task ARowOpensWithItsCountyOutlineAndDraggablePinOnTheSharedMap()
    {
        var (_, token) = await new ApiKeyStore(browser.Api.Database.DataSource).CreateAsync("browser operator", ApiRole.Operator, "", "tests");
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };

        await page.GotoAsync(browser.BaseUrl + "/operator/");
        await page.Locator("#key").FillAsync(token);
        await page.Locator("#key-form button[type=submit]").ClickAsync();
        var firstRow = page.Locator("#rows tbody tr").First;
        await firstRow.WaitForAsync();
        var queued = await page.Locator("#rows tbody tr").CountAsync();
        var waiting = browser.Api.Imported.Rows.Count(r => r.Outcome == Core.Imports.RowOutcome.NeedsReview);
        Assert.True(queued > 0 && queued <= waiting, $"{queued} rows shown, {waiting} wait for review");

        // The first row whose code names a county has an outline to draw.
        var rows = await page.Locator("#rows tbody tr").AllAsync();
        ILocator? withCounty = null;
        foreach (var row in rows)
        {
            var code = await row.Locator("td").Nth(2).InnerTextAsync();
            if (code.Length == 6 && !code.EndsWith("00", StringComparison.Ordinal)) { withCounty = row; break; }
        }
        Assert.NotNull(withCounty);
        await withCounty.ClickAsync();
        await Assertions.Expect(page.Locator("#detail")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#map .leaflet-marker-icon.leaflet-marker-draggable")).ToHaveCountAsync(1);
        // The county outline: a vector path the shared component drew from /api/v1/divisions/{code}/boundary.
        await Assertions.Expect(page.Locator("#map path.leaflet-interactive, #map canvas")).Not.ToHaveCountAsync(0);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
