using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>The operation log reads like a ledger of what happened: objects by name, changes from → to in Chinese, no temporary ids.</summary>
public class AuditReadingTests
{
    [Fact]
    public async Task ARenameReadsAsTheUnitsNameAndTheChangeFromTo()
    {
        await using var app = new ShifanApp("sqlite");
        var campaign = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.Admin);
        await app.CreateUserAsync("auditor1", Roles.AuditAdmin);
        var admin = await app.ApiClientAsync("root");
        // 三员分立: the system admin changes the unit, the audit admin reads the log.
        var auditor = await app.ApiClientAsync("auditor1");
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == campaign && u.Name == "财审科").Select(u => u.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/campaigns/{campaign}/units/{unit}", new { name = "财务审计科", kind = "Section", parentId = (int?)null })).StatusCode);

        var page = await auditor.GetFromJsonAsync<JsonElement>("/api/audit?entity=单位&action=update");
        var line = page.GetProperty("items").EnumerateArray().First(l => l.GetProperty("entityId").GetString() == unit.ToString());
        Assert.Equal("单位", line.GetProperty("objectKind").GetString());
        Assert.Equal("财务审计科", line.GetProperty("objectName").GetString());
        Assert.Equal("修改", line.GetProperty("action").GetString());
        Assert.Contains("名称：财审科 → 财务审计科", line.GetProperty("changes").GetString());

        // The demo's contacts were saved together with their new units: their records name the real unit, not a temporary id.
        var contacts = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "LiaisonContact" && a.Action == "create").Select(a => a.Changes).ToListAsync());
        Assert.NotEmpty(contacts);
        Assert.All(contacts, c => Assert.DoesNotContain("\"-", c));
        var contactLine = (await auditor.GetFromJsonAsync<JsonElement>("/api/audit?entity=LiaisonContact")).GetProperty("items").EnumerateArray().Last();
        var contactChanges = contactLine.GetProperty("changes").GetString()!;
        Assert.Contains("名称：", contactChanges);
        Assert.Matches("单位：[^0-9；（]", contactChanges);
        Assert.Equal("联络人", contactLine.GetProperty("objectKind").GetString());

        // The page shows the same reading.
        var browser = await app.CookieClientAsync("auditor1");
        var html = WebUtility.HtmlDecode(await browser.GetStringAsync("/system/audit?entity=Unit&action=update"));
        Assert.Contains("单位“财务审计科”", html);
        Assert.Contains("名称：财审科 → 财务审计科", html);
    }

    [Fact]
    public async Task TheLogFiltersByTheActorsUnitAndByOneObject()
    {
        await using var app = new ShifanApp("sqlite");
        var campaign = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.Admin);
        await app.CreateUserAsync("shenpi1", Roles.UnitHead, "行政审批科");
        await app.CreateUserAsync("auditor1", Roles.AuditAdmin);
        var admin = await app.ApiClientAsync("root");
        var auditor = await app.ApiClientAsync("auditor1");
        var liaison = await app.ApiClientAsync("shenpi1");
        var (unitA, unitB) = await app.WithDbAsync(async db => (
            await db.Units.Where(u => u.CampaignId == campaign && u.Name == "财审科").Select(u => u.Id).SingleAsync(),
            await db.Units.Where(u => u.CampaignId == campaign && u.Name == "行政审批科").Select(u => u.Id).SingleAsync()));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/campaigns/{campaign}/units/{unitA}", new { name = "财务审计科", kind = "Section", parentId = (int?)null })).StatusCode);
        // The unit head changes something of its own unit: a new contact of 行政审批科.
        var changed = await liaison.PostAsJsonAsync($"/api/campaigns/{campaign}/units/{unitB}/contacts", new { name = "新联络人", phone = "13800000000", email = "a@b.cn", isPrimary = false });
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());

        var byUnit = (await auditor.GetFromJsonAsync<JsonElement>("/api/audit?unit=行政审批科")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(byUnit, l => Assert.Equal("shenpi1", l.GetProperty("actor").GetString()));
        Assert.NotEmpty(byUnit);
        Assert.Contains(byUnit, l => l.GetProperty("changes").GetString()!.Contains("新联络人"));
        Assert.Empty((await auditor.GetFromJsonAsync<JsonElement>("/api/audit?unit=没有这个单位")).GetProperty("items").EnumerateArray());

        var byObject = (await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?entity=单位&objectId={unitA}")).GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(byObject);
        Assert.All(byObject, l => Assert.Equal(unitA.ToString(), l.GetProperty("entityId").GetString()));
        Assert.Contains(byObject, l => l.GetProperty("changes").GetString()!.Contains("财审科 → 财务审计科"));

        var html = WebUtility.HtmlDecode(await (await app.CookieClientAsync("auditor1")).GetStringAsync($"/system/audit?entity=Unit&objectId={unitA}"));
        Assert.Contains("财审科 → 财务审计科", html);
        Assert.Contains("name=\"unit\"", html);
    }
}
