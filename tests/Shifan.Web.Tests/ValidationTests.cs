using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Frameworks;
using Shifan.Core.Users;

using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>Bad input to the API answers 400 with a Chinese message under the name of the field at fault, and changes nothing.</summary>
public partial class ValidationTests
{
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    private static async Task AssertField(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} → {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.True(json.TryGetProperty("errors", out var errors), $"no errors in {body}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"expected field {field} in {body}");
        Assert.Matches(Chinese(), messages[0].GetString()!);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task EveryKindOfBadInputNamesItsField()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var office = await app.OfficeClientAsync();
        var admin = await app.ApiClientAsync("root");
        var liaison = await app.ApiClientAsync("liaison1");
        var (stage, node, unit, area) = await app.WithDbAsync(async db =>
        {
            var frameworkId = await db.Campaigns.Where(c => c.Id == id).Select(c => c.FrameworkId).SingleAsync();
            return (await db.CampaignStages.Where(s => s.CampaignId == id).Select(s => s.Id).FirstAsync(),
                await db.FrameworkNodes.Where(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Indicator).Select(n => n.Id).FirstAsync(),
                await db.Units.Where(u => u.CampaignId == id).Select(u => u.Id).FirstAsync(),
                await db.FrameworkNodes.Where(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Area).Select(n => n.Id).FirstAsync());
        });
        var auditBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync());

        await AssertField(await office.PutAsJsonAsync($"/api/campaigns/{id}/stages/{stage}", new { name = " " }), "name");
        await AssertField(await office.PutAsJsonAsync($"/api/campaigns/{id}/stages/{stage}", new { startsOn = "2026-06-01", deadline = "2026-01-01" }), "deadline");
        await AssertField(await office.PutAsync($"/api/campaigns/{id}/stages/{stage}", Json("""{"deadline":"下个月"}""")), "deadline");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/units", new { name = "" }), "name");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/units", new { name = "新单位", parentId = 999999 }), "parentId");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/units/{unit}/contacts", new { name = "张三", phone = "call me" }), "phone");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/units/{unit}/contacts", new { name = "张三", email = "no-at-sign" }), "email");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/assignments", new { nodeId = node, unitId = unit, role = "boss" }), "role");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/assignments", new { nodeId = area, unitId = unit, role = "lead" }), "nodeId");
        await AssertField(await office.PostAsync($"/api/campaigns/{id}/assignments", Json("""{"nodeId":"第一项","unitId":1,"role":"lead"}""")), "nodeId");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/nodes", new { kind = "chapter", title = "x" }), "kind");
        await AssertField(await office.PutAsJsonAsync($"/api/campaigns/{id}/nodes/{node}", new { title = new string('长', 501) }), "title");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/nodes/{node}/materials", new { no = 9, text = "会议纪要", since = 1800 }), "since");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/nodes/{node}/materials", new { no = 9, text = "会议纪要", minCount = 5, maxCount = 2 }), "minCount");
        await AssertField(await office.PostAsJsonAsync($"/api/campaigns/{id}/nodes/{area}/materials", new { no = 9, text = "会议纪要" }), "nodeId");
        await AssertField(await admin.PostAsJsonAsync("/api/users", new { userName = "a b", role = Roles.Liaison, unitId = unit }), "userName");
        await AssertField(await admin.PostAsJsonAsync("/api/users", new { userName = "newuser", role = Roles.Liaison, unitId = unit, password = "short" }), "password");
        await AssertField(await admin.PostAsJsonAsync("/api/users", new { userName = "newuser", role = Roles.Reviewer, reviewCampaigns = new[] { 424242 } }), "reviewCampaigns");
        await AssertField(await admin.PutAsJsonAsync($"/api/roles/{Roles.Leader}", new { permissions = new[] { "x:y:z" }, dataScope = "All" }), "permissions");

        var upload = Url(id);
        await AssertField(await liaison.PostAsync(upload, Form(Pdf, "a.pdf", ("year", "去年"))), "year");
        await AssertField(await liaison.PostAsync(upload, Form(Pdf, "a.pdf", ("year", "1800"))), "year");
        await AssertField(await liaison.PostAsync(upload, Form(Pdf, "a.pdf", ("sourceUrl", "javascript:alert(1)"))), "sourceUrl");
        await AssertField(await liaison.PostAsync(upload, Form(Pdf, "a.pdf", ("kind", "传单"))), "kind");
        await AssertField(await liaison.PostAsync(upload, Form(Pdf, "a.pdf", ("documentDate", "2023/13/45"))), "documentDate");
        await AssertField(await liaison.PostAsync($"/api/campaigns/{id}/indicators/1/materials/1/explanations", JsonContent.Create(new { text = " " })), "text");
        await AssertField(await liaison.PostAsync($"/api/campaigns/{id}/indicators/1/materials/1/classified", JsonContent.Create(new { title = "档案", secrecyLevel = "" })), "secrecyLevel");
        await AssertField(await liaison.PostAsync($"/api/campaigns/{id}/indicators/1/materials/1/links", JsonContent.Create(new { title = "网页" })), "sourceUrl");
        await AssertField(await liaison.PostAsync($"/api/campaigns/{id}/indicators/1/materials/1/uploads", JsonContent.Create(new { fileName = "../../etc/passwd", size = 10 })), "file");

        // Nothing was created or changed by any of it.
        Assert.Equal(auditBefore, await app.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.EvidenceItems.CountAsync()));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "newuser")));
    }
}
