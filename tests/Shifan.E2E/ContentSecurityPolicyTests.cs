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
        await fx.App.CreateUserAsync("sec-csp", Roles.SecurityAdmin);
        await fx.App.CreateUserAsync("audit-csp", Roles.AuditAdmin);
        var violations = new List<string>();
        async Task<IPage> SignInAsync(string name)
        {
            var signedIn = await fx.NewPageAsync();
            signedIn.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) lock (violations) violations.Add(signedIn.Url + ": " + m.Text); };
            await signedIn.GotoAsync("/login");
            await signedIn.FillAsync("#userName", name);
            await signedIn.FillAsync("#password", Shifan.Web.Tests.ShifanApp.Password);
            await signedIn.ClickAsync("button[type=submit]");
            await signedIn.WaitForURLAsync(url => !url.Contains("/login"));
            return signedIn;
        }
        var id = await fx.App.DemoCampaignIdAsync();
        // 三员分立: each administrator's own pages.
        foreach (var (name, paths) in new (string, string[])[]
                 {
                     ("sec-csp", ["/system/users", "/system/roles", "/system/sessions", "/account/password"]),
                     ("audit-csp", ["/system/audit", "/notifications"]),
                 })
        {
            var own = await SignInAsync(name);
            foreach (var path in paths)
            {
                Assert.Equal(200, (await own.GotoAsync(path))!.Status);
                await own.WaitForLoadStateAsync(LoadState.NetworkIdle);
            }
        }
        var page = await SignInAsync("root-csp");
        foreach (var path in new[] { "/", $"/campaigns/{id}", $"/campaigns/{id}/indicators", $"/campaigns/{id}/evidence", $"/campaigns/{id}/units", $"/campaigns/{id}/framework/import",
                     "/system/organisations", "/account/password", "/notifications" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        // Enhanced navigation (blazor.web.js) still works under the policy.
        await page.ClickAsync("nav.menu a:has-text('组织机构')");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/system/organisations"));
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        await Assertions.Expect(page.Locator("section.requirement").First).ToBeVisibleAsync();
        Assert.Empty(violations);
    }
}
