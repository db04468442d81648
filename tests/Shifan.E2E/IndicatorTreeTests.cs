using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shifan.Web.Tests;

namespace Shifan.E2E;

public class IndicatorTreeTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task OfficeSignsInAndBrowsesTheDemoCampaign()
    {
        var page = await fx.SignedInPageAsync("office1");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("创建活动");
        await page.ClickAsync("table.grid a:has-text('演示')");
        await Assertions.Expect(page.Locator("#indicator-count")).ToHaveTextAsync("93");
        await Assertions.Expect(page.Locator("#unit-count")).ToHaveTextAsync("16");
        await Assertions.Expect(page.Locator("#stages tbody tr")).ToHaveCountAsync(7);
        await BrowserFixture.ShotAsync(page, "overview");

        await page.ClickAsync("nav.menu a:has-text('指标体系')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("指标体系");
        await Assertions.Expect(page.Locator(".tree-leaf[data-kind=indicator]")).ToHaveCountAsync(93);
        await Assertions.Expect(page.Locator("details.tree-area[open]")).ToHaveCountAsync(9);
        await Assertions.Expect(page.Locator(".breadcrumb")).ToContainTextAsync("指标体系");
        await BrowserFixture.ShotAsync(page, "tree");

        await page.ClickAsync("#collapse-all");
        await Assertions.Expect(page.Locator("details.tree-area[open]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".tree-leaf[data-kind=indicator]").First).Not.ToBeVisibleAsync();
        await page.Locator("details.tree-area summary").First.ClickAsync();
        await Assertions.Expect(page.Locator("details.tree-area[open]")).ToHaveCountAsync(1);
        await page.ClickAsync("#expand-all");
        await Assertions.Expect(page.Locator("details.tree-area[open]")).ToHaveCountAsync(9);

        await page.SelectOptionAsync("select[name=method]", "随机访谈");
        await page.ClickAsync("#tree-filter button[type=submit]");
        // Reading does not wait: be on the filtered page first.
        await page.WaitForURLAsync(u => u.Contains("method="));
        var shown = int.Parse(await page.Locator("#shown-count").InnerTextAsync());
        Assert.InRange(shown, 1, 92);
        await Assertions.Expect(page.Locator(".tree-leaf[data-kind=indicator]")).ToHaveCountAsync(shown);
        foreach (var leaf in await page.Locator(".tree-leaf[data-kind=indicator] > .leaf-meta").AllInnerTextsAsync())
            Assert.Contains("随机访谈", leaf);

        await page.GotoAsync(page.Url.Split('?')[0]);
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("第1项指标");
        await Assertions.Expect(page.Locator("#node-methods")).ToContainTextAsync("网络检索");
        await Assertions.Expect(page.Locator("#materials tbody tr")).ToHaveCountAsync(2);
        var lead = page.Locator("#assignees tr[data-role=lead]").First;
        await Assertions.Expect(lead).ToContainTextAsync("行政审批科");
        await Assertions.Expect(lead).ToContainTextAsync("13800000008");
        await BrowserFixture.ShotAsync(page, "indicator");
        await page.ClickAsync("nav.menu a:has-text('单位与分工')");
        await Assertions.Expect(page.Locator("#units tbody tr")).ToHaveCountAsync(16);
        await BrowserFixture.ShotAsync(page, "units");
    }

    [Fact]
    public async Task OfficeEditsAnIndicatorAndItsMaterialsInTheBrowser()
    {
        var page = await fx.SignedInPageAsync("office1");
        var id = await fx.App.DemoCampaignIdAsync();
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").Nth(2).ClickAsync();
        await Assertions.Expect(page.Locator("textarea[name='Edit.Text']")).ToBeVisibleAsync();
        var url = page.Url.Split('?')[0];

        await page.FillAsync("textarea[name='Edit.Text']", "浏览器中修改的指标内容：合法性审核率达100%。");
        await page.ClickAsync("#edit-form button[type=submit]");
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已保存");
        await Assertions.Expect(page.Locator("#node-text")).ToHaveTextAsync("浏览器中修改的指标内容：合法性审核率达100%。");

        await page.FillAsync("input[name='Edit.Code']", "");
        await page.ClickAsync("#edit-form button[type=submit]");
        await Assertions.Expect(page.Locator(".alert-error")).ToHaveTextAsync("编号不能为空");

        await page.GotoAsync(url);
        await page.ClickAsync("summary:has-text('新增材料要求')");
        await page.FillAsync("details[open] textarea[name='Material.Text']", "2023年以来典型案例不少于3件。");
        await page.FillAsync("details[open] input[name='Material.MinCount']", "3");
        await page.ClickAsync("details[open] button:has-text('保存材料要求')");
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("材料要求已保存");
        await Assertions.Expect(page.Locator("#materials tbody tr").Last).ToContainTextAsync("不少于3件");

        await page.SelectOptionAsync("select[name='Assign.UnitId']", new SelectOptionValue { Label = "财审科" });
        await page.SelectOptionAsync("select[name='Assign.Role']", "responsible");
        await page.ClickAsync("#assign-form button[type=submit]");
        await Assertions.Expect(page.Locator("#assignees")).ToContainTextAsync("财审科");

        await page.ClickAsync("#move-up");
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已上移");
    }

    [Fact]
    public async Task LiaisonSeesTheTreeButNoEditing()
    {
        var page = await fx.SignedInPageAsync("liaison1");
        var id = await fx.App.DemoCampaignIdAsync();
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await Assertions.Expect(page.Locator(".tree-leaf[data-kind=indicator]")).ToHaveCountAsync(93);
        await Assertions.Expect(page.Locator("#renumber")).ToHaveCountAsync(0);
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        await Assertions.Expect(page.Locator("#node-text")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#edit-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#assign-form")).ToHaveCountAsync(0);
        var response = await page.GotoAsync($"/campaigns/{id + 1000}/indicators");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("页面不存在");
    }

    [Fact]
    public async Task WrongPasswordIsRefusedAndOneTimePasswordMustBeChanged()
    {
        var page = await fx.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", "office1");
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".alert-error")).ToHaveTextAsync("用户名或密码错误");

        await fx.App.WithDbAsync(async db =>
        {
            var admin = db.Users.Single(u => u.UserName == "admin");
            admin.PasswordHash = Shifan.Features.Account.AccountService.Hash(admin, "Once-0nly-pass");
            admin.MustChangePassword = true;
            await db.SaveChangesAsync();
            return 0;
        });
        var adminPage = await fx.SignedInPageAsync("admin", "Once-0nly-pass");
        await Assertions.Expect(adminPage).ToHaveURLAsync(new Regex("/account/password$"));
        await adminPage.GotoAsync("/");
        await Assertions.Expect(adminPage).ToHaveURLAsync(new Regex("/account/password$"));
        await adminPage.FillAsync("#current", "Once-0nly-pass");
        await adminPage.FillAsync("#new", "weakpass");
        await adminPage.FillAsync("#confirm", "weakpass");
        await adminPage.ClickAsync("button:has-text('保存新密码')");
        await Assertions.Expect(adminPage.Locator(".alert-error")).ToContainTextAsync("至少三类");
        await adminPage.FillAsync("#current", "Once-0nly-pass");
        await adminPage.FillAsync("#new", "Brand-New-Pass1");
        await adminPage.FillAsync("#confirm", "Brand-New-Pass1");
        await adminPage.ClickAsync("button:has-text('保存新密码')");
        await Assertions.Expect(adminPage.Locator("h1")).ToHaveTextAsync("创建活动");
    }
}
