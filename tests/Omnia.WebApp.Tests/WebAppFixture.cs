using Microsoft.Playwright;
using Omnia.Server.Tests;
using Omnia.Server.WebApp;
using Omnia.Tests;

namespace Omnia.WebApp.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser) and a real stories260K Omnia server, shared by
/// the browser tests. Each test opens its own browser context, so storage never leaks between tests.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
        // Chromium's own test camera and microphone, granted without a prompt.
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    ];

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;
    public OmniaServerInstance Server { get; private set; } = null!;

    /// <summary>Screenshots of each state land here, for people to look at.</summary>
    public static string ArtifactsDir { get; } = Path.Combine(TestPaths.RepoRoot, ".build", "test-artifacts", "web");

    public async Task InitializeAsync()
    {
        var index = Path.Combine(AppContext.BaseDirectory, WebAppExtensions.FolderName, "index.html");
        if (!File.Exists(index))
            throw new InvalidOperationException($"The web app is not built ({index} is missing): run ./omnia test, or npm ci && npm run build in web/ and rebuild.");
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: ./omnia installs the Debian package 'chromium'.");
        Directory.CreateDirectory(ArtifactsDir);
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        Server = await OmniaServerInstance.StartStoriesAsync();
    }

    /// <summary>A fresh browser context on <paramref name="server"/> (the shared one by default), with the page loaded.</summary>
    public async Task<WebAppPage> OpenAsync(OmniaServerInstance? server = null, int width = 1100, int height = 820, string? initScript = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (server ?? Server).BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
        });
        if (initScript is not null) await context.AddInitScriptAsync(initScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return new WebAppPage(context, page);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app in Chromium";
}
