using System.Text;
using Microsoft.Playwright;

namespace Shifan.E2E;

/// <summary>Every dropped or doubtful row is listed with its place in the table, and the office fixes, adds back or leaves it out before adopting.</summary>
public class ImportDiagnosticsInBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static byte[] Table() => Encoding.UTF8.GetBytes(
        "某县法治政府建设示范创建任务分工表\n" +
        "一级指标\t二级指标\t三级指标\t测评方式\t报送材料\t责任单位\n" +
        "一、政府职能依法全面履行\t1. 加大简政放权力度\t1 全面普及行政审批服务。\t网络检索\t情况说明。\t财审科\n" +
        "\t\t清理行政审批中介服务。\t材料查证\t中介服务事项清单。\t财审科\n" +
        "\t\t3 对各类证明事项实行清单管理。\t网络检索\t证明事项清单网址。\t财审科\n" +
        "\t\t公开权责清单并动态调整。\t材料查证\t权责清单网址。\t财审科\n" +
        "\t\t落实行政执法公示制度。\t材料查证\t公示网址。\t财审科\n");

    [Fact]
    public async Task OfficeFixesAddsBackAndSkipsRowsThenAdopts()
    {
        var page = await fx.SignedInPageAsync("office1");
        var id = await fx.App.DemoCampaignIdAsync();
        await page.GotoAsync($"/campaigns/{id}/framework/import");
        await page.SetInputFilesAsync("#upload-form input[type=file]", new FilePayload { Name = "分工表.txt", MimeType = "text/plain", Buffer = Table() });
        await page.ClickAsync("#upload-form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("导入预览");
        await Assertions.Expect(page.Locator("#count-indicator")).ToHaveTextAsync("3");

        // The doubtful row (no number, taken for indicator 2) is named with its line and corrected from the diagnostics list.
        var inferred = page.Locator("#diagnostics tr", new() { HasText = "推定为第2项" });
        await Assertions.Expect(inferred).ToContainTextAsync("第4行");
        await inferred.Locator("summary:has-text('修正')").ClickAsync();
        await inferred.Locator("textarea[name='Fix.Text']").FillAsync("全面清理行政审批中介服务，在诊断中修正。");
        await inferred.Locator("button:has-text('保存修正')").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已修正");
        await Assertions.Expect(page.Locator(".import-node[data-path='0/0/1']")).ToContainTextAsync("在诊断中修正");

        // The two dropped rows: one added back as indicator 4, the other left out.
        var dropped = page.Locator("#diagnostics tr", new() { HasText = "已跳过" });
        await Assertions.Expect(dropped).ToHaveCountAsync(2);
        var first = dropped.Filter(new() { HasText = "公开权责清单" });
        await Assertions.Expect(first).ToContainTextAsync("第6行");
        await first.Locator("summary:has-text('补录')").ClickAsync();
        await first.Locator("input[name='Row.Code']").FillAsync("4");
        await first.Locator("input[name='Row.Methods']").FillAsync("网络检索");
        await first.Locator("button:has-text('补录为指标')").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已补录");
        await Assertions.Expect(page.Locator("#count-indicator")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator(".import-node[data-path='0/0/3']")).ToContainTextAsync("公开权责清单并动态调整");

        var second = page.Locator("#diagnostics tr", new() { HasText = "落实行政执法公示制度" });
        await second.Locator("button:has-text('不导入此行')").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已确认不导入该行");
        await Assertions.Expect(page.Locator("#diagnostics tr", new() { HasText = "落实行政执法公示制度" })).ToContainTextAsync("已处理");
        await Assertions.Expect(page.Locator("#count-indicator")).ToHaveTextAsync("4");
        await BrowserFixture.ShotAsync(page, "import-diagnostics-fixed");

        await page.ClickAsync("#commit");
        await Assertions.Expect(page.Locator(".alert-ok")).ToContainTextAsync("已导入第2版指标体系");
        await Assertions.Expect(page.Locator(".tree-leaf[data-kind=indicator]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator(".tree-leaf[data-kind=indicator]").Nth(1)).ToContainTextAsync("在诊断中修正");
        await Assertions.Expect(page.Locator(".tree-leaf[data-kind=indicator]").Nth(3)).ToContainTextAsync("公开权责清单并动态调整");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("落实行政执法公示制度");
    }
}
