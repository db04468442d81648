using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>TOTP second factor (RFC 6238): enrolment, sign-in on the page and the API, replay, recovery codes, lockout, role requirement, reset.</summary>
public partial class SecondFactorTests
{
    /// <summary>The production default: admin and office must use a second factor.</summary>
    private static ShifanApp NewApp(string provider = "sqlite") =>
        new(provider, new Dictionary<string, string> { [ShifanApp.SecondFactorDefaults] = "admin security-admin audit-admin office" });

    [GeneratedRegex("<code id=\"secret\">([A-Z2-7 ]+)</code>")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>")]
    private static partial Regex RecoveryPattern();

    private static long Now => Totp.StepAt(DateTimeOffset.UtcNow);

    private sealed record Enrolment(byte[] Secret, long Step, IReadOnlyList<string> RecoveryCodes, HttpClient Browser);

    /// <summary>Signs in on the page (sent to the enrolment page by the role's requirement), reads the secret, confirms with a computed code.</summary>
    private static async Task<Enrolment> EnrolAsync(ShifanApp app, string userName)
    {
        var browser = await app.CookieClientAsync(userName);
        var page = await browser.GetStringAsync("/account/second-factor");
        var secret = Base32.Decode(SecretPattern().Match(page).Groups[1].Value)!;
        Assert.Equal(20, secret.Length);
        var wrong = await ShifanApp.PostFormAsync(browser, "/account/second-factor", "enrol", new() { ["Input.Code"] = "000000" == Totp.CodeAt(secret, DateTimeOffset.UtcNow) ? "111111" : "000000" });
        var refused = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync());
        Assert.True(refused.Contains("验证码不正确"), $"{(int)wrong.StatusCode} {refused}");
        var step = Now;
        var confirmed = await ShifanApp.PostFormAsync(browser, "/account/second-factor", "enrol", new() { ["Input.Code"] = Totp.Code(secret, step) });
        var html = await confirmed.Content.ReadAsStringAsync();
        var codes = RecoveryPattern().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        return new Enrolment(secret, step, codes, browser);
    }

    private static Task<HttpResponseMessage> ApiLoginAsync(ShifanApp app, string userName, string? code) =>
        app.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName, password = ShifanApp.Password, code });

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EnrolmentIsForcedByTheRoleAndThenEverySignInNeedsAFreshCode(string provider)
    {
        await using var app = NewApp(provider);
        _ = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("office2", Roles.Office, "示范创建工作领导小组办公室");

        // Password alone: the page sends the user to enrolment and nowhere else; the API token serves nothing yet.
        var browser = await app.CookieClientAsync("office2");
        var elsewhere = await browser.GetAsync("/system/users");
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.Equal("/account/second-factor", elsewhere.Headers.Location!.OriginalString);
        var token = await (await ApiLoginAsync(app, "office2", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(token.GetProperty("mustEnrolSecondFactor").GetBoolean());
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/campaigns")).StatusCode);

        // The QR code is an image of our own origin, served only while enrolment is pending.
        Assert.Contains("id=\"secret\"", await browser.GetStringAsync("/account/second-factor"));
        var qr = await browser.GetAsync("/account/second-factor/qr");
        Assert.Equal("image/png", qr.Content.Headers.ContentType!.MediaType);
        var enrolment = await EnrolAsync(app, "office2");
        Assert.Equal(HttpStatusCode.NotFound, (await enrolment.Browser.GetAsync("/account/second-factor/qr")).StatusCode);
        // The same browser goes on at once (its cookie lost the enrolment mark).
        Assert.Equal(HttpStatusCode.OK, (await enrolment.Browser.GetAsync("/")).StatusCode);

        // Stored protected and hashed: neither the secret nor a recovery code appears in the database.
        var stored = await app.WithDbAsync(async db => (await db.Users.SingleAsync(u => u.UserName == "office2"), await db.RecoveryCodes.ToListAsync()));
        Assert.NotNull(stored.Item1.TotpEnabledAt);
        Assert.DoesNotContain(Base32.Encode(enrolment.Secret), stored.Item1.TotpSecret);
        Assert.Equal(10, stored.Item2.Count);
        Assert.DoesNotContain(stored.Item2, c => enrolment.RecoveryCodes.Any(r => c.CodeHash.Contains(r.Replace("-", ""))));
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "User").Select(a => a.Changes).ToListAsync());
        Assert.Contains(audit, d => d.Contains("TotpEnabledAt"));
        Assert.DoesNotContain(audit, d => d.Contains(stored.Item1.TotpSecret!));

        // The API: without a code it says so; the code used to enrol is spent; the next one works once.
        var missing = await ApiLoginAsync(app, "office2", null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codeRequired").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLoginAsync(app, "office2", Totp.Code(enrolment.Secret, enrolment.Step))).StatusCode);
        var next = Totp.Code(enrolment.Secret, enrolment.Step + 1);
        var ok = await ApiLoginAsync(app, "office2", next);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mustEnrolSecondFactor").GetBoolean());
        var replay = await ApiLoginAsync(app, "office2", next);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("已使用过", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var log = await app.WithDbAsync(db => db.LoginRecords.Where(r => r.UserName == "office2").OrderBy(r => r.Id).Select(r => r.Result).ToListAsync());
        Assert.Equal(new[] { "Success", "Success", "Success", "CodeRequired", "CodeRequired", "WrongCode", "CodeRequired", "Success", "CodeRequired", "WrongCode" }, log);
    }

    [Fact]
    public async Task ThePageAsksForTheCodeAfterThePassword()
    {
        await using var app = NewApp();
        _ = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("office2", Roles.Office, "示范创建工作领导小组办公室");
        var enrolment = await EnrolAsync(app, "office2");

        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var first = await ShifanApp.PostFormAsync(browser, "/login", "login", new() { ["Input.UserName"] = "office2", ["Input.Password"] = ShifanApp.Password });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains("id=\"code\"", html);
        Assert.DoesNotContain(ShifanApp.Password, html);
        var pending = WebUtility.HtmlDecode(Regex.Match(html, "name=\"Input.Pending\" value=\"([^\"]+)\"").Groups[1].Value);
        var antiforgery = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        async Task<HttpResponseMessage> CodeAsync(string code) => await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = antiforgery, ["Input.UserName"] = "office2", ["Input.Pending"] = pending, ["Input.Code"] = code,
        }));
        var wrong = await CodeAsync(Totp.Code(enrolment.Secret, enrolment.Step));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("动态验证码错误", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        // A forged pending token starts over with the password.
        var forged = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = antiforgery, ["Input.UserName"] = "office2", ["Input.Pending"] = "forged", ["Input.Code"] = "123456",
        }));
        Assert.Contains("登录已超时", WebUtility.HtmlDecode(await forged.Content.ReadAsStringAsync()));
        var right = await CodeAsync(Totp.Code(enrolment.Secret, enrolment.Step + 1));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

    }

    [Fact]
    public async Task ARecoveryCodeWorksOnce()
    {
        await using var app = NewApp();
        _ = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("office2", Roles.Office, "示范创建工作领导小组办公室");
        var enrolment = await EnrolAsync(app, "office2");
        var recovery = enrolment.RecoveryCodes[3];
        Assert.Equal(HttpStatusCode.OK, (await ApiLoginAsync(app, "office2", recovery.ToUpperInvariant())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLoginAsync(app, "office2", recovery)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ApiLoginAsync(app, "office2", enrolment.RecoveryCodes[4])).StatusCode);
        Assert.Equal(8, await app.WithDbAsync(db => db.RecoveryCodes.CountAsync(c => c.UsedAt == null)));
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "recovery-code")));
    }

    [Fact]
    public async Task WrongCodesCountTowardTheLockout()
    {
        await using var app = NewApp();
        _ = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("office2", Roles.Office, "示范创建工作领导小组办公室");
        var enrolment = await EnrolAsync(app, "office2");
        // A right password followed by a wrong code does not reset the count, so guessing codes locks the account.
        for (var i = 0; i < User.MaxFailedLogins - 1; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLoginAsync(app, "office2", "000000" == Totp.Code(enrolment.Secret, Now) ? "999999" : "000000")).StatusCode);
        Assert.Equal(User.MaxFailedLogins - 1, await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "office2").Select(u => u.FailedLogins).SingleAsync()));
        Assert.Equal((HttpStatusCode)423, (await ApiLoginAsync(app, "office2", "12345-abcde")).StatusCode);
        // Locked: even the right code is refused until the lock ends.
        Assert.Equal((HttpStatusCode)423, (await ApiLoginAsync(app, "office2", Totp.Code(enrolment.Secret, enrolment.Step + 1))).StatusCode);
        var log = await app.WithDbAsync(db => db.LoginRecords.Where(r => r.UserName == "office2" && !r.Success).Select(r => r.Result).ToListAsync());
        Assert.Equal(User.MaxFailedLogins - 1, log.Count(r => r == "WrongCode"));
        Assert.Equal(2, log.Count(r => r == "LockedOut"));
    }

    [Fact]
    public async Task TheRoleSettingDecidesAndAnAdminCanResetAUsersFactor()
    {
        await using var app = NewApp();
        _ = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        // The security admin enrols first (the role requires it), then signs in with a code.
        var adminEnrolment = await EnrolAsync(app, "root");
        var adminLogin = await (await ApiLoginAsync(app, "root", Totp.Code(adminEnrolment.Secret, adminEnrolment.Step + 1))).Content.ReadFromJsonAsync<LoginView>();
        var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminLogin!.Token);

        // Liaisons need no second factor by default; once the role requires it, the next sign-in must enrol.
        Assert.False((await (await ApiLoginAsync(app, "liaison1", null)).Content.ReadFromJsonAsync<LoginView>())!.MustEnrolSecondFactor);
        var roles = await admin.GetFromJsonAsync<JsonElement>("/api/roles");
        var liaison = roles.EnumerateArray().Single(r => r.GetProperty("role").GetString() == Roles.Liaison);
        Assert.False(liaison.GetProperty("requireSecondFactor").GetBoolean());
        var permissions = liaison.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).ToList();
        var put = await admin.PutAsJsonAsync("/api/roles/liaison", new { permissions, dataScope = "OwnUnit", requireSecondFactor = true });
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.True((await (await ApiLoginAsync(app, "liaison1", null)).Content.ReadFromJsonAsync<LoginView>())!.MustEnrolSecondFactor);
        var page = await (await app.CookieClientAsync("liaison1")).GetAsync("/");
        Assert.Equal("/account/second-factor", page.Headers.Location!.OriginalString);
        // A change of permissions alone keeps the requirement.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync("/api/roles/liaison", new { permissions, dataScope = "OwnUnit" })).StatusCode);
        Assert.True((await (await ApiLoginAsync(app, "liaison1", null)).Content.ReadFromJsonAsync<LoginView>())!.MustEnrolSecondFactor);

        // A liaison with a factor who lost the phone: the admin resets it (audited, sessions ended), the next sign-in enrols again.
        var enrolment = await EnrolAsync(app, "liaison1");
        var liaisonId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "liaison1").Select(u => u.Id).SingleAsync());
        var liaisonToken = await (await ApiLoginAsync(app, "liaison1", Totp.Code(enrolment.Secret, enrolment.Step + 1))).Content.ReadFromJsonAsync<LoginView>();
        var liaisonApi = app.CreateClient();
        liaisonApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", liaisonToken!.Token);
        Assert.Equal(HttpStatusCode.OK, (await liaisonApi.GetAsync("/api/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaisonApi.PostAsync($"/api/users/{liaisonId}/reset-second-factor", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/users/{liaisonId}/reset-second-factor", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await liaisonApi.GetAsync("/api/campaigns")).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.RecoveryCodes.CountAsync(c => c.UserId == liaisonId)));
        var reset = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "User" && a.EntityId == liaisonId.ToString()).OrderBy(a => a.Id).ToListAsync());
        Assert.Contains(reset, a => a.Actor == "root" && a.Changes.Contains("TotpEnabledAt") && a.Changes.Contains("***"));
        Assert.True((await (await ApiLoginAsync(app, "liaison1", null)).Content.ReadFromJsonAsync<LoginView>())!.MustEnrolSecondFactor);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/users/99999/reset-second-factor", null)).StatusCode);
    }

    private sealed record LoginView(string Token, bool MustChangePassword, bool MustEnrolSecondFactor);
}
