using Microsoft.Playwright;
using Shifan.Core.Users;

namespace Shifan.E2E;

/// <summary>The production default: office users must enrol a second factor.</summary>
public sealed class SecondFactorFixture() : BrowserFixture(new Dictionary<string, string> { [Web.Tests.ShifanApp.SecondFactorDefaults] = "admin office" });

public class SecondFactorInBrowserTests(SecondFactorFixture fx) : IClassFixture<SecondFactorFixture>
{
    [Fact]
    public async Task AnOfficeUserEnrolsWithTheQrPageAndSignsInWithAComputedCode()
    {
        var violations = new List<string>();
        var page = await fx.NewPageAsync();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) lock (violations) violations.Add(m.Text); };
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", "office1");
        await page.FillAsync("#password", Web.Tests.ShifanApp.Password);
        await page.ClickAsync("button[type=submit]");
        // The role requires a second factor: enrolment comes first, and other pages lead back to it.
        await page.WaitForURLAsync("**/account/second-factor");
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/account/second-factor");
        Assert.True(await page.Locator("#qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"));
        var secret = Base32.Decode(await page.Locator("#secret").InnerTextAsync())!;
        await BrowserFixture.ShotAsync(page, "second-factor-enrol");
        var step = Totp.StepAt(DateTimeOffset.UtcNow);
        await page.FillAsync("#code", Totp.Code(secret, step));
        await page.ClickAsync("button:has-text('确认启用')");
        await Assertions.Expect(page.Locator("#recoveryCodes li")).ToHaveCountAsync(10);
        await page.ClickAsync("#continue");
        await page.WaitForURLAsync(url => !url.Contains("/account/") && !url.Contains("/login"));

        // A new browser: password, then the code of the next step (the enrolment's code is spent).
        var again = await fx.NewPageAsync();
        await again.GotoAsync("/login");
        await again.FillAsync("#userName", "office1");
        await again.FillAsync("#password", Web.Tests.ShifanApp.Password);
        await again.ClickAsync("button[type=submit]");
        await Assertions.Expect(again.Locator("#code")).ToBeVisibleAsync();
        await again.FillAsync("#code", Totp.Code(secret, step));
        await again.ClickAsync("button[type=submit]");
        await Assertions.Expect(again.Locator(".alert-error")).ToContainTextAsync("动态验证码错误");
        await again.FillAsync("#code", Totp.Code(secret, step + 1));
        await again.ClickAsync("button[type=submit]");
        await again.WaitForURLAsync(url => !url.Contains("/login") && !url.Contains("/account/"));
        await again.GotoAsync("/");
        await Assertions.Expect(again.Locator("h1, .page-header").First).ToBeVisibleAsync();
        Assert.DoesNotContain("/account/", again.Url);
        Assert.Empty(violations);
    }
}
