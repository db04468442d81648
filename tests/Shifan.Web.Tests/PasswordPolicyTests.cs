using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>等保2.0 level 3 account rules: password policy and history, maximum age, sessions, sign-in that does not reveal names.</summary>
public class PasswordPolicyTests
{
    private static async Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next) =>
        await client.PostAsJsonAsync("/api/me/password", new { currentPassword = current, newPassword = next });

    private static async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("newPassword")[0].GetString()!;
    }

    [Fact]
    public async Task ThePolicyRefusesWeakPasswordsTheUserNameAndTheLastFive()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var client = await app.ApiClientAsync("liaison1");
        Assert.Contains("不能少于8位", await ErrorAsync(await ChangeAsync(client, ShifanApp.Password, "Ab1-")));
        Assert.Contains("至少三类", await ErrorAsync(await ChangeAsync(client, ShifanApp.Password, "onlylowercase1")));
        Assert.Contains("不能包含用户名", await ErrorAsync(await ChangeAsync(client, ShifanApp.Password, "My-Liaison1-Pass")));

        var current = ShifanApp.Password;
        for (var i = 1; i <= 5; i++)
        {
            var next = $"Round-{i}-Passw0rd";
            Assert.Equal(HttpStatusCode.NoContent, (await ChangeAsync(client, current, next)).StatusCode);
            current = next;
        }
        // The current one and the four before it are refused; the sixth back is allowed again.
        Assert.Contains("最近5次", await ErrorAsync(await ChangeAsync(client, current, "Round-1-Passw0rd")));
        Assert.Contains("最近5次", await ErrorAsync(await ChangeAsync(client, current, "Round-4-Passw0rd")));
        Assert.Equal(HttpStatusCode.NoContent, (await ChangeAsync(client, current, ShifanApp.Password)).StatusCode);
        var history = await app.WithDbAsync(db => db.PasswordHistory.CountAsync());
        Assert.Equal(5, history);
        Assert.DoesNotContain(await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "PasswordHistoryEntry").Select(a => a.Changes).ToListAsync()),
            c => c.Contains("AQAAAA"));
    }

    [Fact]
    public async Task ThePolicyIsConfigurable()
    {
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:Password:MinLength"] = "12", ["Shifan:Password:MinClasses"] = "4" });
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var client = await app.ApiClientAsync("liaison1");
        Assert.Contains("不能少于12位", await ErrorAsync(await ChangeAsync(client, ShifanApp.Password, "Abcdef-123")));
        Assert.Contains("至少四类", await ErrorAsync(await ChangeAsync(client, ShifanApp.Password, "Abcdefgh12345")));
        Assert.Equal(HttpStatusCode.NoContent, (await ChangeAsync(client, ShifanApp.Password, "Abcdefgh-12345")).StatusCode);
    }

    [Fact]
    public async Task AChangedPasswordEndsTheUsersOtherSessions()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var here = await app.ApiClientAsync("liaison1");
        var elsewhere = await app.ApiClientAsync("liaison1");
        var browser = await app.CookieClientAsync("liaison1");
        Assert.Equal(HttpStatusCode.NoContent, (await ChangeAsync(here, ShifanApp.Password, "New-Passw0rd-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/me")).StatusCode);
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.OriginalString);

        // The same through the page: the browser stays signed in, the token ends.
        var token = await app.ApiClientAsync("liaison1", "New-Passw0rd-1");
        var cookie = await app.CookieClientAsync("liaison1", "New-Passw0rd-1");
        var changed = await ShifanApp.PostFormAsync(cookie, "/account/password", "password",
            new() { ["Input.Current"] = "New-Passw0rd-1", ["Input.New"] = "New-Passw0rd-2", ["Input.Confirm"] = "New-Passw0rd-2" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task APasswordOlderThanNinetyDaysMustBeChangedFirst()
    {
        await using var app = new ShifanApp("sqlite");
        var user = await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        await app.WithDbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Id == user.Id);
            u.PasswordChangedAt = DateTimeOffset.UtcNow.AddDays(-91);
            return await db.SaveChangesAsync();
        });
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "liaison1", password = ShifanApp.Password });
        Assert.True((await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mustChangePassword").GetBoolean());
        var api = await app.ApiClientAsync("liaison1");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/campaigns")).StatusCode);

        var browser = await app.CookieClientAsync("liaison1");
        var home = await browser.GetAsync("/");
        Assert.Equal("/account/password", home.Headers.Location!.OriginalString);
        Assert.Contains("已超过90天未更换", await browser.GetStringAsync("/account/password"));
        Assert.Equal(HttpStatusCode.NoContent, (await ChangeAsync(api, ShifanApp.Password, "Fresh-Passw0rd")).StatusCode);
        var fresh = await app.ApiClientAsync("liaison1", "Fresh-Passw0rd");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/campaigns")).StatusCode);
    }

    [Fact]
    public async Task UnknownNamesAnswerExactlyLikeRealOnes()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var client = app.CreateClient();
        async Task<(HttpStatusCode, string, double)> Try(string name)
        {
            var watch = Stopwatch.StartNew();
            var r = await client.PostAsJsonAsync("/api/auth/login", new { userName = name, password = "Wrong-Passw0rd" });
            var ms = watch.Elapsed.TotalMilliseconds;
            // Every answer carries its own request's trace id (ProblemDetails); everything else must be the same.
            var body = System.Text.RegularExpressions.Regex.Replace(await r.Content.ReadAsStringAsync(), "\"traceId\":\"[^\"]*\"", "\"traceId\":\"\"");
            return (r.StatusCode, body, ms);
        }
        await Try("warm-up-name");
        var real = new List<(HttpStatusCode Status, string Body, double Ms)>();
        var unknown = new List<(HttpStatusCode Status, string Body, double Ms)>();
        for (var i = 0; i < 6; i++)
        {
            real.Add(await Try("liaison1"));
            unknown.Add(await Try("nobody-here"));
        }
        // Same answers, attempt by attempt: four wrong passwords, then locked, whether the name exists or not.
        Assert.Equal(real.Select(r => (r.Status, r.Body)), unknown.Select(u => (u.Status, u.Body)));
        Assert.Equal(HttpStatusCode.Unauthorized, real[0].Status);
        Assert.Equal(HttpStatusCode.Locked, real[4].Status);
        // Same work: one password hash check each (without it an unknown name answers many times faster).
        var realMedian = real.Take(4).Select(r => r.Ms).Order().ElementAt(2);
        var unknownMedian = unknown.Take(4).Select(r => r.Ms).Order().ElementAt(2);
        Assert.True(unknownMedian > realMedian * 0.5, $"unknown {unknownMedian:F0} ms, real {realMedian:F0} ms");
    }

    [Fact]
    public async Task TheLoginFormIsRateLimitedTogetherWithTheApi()
    {
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:LoginAttemptsPerMinute"] = "6" });
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = "guess" + i, password = "Wrong-Passw0rd" })).StatusCode);
        for (var i = 0; i < 4; i++)
            statuses.Add((await ShifanApp.PostFormAsync(client, "/login", "login", new() { ["Input.UserName"] = "guess" + i, ["Input.Password"] = "Wrong-Passw0rd" })).StatusCode);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(6));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[6]);
        var refused = await ShifanApp.PostFormAsync(client, "/login", "login", new() { ["Input.UserName"] = "x", ["Input.Password"] = "y" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("登录尝试过于频繁", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/auth/login", new { userName = "x", password = "y" })).StatusCode);
    }
}
