using Microsoft.Playwright;
using Shifan.Core.Users;

namespace Shifan.E2E;

/// <summary>The Content-Security-Policy allows no inline script: no page may need one (ADR-011).</summary>
public class ContentSecurityPolicyTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task NoPageBreaksTheContentSecurityPolicy()
    {
        await fx.App.CreateUserAsync("root-csp", Roles.Admin);
        var violations = new List<string>();
        var page = await fx.NewPageAsync();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) lock (violations) violations.Add(page.Url + ": " + m.Text); };
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", "root-csp");
        await page.FillAsync("#password", Shifan.Web.Tests.ShifanApp.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        var id = await fx.App.DemoCampaignIdAsync();
        foreach (var path in new[] { "/", $"/campaigns/{id}", $"/campaigns/{id}/indicators", $"/campaigns/{id}/evidence", $"/campaigns/{id}/units", $"/campaigns/{id}/framework/import",
                     "/system/users", "/system/roles", "/system/sessions", "/system/audit", "/account/password", "/notifications" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        // Enhanced navigation (blazor.web.js) still works under the policy.
        await page.ClickAsync("nav.menu a:has-text('操作日志')");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/system/audit"));
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        await Assertions.Expect(page.Locator("section.requirement").First).ToBeVisibleAsync();
        Assert.Empty(violations);
    }
}
