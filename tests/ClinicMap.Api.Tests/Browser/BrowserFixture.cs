using ClinicMap.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClinicMap.Api.Tests.Browser;

/// <summary>
/// The API on a real Kestrel port over its real PostGIS (national sample published, boundaries loaded), letting
/// <paramref name="embeddingOrigin"/> frame Shenzhen's map (<c>Embed:AllowedOrigins:4403</c>).
/// </summary>
public sealed class KestrelApiFixture(string embeddingOrigin) : ClinicMapApiFixture
{
    protected override bool WithBoundaries => true;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Embed:AllowedOrigins:4403:0", embeddingOrigin)];

    public void Listen() => UseKestrel(0);
}

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (no <c>playwright install</c>: the browser is the system's),
/// against <see cref="KestrelApiFixture"/>. Screenshots go to <c>.data/test-results/</c>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>A port for a commission's own site, the only origin allowed to frame <c>/embed?region=4403</c>.</summary>
    public int CommissionPort { get; } = FreePort();

    public KestrelApiFixture Api { get; }

    public BrowserFixture()
    {
        Api = new KestrelApiFixture($"http://127.0.0.1:{CommissionPort}");
        Api.Listen();
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

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
