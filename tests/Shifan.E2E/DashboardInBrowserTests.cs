using Microsoft.Playwright;
using Shifan.Web.Tests;

namespace Shifan.E2E;

/// <summary>The demo campaign with its review history.</summary>
public sealed class DashboardFixture() : BrowserFixture(new Dictionary<string, string> { ["Shifan:Demo:Activity"] = "true" });

/// <summary>
/// The 督导看板 in a real browser: ECharts draws the server's figures (under the CSP), a figure opens the list behind it,
/// and the office generates, edits and publishes a 督导通报. Screenshots are saved as test artefacts
/// (SHIFAN_SCREENSHOTS, else bin/…/screenshots).
/// </summary>
public class DashboardInBrowserTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    private static async Task SaveAsync(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("SHIFAN_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task ChartsAreDrawnAFigureOpensItsListAndABulletinIsPublished()
    {
        var campaign = await fx.App.DemoCampaignIdAsync();
        var page = await fx.SignedInPageAsync("office1");
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await page.GotoAsync($"/campaigns/{campaign}/dashboard");
        await Assertions.Expect(page.Locator("html[data-charts-drawn=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-chart=unit] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-chart=state] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#unit-table tbody tr")).Not.ToHaveCountAsync(0);
        await SaveAsync(page, "dashboard");
        Assert.Empty(errors);

        // The first figure (全部通过) opens the list of exactly those indicators.
        var card = page.Locator("#state-cards a.card").First;
        var value = (await card.Locator(".card-value").InnerTextAsync()).Trim();
        await card.ClickAsync();
        await Assertions.Expect(page.Locator("#drill-list")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#list-count")).ToContainTextAsync($"共 {value} 项");
        await SaveAsync(page, "dashboard-list");

        await page.GotoAsync($"/campaigns/{campaign}/dashboard/ranking");
        await Assertions.Expect(page.Locator("#ranking-table tbody tr").First).ToContainTextAsync("完成率");
        await SaveAsync(page, "ranking");

        await page.GotoAsync($"/campaigns/{campaign}/bulletins");
        await page.ClickAsync("#generate-bulletin button[type=submit]");
        await Assertions.Expect(page.Locator("#bulletin-form")).ToBeVisibleAsync();
        await page.Locator("textarea[name='Input.Praised']").FillAsync("行政审批科推进有力，予以通报表扬。");
        await page.ClickAsync("#bulletin-form button[type=submit]");
        await Assertions.Expect(page.Locator("textarea[name='Input.Praised']")).ToHaveValueAsync("行政审批科推进有力，予以通报表扬。");
        await SaveAsync(page, "bulletin-draft");
        await page.ClickAsync("#publish-form button[type=submit]");
        await Assertions.Expect(page.Locator("#bulletin-text")).ToContainTextAsync("行政审批科推进有力");
        await Assertions.Expect(page.Locator("#bulletin-status")).ToContainTextAsync("已印发");
        await SaveAsync(page, "bulletin-published");
    }

    [Fact]
    public async Task TheBriefFitsOneA4SheetAsPdf()
    {
        var campaign = await fx.App.DemoCampaignIdAsync();
        await fx.App.CreateUserAsync("briefoffice", Core.Users.Roles.Office, "示范创建工作领导小组办公室");
        var page = await fx.SignedInPageAsync("briefoffice");
        await page.GotoAsync($"/campaigns/{campaign}/dashboard");
        var href = await page.Locator("#brief-link").GetAttributeAsync("href");
        await page.GotoAsync(href!);
        await Assertions.Expect(page.Locator("#brief-title")).ToContainTextAsync("督导简报");
        await Assertions.Expect(page.Locator("#brief-units tbody tr")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".sidebar")).ToHaveCountAsync(0);
        await SaveAsync(page, "dashboard-brief");

        // What the print dialog's "另存为 PDF" makes: Chromium's own PDF of the page with its print styles.
        var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
        var artefacts = Environment.GetEnvironmentVariable("SHIFAN_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(artefacts);
        await File.WriteAllBytesAsync(Path.Combine(artefacts, "dashboard-brief.pdf"), pdf);
        using var doc = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.Equal(1, doc.NumberOfPages);
        var sheet = doc.GetPage(1);
        Assert.True(sheet.Width > sheet.Height, $"landscape expected, got {sheet.Width}×{sheet.Height}");
        // Chromium writes some characters as their Kangxi-radical look-alikes (⽰ for 示); NFKC folds them back.
        var text = string.Concat(sheet.Letters.Select(l => l.Value)).Normalize(System.Text.NormalizationForm.FormKC);
        Assert.Contains("督导简报", text);
        Assert.Contains("按一级指标", text);
        Assert.DoesNotContain("打印", text);
    }
}
