using Microsoft.Playwright;
using Shifan.Web.Tests;

namespace Shifan.E2E;

public class ImportInBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task OfficeUploadsCorrectsAndCommitsATaskTable()
    {
        var page = await fx.SignedInPageAsync("office1");
        var id = await fx.App.DemoCampaignIdAsync();
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await page.ClickAsync("#import-link");

        await page.SetInputFilesAsync("#upload-form input[type=file]", new FilePayload { Name = "分工表.txt", MimeType = "text/plain", Buffer = Shifan.TestSupport.SampleTables.DamagedTable() });
        await page.ClickAsync("#upload-form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("导入预览");
        await Assertions.Expect(page.Locator("#count-indicator")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("#diagnostics")).ToContainTextAsync("推定为第3项");
        await Assertions.Expect(page.Locator("#unit-matches tr[data-kind=Ambiguous]")).ToContainTextAsync("校外监管科");
        await BrowserFixture.ShotAsync(page, "import-preview");

        var second = page.Locator(".import-node[data-path='0/0/1']");
        await second.Locator("> details > summary").ClickAsync();
        await second.Locator("textarea[name='Fix.Text']").FillAsync("依法实施行政许可，浏览器中修正。");
        await second.Locator("button:has-text('保存修正')").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已修正");
        await Assertions.Expect(page.Locator(".import-node[data-path='0/0/1']")).ToContainTextAsync("浏览器中修正");

        await page.SelectOptionAsync("#unit-matches tr[data-kind=Ambiguous] select", new SelectOptionValue { Label = "已有单位：校外培训监管科" });
        await page.ClickAsync("#commit");
        await Assertions.Expect(page.Locator(".alert-ok")).ToContainTextAsync("已导入第2版指标体系");
        await Assertions.Expect(page.Locator(".tree-leaf[data-kind=indicator]")).ToHaveCountAsync(4);
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").Nth(1).ClickAsync();
        await Assertions.Expect(page.Locator("#node-text")).ToHaveTextAsync("依法实施行政许可，浏览器中修正。");
        await Assertions.Expect(page.Locator("#assignees")).ToContainTextAsync("校外培训监管科");
    }

    [Fact]
    public async Task AnUnreadableFileShowsAChineseErrorOnTheUploadPage()
    {
        var page = await fx.SignedInPageAsync("office1");
        var id = await fx.App.DemoCampaignIdAsync();
        await page.GotoAsync($"/campaigns/{id}/framework/import");
        await page.SetInputFilesAsync("#upload-form input[type=file]", new FilePayload { Name = "表.docx", MimeType = "application/octet-stream", Buffer = [0x50, 0x4B, 3, 4, 20, 0, 0, 0, 8, 0] });
        await page.ClickAsync("#upload-form button[type=submit]");
        await Assertions.Expect(page.Locator(".alert-error")).ToContainTextAsync("损坏");
    }
}
