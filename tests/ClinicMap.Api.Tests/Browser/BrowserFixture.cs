using ClinicMap.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClinicMap.Api.Tests.Browser;

/// <summary>The API on a real Kestrel port over its real PostGIS (national sample published, boundaries loaded).</summary>
public sealed class KestrelApiFixture : ClinicMapApiFixture
{
    public KestrelApiFixture() => UseKestrel(0);

    protected override bool WithBoundaries => true;
}

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (no <c>playwright install</c>: the browser is the system's),
/// against <see cref="KestrelApiFixture"/>. Screenshots go to <c>.data/test-results/</c>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    public KestrelApiFixture Api { get; } = new();

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The API's address, such as http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; private set; } = null!;

    public static string Artifacts { get; } = Path.Combine(RepositoryPaths.Root, ".data", "test-results");

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        Api.StartServer();
        var addresses = Api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: scripts/test.sh installs Debian's chromium; browser tests fail rather than skip.");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(Artifacts);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await ((IAsyncLifetime)Api).DisposeAsync();
    }
}
