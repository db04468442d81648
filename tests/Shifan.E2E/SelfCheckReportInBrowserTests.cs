using System.Security.Cryptography;
using Microsoft.Playwright;
using Shifan.Core.Users;

namespace Shifan.E2E;

/// <summary>The 自评报告 in the browser: generated from the campaign's data, edited section by section, made final with its hash.</summary>
public class SelfCheckReportInBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheOfficeDraftsEditsAndFinalizesTheSelfAssessmentReport()
    {
        var campaign = await fx.App.DemoCampaignIdAsync();
        await fx.App.CreateUserAsync("reportoffice", Roles.Office, "示范创建工作领导小组办公室");
        var page = await fx.SignedInPageAsync("reportoffice");

        await page.GotoAsync($"/campaigns/{campaign}/reports");
        await page.ClickAsync("#generate-campaign-report button[type=submit]");
        await Assertions.Expect(page.Locator("#report-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#report-form")).ToContainTextAsync("二、自评得分");

        // Edit the last section (下一步工作) and save.
        var last = page.Locator("#report-form textarea").Last;
        await last.FillAsync("下一步，我局将对照问题清单逐项整改，确保按期销号。");
        await page.ClickAsync("#report-form button[type=submit]");
        // The save posts and comes back with its message; reloading before that lands would race the navigation.
        await Assertions.Expect(page.Locator(".alert-ok")).ToContainTextAsync("草稿已保存");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#report-form textarea").Last).ToHaveValueAsync("下一步，我局将对照问题清单逐项整改，确保按期销号。");

        // 定稿: the archived Word file's hash is shown, the form is gone, and the download is exactly that file.
        await page.ClickAsync("#finalize-form button[type=submit]");
        await Assertions.Expect(page.Locator("#report-sha256")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#report-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#report-status")).ToContainTextAsync("定稿");
        await Assertions.Expect(page.Locator("#report-text")).ToContainTextAsync("确保按期销号");
        var sha = (await page.Locator("#report-sha256").InnerTextAsync()).Trim();
        var download = await page.APIRequest.GetAsync(await page.Locator("#report-docx").GetAttributeAsync("href") is { } href ? fx.BaseUrl + href : throw new InvalidOperationException());
        Assert.True(download.Ok);
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(await download.BodyAsync())));
        await BrowserFixture.ShotAsync(page, "self-assessment-report");
    }
}
