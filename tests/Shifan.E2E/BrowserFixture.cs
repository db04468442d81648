using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shifan.Core.Users;
using Shifan.TestSupport;
using Shifan.Web.Tests;

namespace Shifan.E2E;

/// <summary>
/// The real app on Kestrel (127.0.0.1, free port, SQLite) and the machine's Chromium, driven by
/// Playwright. Never downloads a browser: the executable comes from PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH
/// or Debian's /usr/bin/chromium.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public ShifanApp App { get; }

    public BrowserFixture() : this((IReadOnlyDictionary<string, string>?)null) { }

    protected BrowserFixture(IReadOnlyDictionary<string, string>? settings) => App = new ShifanApp("sqlite", settings);

    /// <summary>For fixtures whose app needs more than settings (a clock of its own).</summary>
    protected BrowserFixture(ShifanApp app) => App = app;
    public string BaseUrl { get; private set; } = "";
    private IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH");
        if (string.IsNullOrEmpty(path)) path = "/usr/bin/chromium";
        if (File.Exists(path)) return path;
        var reason = $"Chromium not found at {path} (install Debian's chromium or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH)";
        if (Environment.GetEnvironmentVariable("SHIFAN_REQUIRE_TOOLS") == "1") throw new InvalidOperationException(reason);
        Assert.Skip(reason);
        return "";
    }

    public async ValueTask InitializeAsync()
    {
        var chromium = ChromiumPath();
        var port = PostgresServer.FreePort();
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await App.CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        await App.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        // Assertions wait longer than Playwright's 5 s default: CI machines are small and shared.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "zh-CN" });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login page, as a user would.</summary>
    public async Task<IPage> SignedInPageAsync(string userName, string password = ShifanApp.Password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        return page;
    }

    /// <summary>Saves a full-page screenshot when SHIFAN_SCREENSHOTS names a folder (for reviewing the UI).</summary>
    public static async Task ShotAsync(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("SHIFAN_SCREENSHOTS");
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = false });
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }
}
