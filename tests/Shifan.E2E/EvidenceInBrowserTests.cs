using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Shifan.E2E;

public class EvidenceInBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    [Fact]
    public async Task LiaisonAttachesReplacesFindsAndPreviewsMaterial()
    {
        var page = await fx.SignedInPageAsync("liaison1");
        var id = await fx.App.DemoCampaignIdAsync();
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        var first = page.Locator("section.requirement[data-material='1']");
        await Assertions.Expect(first.Locator("li[data-code=missing]")).ToBeVisibleAsync();

        await first.Locator("summary:has-text('上传文件')").ClickAsync();
        await first.Locator("form.upload-form input[type=file]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "审批服务情况.pdf", MimeType = "application/pdf", Buffer = Pdf },
            new FilePayload { Name = "会议纪要.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n% minutes of 2022\n%%EOF\n") },
        });
        await first.Locator("input[name=year]").FillAsync("2022");
        await first.Locator("form.upload-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已上传2个文件");
        await Assertions.Expect(page.Locator("section.requirement[data-material='1'] tr[data-evidence]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("section.requirement[data-material='1'] li[data-code=missing]")).ToHaveCountAsync(0);
        await BrowserFixture.ShotAsync(page, "evidence");

        var row = page.Locator("section.requirement[data-material='1'] tr[data-evidence]").First;
        await row.Locator("summary:has-text('替换')").ClickAsync();
        await row.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "审批服务情况（修订）.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n% revised\n%%EOF\n") });
        await row.Locator("button:has-text('替换')").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已替换，旧版本已保留");
        await Assertions.Expect(page.Locator("section.requirement[data-material='1']")).ToContainTextAsync("第2版");

        var preview = await page.APIRequest.GetAsync(await page.Locator("section.requirement[data-material='1'] a.preview-link").First.GetAttributeAsync("href") ?? "");
        Assert.Equal(200, preview.Status);
        Assert.Equal("application/pdf", preview.Headers["content-type"]);

        var second = page.Locator("section.requirement[data-material='2']");
        await second.Locator("summary:has-text('编写情况说明')").ClickAsync();
        await second.Locator("textarea").FillAsync(new string('办', 610));
        await Assertions.Expect(second.Locator(".counter")).ToHaveTextAsync("610 / 600 字");
        await Assertions.Expect(second.Locator(".counter.over")).ToBeVisibleAsync();
        await second.Locator("button:has-text('保存情况说明')").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("情况说明已保存");
        await Assertions.Expect(page.Locator("section.requirement[data-material='2'] li[data-code=too-long]")).ToContainTextAsync("超过600字");

        await page.GotoAsync($"/campaigns/{id}/indicators?view=list&sort=-completeness");
        var firstRow = page.Locator("#indicator-list tbody tr").First;
        await Assertions.Expect(firstRow).ToContainTextAsync("全面普及行政审批服务");
        Assert.True(double.Parse((await firstRow.GetAttributeAsync("data-completeness"))!) > 0);
        await page.ClickAsync("#sort-completeness");
        await Assertions.Expect(page.Locator("#indicator-list tbody tr").First).Not.ToContainTextAsync("全面普及行政审批服务");
        var ascending = await page.Locator("#indicator-list tbody tr[data-completeness]:not([data-completeness=''])").EvaluateAllAsync<double[]>("rows => rows.map(r => parseFloat(r.dataset.completeness))");
        Assert.True(ascending.Length > 50);
        Assert.Equal(ascending.Order(), ascending);

        await page.ClickAsync("nav.menu a:has-text('佐证材料')");
        await page.FillAsync("#evidence-search input[name=q]", "会议纪要");
        await page.ClickAsync("#evidence-search button[type=submit]");
        await Assertions.Expect(page.Locator("#evidence-count")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#evidence-results")).ToContainTextAsync("会议纪要");
    }

    [Fact]
    public async Task AnExecutableRenamedToPdfIsRefusedInTheBrowser()
    {
        var page = await fx.SignedInPageAsync("liaison1");
        var id = await fx.App.DemoCampaignIdAsync();
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        var first = page.Locator("section.requirement[data-material='1']");
        // Counting does not wait: be on the indicator page before counting what is already there.
        await Assertions.Expect(first.Locator("summary:has-text('上传文件')")).ToBeVisibleAsync();
        var before = await first.Locator("tr[data-evidence]").CountAsync();
        await first.Locator("summary:has-text('上传文件')").ClickAsync();
        await first.Locator("form.upload-form input[type=file]").SetInputFilesAsync(new FilePayload { Name = "通知.pdf", MimeType = "application/pdf", Buffer = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0] });
        await first.Locator("form.upload-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-error")).ToContainTextAsync("可执行程序");
        await Assertions.Expect(page.Locator("section.requirement[data-material='1'] tr[data-evidence]")).ToHaveCountAsync(before);
    }

    [Fact]
    public async Task TheUploaderRetriesATooManyRequestsAnswerAndABrokenConnection()
    {
        var page = await fx.SignedInPageAsync("liaison1");
        var id = await fx.App.DemoCampaignIdAsync();
        var chunkCalls = 0;
        // The first chunk is answered 429 (come back in a second), the next attempt loses its connection.
        await page.RouteAsync("**/uploads/*?offset=*", async route =>
        {
            var n = Interlocked.Increment(ref chunkCalls);
            if (n == 1) await route.FulfillAsync(new() { Status = 429, Headers = new Dictionary<string, string> { ["Retry-After"] = "1" }, ContentType = "application/json", Body = "{}" });
            else if (n == 2) await route.AbortAsync("connectionreset");
            else await route.ContinueAsync();
        });
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        // Material 2: the class shares one app, and another test expects material 1 to start empty.
        var first = page.Locator("section.requirement[data-material='2']");
        await first.Locator("summary:has-text('上传文件')").ClickAsync();
        await first.Locator("form.upload-form input[type=file]").SetInputFilesAsync(new FilePayload { Name = "重试.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n% retried\n%%EOF\n") });
        await first.Locator("form.upload-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已上传1个文件", new() { Timeout = 30_000 });
        Assert.True(chunkCalls >= 3);
    }

    [Fact]
    public async Task ReplacingAFileOver30MegabytesInThePageWorks()
    {
        var page = await fx.SignedInPageAsync("liaison1");
        var id = await fx.App.DemoCampaignIdAsync();
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        // Material 2: the class shares one app, and another test expects material 1 to start empty.
        var first = page.Locator("section.requirement[data-material='2']");
        await first.Locator("summary:has-text('上传文件')").ClickAsync();
        await first.Locator("form.upload-form input[type=file]").SetInputFilesAsync(new FilePayload { Name = "将被替换.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n% small\n%%EOF\n") });
        await first.Locator("form.upload-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已上传1个文件");

        // ASP.NET's default request limit is 30,000,000 bytes: this file is over it.
        var big = new byte[31 * 1024 * 1024];
        Pdf.CopyTo(big, 0);
        var row = page.Locator("section.requirement[data-material='2'] tr[data-evidence]:has-text('将被替换')");
        await row.Locator("summary:has-text('替换')").ClickAsync();
        await row.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "扫描件（31MB）.pdf", MimeType = "application/pdf", Buffer = big });
        await row.Locator("button:has-text('替换')").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已替换，旧版本已保留", new() { Timeout = 60_000 });
    }
}
