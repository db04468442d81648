using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>Several roles per user (兼任): each for a campaign's unit, a campaign or an organisation subtree; one at a time (切换身份).</summary>
public class RoleGrantTests
{
    /// <summary>Who manages accounts (the 安全管理员 once the three administrators are separate).</summary>
    private const string Manager = Roles.SecurityAdmin;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AUserActsInOneOfTheirRolesAtATimeAndSwitchesInTheHeader(string provider)
    {
        await using var app = new ShifanApp(provider);
        var county = await app.DemoCampaignIdAsync();
        var (city, _) = await ScopeTests.OtherCampaignAsync(app, "市级创建活动", "市司法局");
        var multi = await app.CreateUserAsync("multi", Roles.Liaison, "行政审批科");
        await app.CreateUserAsync("root", Manager);
        var admin = await app.ApiClientAsync("root");

        var granted = await admin.PostAsJsonAsync($"/api/users/{multi.Id}/roles", new { role = Roles.Leader, campaignId = city });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var grantId = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var held = await admin.GetFromJsonAsync<JsonElement>($"/api/users/{multi.Id}/roles");
        Assert.Equal(2, held.GetArrayLength());
        Assert.Contains(held.EnumerateArray(), h => h.GetProperty("where").GetString()!.Contains("市级创建活动"));

        // Signed in: the account's own role, its own campaign only; the header offers the other identity.
        var browser = await app.CookieClientAsync("multi");
        var home = WebUtility.HtmlDecode(await browser.GetStringAsync("/"));
        Assert.Contains("切换身份", home);
        Assert.Contains("市级创建活动", home);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/campaigns/{county}/evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/campaigns/{city}/dashboard")).StatusCode);

        // As the city campaign's leader: that campaign's dashboard, and nothing of the county's any more.
        var switched = await ShifanApp.PostFormAsync(browser, "/account/role", "role", new() { ["grant"] = grantId.ToString() }, tokenFrom: "/");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/campaigns/{city}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/campaigns/{county}/evidence")).StatusCode);
        Assert.Contains("领导", WebUtility.HtmlDecode(await browser.GetStringAsync("/")));

        // And back.
        await ShifanApp.PostFormAsync(browser, "/account/role", "role", new() { ["grant"] = "0" }, tokenFrom: "/");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/campaigns/{county}/evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/campaigns/{city}/dashboard")).StatusCode);

        // Someone else's grant is no identity of theirs.
        var other = await app.CreateUserAsync("other", Roles.Liaison, "行政审批科");
        var othersGrant = (await (await admin.PostAsJsonAsync($"/api/users/{other.Id}/roles", new { role = Roles.Reviewer, campaignId = city })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NotFound, (await ShifanApp.PostFormAsync(browser, "/account/role", "role", new() { ["grant"] = othersGrant.ToString() }, tokenFrom: "/")).StatusCode);

        // Taking the role back ends the user's sessions.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/users/{multi.Id}/roles/{grantId}")).StatusCode);
        var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/login", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AdministratorsNeitherHoldNorAreGrantedAnotherRole()
    {
        await using var app = new ShifanApp("sqlite");
        var county = await app.DemoCampaignIdAsync();
        var liaison = await app.CreateUserAsync("li", Roles.Liaison, "行政审批科");
        var root = await app.CreateUserAsync("root", Manager);
        var admin = await app.ApiClientAsync("root");
        var unit = liaison.UnitId!.Value;

        async Task<(HttpStatusCode Status, string Body)> Grant(int userId, object body)
        {
            var r = await admin.PostAsJsonAsync($"/api/users/{userId}/roles", body);
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }

        var asAdmin = await Grant(liaison.Id, new { role = Roles.Admin, campaignId = county });
        Assert.Equal(HttpStatusCode.BadRequest, asAdmin.Status);
        Assert.Contains("三员分立", asAdmin.Body);
        var toAdmin = await Grant(root.Id, new { role = Roles.Reviewer, campaignId = county });
        Assert.Equal(HttpStatusCode.BadRequest, toAdmin.Status);
        Assert.Contains("管理员账号不能兼任", toAdmin.Body);
        // A unit-scoped role needs its unit; exactly one place; the same grant twice is a conflict.
        var noUnit = await Grant(liaison.Id, new { role = Roles.UnitHead, campaignId = county });
        Assert.Equal(HttpStatusCode.BadRequest, noUnit.Status);
        Assert.Contains("\"unitId\"", noUnit.Body);
        Assert.Equal(HttpStatusCode.BadRequest, (await Grant(liaison.Id, new { role = Roles.Leader })).Status);
        Assert.Equal(HttpStatusCode.Created, (await Grant(liaison.Id, new { role = Roles.UnitHead, unitId = unit })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Grant(liaison.Id, new { role = Roles.UnitHead, unitId = unit })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Grant(99999, new { role = Roles.Leader, campaignId = county })).Status);
        // Nobody else manages roles.
        await app.CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        var office = await app.ApiClientAsync("office1");
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync($"/api/users/{liaison.Id}/roles", new { role = Roles.Leader, campaignId = county })).StatusCode);
    }
}
