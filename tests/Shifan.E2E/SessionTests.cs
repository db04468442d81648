using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Shifan.E2E;

/// <summary>The app with a two-second idle timeout, for watching sessions end in a real browser.</summary>
public sealed class ShortIdleFixture() : BrowserFixture(new Dictionary<string, string> { ["Shifan:IdleTimeout"] = "00:00:05" });

public class IdleTimeoutTests(ShortIdleFixture fx) : IClassFixture<ShortIdleFixture>
{
    [Fact]
    public async Task AnIdleBrowserSessionEndsAndReturnsToTheLoginPage()
    {
        var page = await fx.SignedInPageAsync("office1");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("创建活动");
        await Task.Delay(TimeSpan.FromSeconds(7));
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?expired=1"));
        await Assertions.Expect(page.Locator(".alert-warn")).ToContainTextAsync("长时间未操作");
    }

}

public class SessionTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountInTheBrowser()
    {
        await fx.App.CreateUserAsync("lockme", Core.Users.Roles.Liaison, "行政审批科");
        var page = await fx.NewPageAsync();
        await page.GotoAsync("/login");
        for (var i = 0; i < 5; i++)
        {
            await page.FillAsync("#userName", "lockme");
            await page.FillAsync("#password", "Wrong-Pass" + i);
            await page.ClickAsync("button:has-text('登录')");
            await Assertions.Expect(page.Locator(".alert-error")).ToBeVisibleAsync();
        }
        await Assertions.Expect(page.Locator(".alert-error")).ToContainTextAsync("账号已锁定15分钟");
        await page.FillAsync("#userName", "lockme");
        await page.FillAsync("#password", Shifan.Web.Tests.ShifanApp.Password);
        await page.ClickAsync("button:has-text('登录')");
        await Assertions.Expect(page.Locator(".alert-error")).ToContainTextAsync("账号已锁定");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
    }

    [Fact]
    public async Task TheSecurityAdminForcesAUserOutAndTheAuditAdminSeesItInTheLog()
    {
        await fx.App.CreateUserAsync("root", Core.Users.Roles.SecurityAdmin);
        await fx.App.CreateUserAsync("auditor-s", Core.Users.Roles.AuditAdmin);
        var user = await fx.SignedInPageAsync("liaison1");
        var admin = await fx.SignedInPageAsync("root");
        await admin.GotoAsync("/system/sessions");
        await admin.Locator("#sessions tr[data-user=liaison1] button:has-text('强制下线')").First.ClickAsync();
        await Assertions.Expect(admin.Locator(".alert-ok")).ToHaveTextAsync("已强制下线");
        await user.GotoAsync("/");
        await Assertions.Expect(user).ToHaveURLAsync(new Regex("/login"));
        // 三员分立: the log is not the security admin's to read, but the audit admin's.
        var refused = await admin.GotoAsync("/system/audit");
        Assert.Equal(403, refused!.Status);
        var auditor = await fx.SignedInPageAsync("auditor-s");
        await Assertions.Expect(auditor).ToHaveURLAsync(new Regex("/system/audit$"));
        await auditor.GotoAsync("/system/audit?entity=UserSession&action=update");
        await Assertions.Expect(auditor.Locator("#audit tbody tr").First).ToContainTextAsync("root");
        await auditor.ClickAsync("#verify");
        await Assertions.Expect(auditor.Locator("#verify-result")).ToContainTextAsync("操作日志完好");
        await Assertions.Expect(auditor.Locator("#export")).ToHaveAttributeAsync("href", new Regex("^/system/audit/export"));
    }
}
