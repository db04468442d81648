using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>Cookie-authenticated /api calls act only when a page of the app itself sent them (ADR-011).</summary>
public class RequestIntentTests
{
    private const string Own = "http://localhost";

    private static HttpRequestMessage Request(HttpMethod method, string url, HttpContent? body = null, string? origin = null, string? site = null, bool intent = false)
    {
        var request = new HttpRequestMessage(method, url) { Content = body };
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (site is not null) request.Headers.Add("Sec-Fetch-Site", site);
        if (intent) request.Headers.Add("X-Shifan-Request", "1");
        return request;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("请求未经本系统页面发起，已拒绝", problem.GetProperty("title").GetString());
        Assert.Contains("API 令牌", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CookieCallsWithoutTheIntentHeaderOrFromAnotherOriginDoNotResetAPassword()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        var victim = await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var admin = await app.CookieClientAsync("root");
        var url = $"/api/users/{victim.Id}/reset-password";

        // What a form or a no-cors fetch from another port of the same host can send.
        await AssertRefusedAsync(await admin.SendAsync(Request(HttpMethod.Post, url, origin: "http://localhost:8081", site: "same-site")));
        await AssertRefusedAsync(await admin.SendAsync(Request(HttpMethod.Post, url)));
        await AssertRefusedAsync(await admin.SendAsync(Request(HttpMethod.Post, url, origin: Own, site: "same-origin")));
        // The header alone does not do from another origin (should a proxy ever grant CORS).
        await AssertRefusedAsync(await admin.SendAsync(Request(HttpMethod.Post, url, origin: "http://localhost:8081", intent: true)));
        await AssertRefusedAsync(await admin.SendAsync(Request(HttpMethod.Post, url, origin: "null", intent: true)));
        await AssertRefusedAsync(await admin.SendAsync(Request(HttpMethod.Post, url, site: "cross-site", intent: true)));
        await AssertRefusedAsync(await admin.SendAsync(Request(HttpMethod.Get, "/api/me")));
        var unchanged = await app.WithDbAsync(db => db.Users.Where(u => u.Id == victim.Id).Select(u => new { u.PasswordHash, u.MustChangePassword }).SingleAsync());
        Assert.Equal(victim.PasswordHash, unchanged.PasswordHash);
        Assert.False(unchanged.MustChangePassword);

        // The app's own page: same origin and the header.
        var own = await admin.SendAsync(Request(HttpMethod.Post, url, origin: Own, site: "same-origin", intent: true));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(Request(HttpMethod.Get, "/api/me", intent: true))).StatusCode);
    }

    [Fact]
    public async Task CookieUploadWithoutTheIntentHeaderStoresNothingWhileBearerCallsNeedNoHeader()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var id = await app.DemoCampaignIdAsync();
        var cookie = await app.CookieClientAsync("liaison1");

        await AssertRefusedAsync(await cookie.SendAsync(Request(HttpMethod.Post, Uploads.Url(id), Uploads.Form(Uploads.Pdf, "冒用.pdf"), origin: "http://localhost:8081", site: "same-site")));
        await AssertRefusedAsync(await cookie.SendAsync(Request(HttpMethod.Post, Uploads.Url(id), Uploads.Form(Uploads.Pdf, "冒用.pdf"))));
        await AssertRefusedAsync(await cookie.SendAsync(Request(HttpMethod.Post, $"/api/campaigns/{id}/indicators/1/materials/1/uploads",
            JsonContent.Create(new { fileName = "冒用.pdf", size = 10 }), site: "same-site")));
        Assert.Equal(0, await app.WithDbAsync(db => db.EvidenceItems.CountAsync()));

        var own = await cookie.SendAsync(Request(HttpMethod.Post, Uploads.Url(id), Uploads.Form(Uploads.Pdf, "本人上传.pdf"), origin: Own, site: "same-origin", intent: true));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);

        // Bearer tokens are not sent by browsers on their own: no header needed, even with an Origin.
        var bearer = await app.ApiClientAsync("liaison1");
        var scripted = await bearer.SendAsync(Request(HttpMethod.Post, Uploads.Url(id), Uploads.Form(Uploads.Pdf, "脚本上传.pdf"), origin: "http://localhost:8081"));
        Assert.Equal(HttpStatusCode.Created, scripted.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.EvidenceItems.CountAsync()));
    }
}
