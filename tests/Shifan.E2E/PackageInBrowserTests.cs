using Microsoft.Playwright;
using Shifan.Cli;

namespace Shifan.E2E;

/// <summary>The demo campaign as it starts for real: with its sample review history, so material is approved from the first start.</summary>
public sealed class DemoActivityFixture() : BrowserFixture(new Dictionary<string, string> { ["Shifan:Demo:Activity"] = "true" });

/// <summary>The office freezes the demo campaign from the menu, downloads the package, and `package verify` passes on the download.</summary>
public class PackageInBrowserTests(DemoActivityFixture fx) : IClassFixture<DemoActivityFixture>
{
    [Fact]
    public async Task OfficeFreezesTheDemoCampaignDownloadsThePackageAndItVerifies()
    {
        var campaign = await fx.App.DemoCampaignIdAsync();
        var office = await fx.SignedInPageAsync("office1");
        await office.GotoAsync($"/campaigns/{campaign}");
        await office.ClickAsync("nav.menu a:has-text('冻结与申报包')");
        await Assertions.Expect(office.Locator("#freezes")).ToContainTextAsync("还没有冻结过");
        var texts = int.Parse(await office.Locator("#package-check .stat-blue strong").InnerTextAsync());
        var files = int.Parse(await office.Locator("#package-check .stat-green strong").InnerTextAsync());
        Assert.True(texts > 0, "the demo has approved 情况说明 on its first start");
        Assert.True(files > 0, "the demo has approved Word files on its first start");
        await Assertions.Expect(office.Locator("#check-list")).ToContainTextAsync("没有审核通过的材料");

        await office.ClickAsync("#freeze");
        await Assertions.Expect(office.Locator(".alert-ok")).ToContainTextAsync("已完成第1次冻结");
        await Assertions.Expect(office.Locator("#freezes tr[data-freeze='1']")).ToContainTextAsync("office1");
        await BrowserFixture.ShotAsync(office, "packages");

        // The first download waits for the build, whose merged PDFs LibreOffice converts: minutes on a busy machine.
        var download = await office.RunAndWaitForDownloadAsync(() => office.ClickAsync("a[data-download='1']"), new() { Timeout = 600_000 });
        Assert.EndsWith(".zip", download.SuggestedFilename);
        var path = Path.Combine(fx.App.DataDirectory, "downloaded-package.zip");
        await download.SaveAsAsync(path);
        if (Environment.GetEnvironmentVariable("SHIFAN_SCREENSHOTS") is { Length: > 0 } shots) File.Copy(path, Path.Combine(shots, "demo-package.zip"), overwrite: true);

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(["package", "verify", path, "--data", fx.App.DataDirectory, "--database", fx.App.ConnectionString], stdout, new StringReader(""), stderr);
        Assert.True(exit == 0, stdout.ToString() + stderr);
        Assert.Contains($"已校验{files + texts}个文件", stdout.ToString());
        // Beside the files, one merged PDF per indicator with files.
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith(Shifan.Core.Packages.IndicatorPdf.Suffix));
    }
}
