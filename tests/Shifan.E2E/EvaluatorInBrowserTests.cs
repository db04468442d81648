using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shifan.Core.Users;

namespace Shifan.E2E;

/// <summary>
/// The office freezes the demo campaign and grants an evaluator (评估专家) read access from the packages page; the
/// evaluator signs in, lands on their granted package, reads it by indicator with a preview, and cannot open the
/// campaign or its evidence.
/// </summary>
public class EvaluatorInBrowserTests(DemoActivityFixture fx) : IClassFixture<DemoActivityFixture>
{
    [Fact]
    public async Task OfficeGrantsTheFrozenDemoPackageAndTheEvaluatorSeesThatPackageAndNothingElse()
    {
        var campaign = await fx.App.DemoCampaignIdAsync();
        await fx.App.CreateUserAsync("expert1", Roles.Evaluator);
        var office = await fx.SignedInPageAsync("office1");
        await office.GotoAsync($"/campaigns/{campaign}/packages");
        await office.ClickAsync("#freeze");
        await Assertions.Expect(office.Locator(".alert-ok")).ToContainTextAsync("已完成第1次冻结");

        var until = Core.ChinaTime.Today(TimeProvider.System).AddDays(7).ToString("yyyy-MM-dd");
        await office.FillAsync("#grant-form input[name='GrantInput.UserName']", "expert1");
        await office.FillAsync("#grant-form input[name='GrantInput.ValidUntil']", until);
        await office.ClickAsync("#grant");
        await Assertions.Expect(office.Locator("#grant-created")).ToContainTextAsync("expert1");
        await Assertions.Expect(office.Locator("#grants")).ToContainTextAsync("有效");
        await BrowserFixture.ShotAsync(office, "package-grant");

        var expert = await fx.SignedInPageAsync("expert1");
        await Assertions.Expect(expert).ToHaveURLAsync(new Regex("/evaluation$"));
        await Assertions.Expect(expert.Locator("nav.menu")).Not.ToContainTextAsync("活动概况");
        await expert.ClickAsync("#my-grants a:has-text('查阅')");
        await Assertions.Expect(expert.Locator("#package-tree .package-indicator").First).ToBeVisibleAsync();
        Assert.True(await expert.Locator("#package-tree .package-indicator").CountAsync() > 1, "the package is shown indicator by indicator");

        // A 情况说明 as frozen, shown in the page; a Word file says it is downloaded instead.
        var explanation = expert.Locator("#package-tree tr:has(td:text-is('情况说明')) a.preview-link").First;
        await explanation.ClickAsync();
        await Assertions.Expect(expert.Locator("#preview-text")).Not.ToBeEmptyAsync();
        var word = expert.Locator("#package-tree tr:has(td:text-is('docx')) a.preview-link").First;
        await word.ClickAsync();
        await Assertions.Expect(expert.Locator("#no-preview")).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(expert, "evaluator-package");

        // Nothing else of the campaign.
        foreach (var path in new[] { $"/campaigns/{campaign}", $"/campaigns/{campaign}/evidence", "/" })
        {
            var response = await expert.GotoAsync(path);
            Assert.True(response!.Status is 403 or 404, $"{path} answered {response.Status}");
            await Assertions.Expect(expert.Locator("main")).Not.ToContainTextAsync("佐证材料");
        }
    }
}
