using Microsoft.Playwright;

namespace Shifan.E2E;

/// <summary>Every form that creates something, used in the browser as an office worker would.</summary>
public class CreateFormsTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task NewUserNewUnitAndNewCampaignFormsCreateWhatTheySay()
    {
        await fx.App.CreateUserAsync("root", Core.Users.Roles.Admin);
        await fx.App.CreateUserAsync("sec-forms", Core.Users.Roles.SecurityAdmin);
        var id = await fx.App.DemoCampaignIdAsync();
        var page = await fx.SignedInPageAsync("root");

        // 新增单位: the dialog's own form, not the search form around it.
        await page.GotoAsync($"/campaigns/{id}/units");
        await page.ClickAsync("summary:has-text('新增单位')");
        await page.FillAsync("input[name='NewUnit.Name']", "新设的行政复议科");
        await page.ClickAsync("details.dialog button:has-text('添加')");
        await Assertions.Expect(page.Locator(".alert-ok")).ToContainTextAsync("已添加");
        Assert.DoesNotContain("__RequestVerificationToken", page.Url);
        await page.GotoAsync($"/campaigns/{id}/units?q=行政复议");
        await Assertions.Expect(page.Locator("#units tbody tr:has-text('新设的行政复议科')")).ToHaveCountAsync(1);

        // 新增用户, in the unit just made: the security admin's work (三员分立), who lands on the users page.
        var security = await fx.SignedInPageAsync("sec-forms");
        await Assertions.Expect(security).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/system/users$"));
        await security.ClickAsync("summary:has-text('新增用户')");
        await security.FillAsync("input[name='NewUser.UserName']", "fuyi1");
        await security.FillAsync("input[name='NewUser.DisplayName']", "复议科联络人");
        await security.SelectOptionAsync("select[name='NewUser.Role']", "liaison");
        await security.SelectOptionAsync("select[name='NewUser.UnitId']", new SelectOptionValue { Label = "新设的行政复议科" });
        await security.ClickAsync("details.dialog button:has-text('新增并生成一次性密码')");
        await Assertions.Expect(security.Locator("#issued-password")).ToBeVisibleAsync();
        Assert.DoesNotContain("__RequestVerificationToken", security.Url);
        await Assertions.Expect(security.Locator("#users tbody tr:has-text('fuyi1')")).ToHaveCountAsync(1);

        // 新建创建活动 from the reference indicator system.
        await page.GotoAsync("/");
        await page.ClickAsync("summary:has-text('新建创建活动')");
        await page.FillAsync("#new-campaign input[name=name]", "某某县法治政府建设示范创建");
        await page.FillAsync("#new-campaign input[name=region]", "某某县");
        await page.FillAsync("#new-campaign input[name=startsOn]", "2027-01-01");
        await page.FillAsync("#new-campaign input[name=endsOn]", "2028-06-30");
        await page.ClickAsync("#new-campaign button:has-text('新建')");
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已新建创建活动");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("某某县法治政府建设示范创建");
        await Assertions.Expect(page.Locator("#indicator-count")).ToHaveTextAsync("93");

        // Renamed and closed on its overview page.
        await page.ClickAsync("summary:has-text('修改活动信息')");
        await page.FillAsync("input[name='Info.Name']", "某某县法治政府建设示范创建（第二轮）");
        await page.ClickAsync("#edit-campaign button:has-text('保存')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("某某县法治政府建设示范创建（第二轮）");
        await page.ClickAsync("summary:has-text('结束活动')");
        await page.ClickAsync("#close-campaign button:has-text('确认结束')");
        await Assertions.Expect(page.Locator("#campaign-status")).ToHaveTextAsync("已结束");
        await BrowserFixture.ShotAsync(page, "campaign-closed");
    }

    [Fact]
    public async Task NewOrganisationFormBuildsTheTreeAndAUserPlacedOnItSeesItsCampaigns()
    {
        await fx.App.CreateUserAsync("root3", Core.Users.Roles.Admin);
        await fx.App.CreateUserAsync("sec-forms3", Core.Users.Roles.SecurityAdmin);
        var page = await fx.SignedInPageAsync("root3");
        await page.ClickAsync("nav.menu a:has-text('组织机构')");
        await Assertions.Expect(page.Locator("#organisations tr[data-organisation='河南省']")).ToHaveCountAsync(1);

        await page.ClickAsync("summary:has-text('新增组织')");
        await page.FillAsync("#add-organisation input[name='NewOrg.Name']", "平顶山市");
        await page.SelectOptionAsync("#add-organisation select[name='NewOrg.Kind']", "City");
        await page.SelectOptionAsync("#add-organisation select[name='NewOrg.ParentId']", new SelectOptionValue { Label = "河南省" });
        await page.ClickAsync("#add-organisation button:has-text('新增')");
        await Assertions.Expect(page.Locator(".alert-ok")).ToContainTextAsync("已新增“平顶山市”");
        Assert.DoesNotContain("__RequestVerificationToken", page.Url);
        await page.ClickAsync("summary:has-text('新增组织')");
        await page.FillAsync("#add-organisation input[name='NewOrg.Name']", "鲁山县");
        await page.SelectOptionAsync("#add-organisation select[name='NewOrg.Kind']", "County");
        await page.SelectOptionAsync("#add-organisation select[name='NewOrg.ParentId']", new SelectOptionValue { Label = "河南省 / 平顶山市" });
        await page.ClickAsync("#add-organisation button:has-text('新增')");
        await Assertions.Expect(page.Locator("#organisations tr[data-organisation='鲁山县'] td").First).ToContainTextAsync("鲁山县");

        // A campaign for 鲁山县, started from the list page with its organisation.
        await page.GotoAsync("/");
        await page.ClickAsync("summary:has-text('新建创建活动')");
        await page.FillAsync("#new-campaign input[name=name]", "鲁山县法治政府建设示范创建");
        await page.FillAsync("#new-campaign input[name=region]", "鲁山县");
        await page.SelectOptionAsync("#new-campaign select[name=organisationId]", new SelectOptionValue { Label = "河南省 / 平顶山市 / 鲁山县" });
        await page.FillAsync("#new-campaign input[name=startsOn]", "2027-01-01");
        await page.FillAsync("#new-campaign input[name=endsOn]", "2027-12-31");
        await page.ClickAsync("#new-campaign button:has-text('新建')");
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已新建创建活动");

        // A city office account placed on 平顶山市 (by the security admin) sees that campaign and not the demo's.
        var security = await fx.SignedInPageAsync("sec-forms3");
        await security.GotoAsync("/system/users");
        await security.ClickAsync("summary:has-text('新增用户')");
        await security.FillAsync("input[name='NewUser.UserName']", "pds1");
        await security.SelectOptionAsync("select[name='NewUser.Role']", "leader");
        await security.SelectOptionAsync("select[name='NewUser.OrganisationId']", new SelectOptionValue { Label = "河南省 / 平顶山市" });
        await security.ClickAsync("details.dialog button:has-text('新增并生成一次性密码')");
        await Assertions.Expect(security.Locator("#issued-password")).ToBeVisibleAsync();
        await Assertions.Expect(security.Locator("#users tbody tr[data-user=pds1] .tag")).ToHaveTextAsync("平顶山市");
        await fx.App.WithDbAsync(async db =>
        {
            var user = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.UserName == "pds1");
            user.PasswordHash = Features.Account.AccountService.Hash(user, Shifan.Web.Tests.ShifanApp.Password);
            user.MustChangePassword = false;
            return await db.SaveChangesAsync();
        });
        var city = await fx.SignedInPageAsync("pds1");
        await city.GotoAsync("/");
        await Assertions.Expect(city.Locator("#campaigns tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(city.Locator("#campaigns tbody tr").First).ToContainTextAsync("鲁山县法治政府建设示范创建");
        await BrowserFixture.ShotAsync(city, "city-office-campaigns");
    }
}
