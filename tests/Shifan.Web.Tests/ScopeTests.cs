using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Units;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>Reads and links stay inside the caller's campaign and units; unknown or foreign ids answer 404, never 500.</summary>
public class ScopeTests
{
    /// <summary>A second campaign (on the demo framework) with one unit, as another county's office would have.</summary>
    internal static Task<(int Campaign, int Unit)> OtherCampaignAsync(ShifanApp app, string name = "另一个县的创建", string unitName = "外县秘密科") => app.WithDbAsync(async db =>
    {
        var frameworkId = await db.Campaigns.OrderBy(c => c.Id).Select(c => c.FrameworkId).FirstAsync();
        var c = new Core.Campaigns.Campaign { Name = name, Region = name, FrameworkId = frameworkId, CreatedAt = DateTimeOffset.UtcNow, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31) };
        db.Campaigns.Add(c);
        await db.SaveChangesAsync();
        var unit = new Unit { CampaignId = c.Id, Name = unitName, Kind = UnitKind.Office };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return (c.Id, unit.Id);
    });

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string url)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(url);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CompletenessIsTheSameWhoeverLooksWhileEachUnitReadsOnlyItsOwnMaterial(string provider)
    {
        await using var app = new ShifanApp(provider, new Dictionary<string, string> { ["Shifan:Demo:Activity"] = "true" });
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        var liaisonUser = await app.CreateUserAsync("li-scope", Roles.Liaison, "行政审批科");
        var office = await app.ApiClientAsync("office1");
        var liaison = await app.ApiClientAsync("li-scope");

        var asOffice = await office.GetStringAsync($"/api/campaigns/{id}/reviews/standing");
        var asLiaison = await liaison.GetStringAsync($"/api/campaigns/{id}/reviews/standing");
        Assert.Contains("\"approved\":", asOffice);
        Assert.Equal(asOffice, asLiaison);

        // The unit filter: the liaison's list holds their unit's material only, though the campaign has others'.
        var units = await app.WithDbAsync(db => db.EvidenceItems.Where(i => i.CampaignId == id && i.DeletedAt == null).Select(i => i.UnitId).Distinct().ToListAsync());
        Assert.True(units.Count > 1, "the demo activity has material of several units");
        var own = liaisonUser.UnitId!.Value;
        var listed = await liaison.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/evidence");
        var rows = listed.ValueKind == JsonValueKind.Array ? listed.EnumerateArray().ToList() : listed.GetProperty("items").EnumerateArray().ToList();
        var ownCount = await app.WithDbAsync(db => db.EvidenceItems.CountAsync(i => i.CampaignId == id && i.DeletedAt == null && i.UnitId == own));
        Assert.Equal(ownCount, rows.Count);
    }

    [Fact]
    public async Task TheAuditAdminReadsTheWholeLogAndACampaignAuditorOnlyItsCampaigns()
    {
        await using var app = new ShifanApp("sqlite");
        var a = await app.DemoCampaignIdAsync();
        var (b, foreignUnit) = await OtherCampaignAsync(app);
        // 三员分立: the office no longer reads the log; a custom read-only role with the log right (督查审计组) reads its own campaign's.
        var office1 = await app.CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        var office = await app.ApiClientAsync("office1");
        await app.CreateUserAsync("sec1", Roles.SecurityAdmin);
        var security = await app.ApiClientAsync("sec1");
        Assert.Equal(System.Net.HttpStatusCode.Created, (await security.PostAsJsonAsync("/api/roles", new { role = "inspector", name = "督查审计组", template = Roles.Leader })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await security.PutAsJsonAsync("/api/roles/inspector",
            new { permissions = Roles.DefaultPermissions(Roles.Leader).Append(Permissions.AuditRead), dataScope = "All" })).StatusCode);
        await app.CreateUserAsync("inspector1", "inspector", "示范创建工作领导小组办公室");
        var inspector = await app.ApiClientAsync("inspector1");
        var root = await app.CreateUserAsync("auditor1", Roles.AuditAdmin);
        var admin = await app.ApiClientAsync("auditor1");
        var officeB = await app.CreateUserAsync("officeB", Roles.Office, "外县秘密科", b);

        Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync("/api/audit?entity=Unit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync($"/api/campaigns/{a}/audit")).StatusCode);
        var seen = await ItemsAsync(inspector, "/api/audit?entity=Unit");
        Assert.NotEmpty(seen);
        Assert.DoesNotContain(seen, r => r.GetProperty("entityId").GetString() == foreignUnit.ToString());
        Assert.DoesNotContain(seen, r => r.GetProperty("changes").GetString()!.Contains("外县秘密科"));
        // Accounts without a unit and sessions are system-wide; another campaign's accounts are its own.
        var users = await ItemsAsync(inspector, "/api/audit?entity=User");
        Assert.Contains(users, r => r.GetProperty("entityId").GetString() == office1.Id.ToString());
        Assert.DoesNotContain(users, r => r.GetProperty("entityId").GetString() == root.Id.ToString() || r.GetProperty("entityId").GetString() == officeB.Id.ToString());
        Assert.Empty(await ItemsAsync(inspector, "/api/audit?entity=UserSession"));
        Assert.NotEmpty(await ItemsAsync(inspector, $"/api/campaigns/{a}/audit?entity=Unit"));
        Assert.Equal(HttpStatusCode.NotFound, (await inspector.GetAsync($"/api/campaigns/{b}/audit")).StatusCode);

        // The audit admin belongs to no campaign and reads every one, and the system-wide records.
        Assert.Contains(await ItemsAsync(admin, "/api/audit?entity=Unit"), r => r.GetProperty("entityId").GetString() == foreignUnit.ToString());
        var foreign = await ItemsAsync(admin, $"/api/campaigns/{b}/audit");
        Assert.Contains(foreign, r => r.GetProperty("entity").GetString() == "Unit" && r.GetProperty("entityId").GetString() == foreignUnit.ToString());
        Assert.Contains(foreign, r => r.GetProperty("entity").GetString() == "User" && r.GetProperty("entityId").GetString() == officeB.Id.ToString());
        Assert.DoesNotContain(foreign, r => r.GetProperty("entity").GetString() == "User" && r.GetProperty("entityId").GetString() == root.Id.ToString());
        Assert.NotEmpty(await ItemsAsync(admin, "/api/audit?entity=User"));
        Assert.NotEmpty(await ItemsAsync(admin, "/api/audit?entity=RoleDefinition"));

        // The page shows the same scope, and is closed to the office.
        var cookie = await app.CookieClientAsync("inspector1");
        var html = await cookie.GetStringAsync("/system/audit?entity=Unit");
        Assert.DoesNotContain("外县秘密科", html);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.CookieClientAsync("office1")).GetAsync("/system/audit")).StatusCode);
    }

    [Fact]
    public async Task AlsoServesCannotLinkARequirementOfAnIndicatorTheUnitDoesNotHold()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var id = await app.DemoCampaignIdAsync();
        var (held, foreign, unknown) = await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.Where(u => u.CampaignId == id && u.Name == "行政审批科").Select(u => u.Id).SingleAsync();
            var mine = await db.Assignments.Where(a => a.CampaignId == id && a.UnitId == unit).Select(a => a.NodeId).ToListAsync();
            var heldReq = await db.MaterialRequirements.Where(m => mine.Contains(m.NodeId)).OrderByDescending(m => m.Id).Select(m => m.Id).FirstAsync();
            var foreignReq = await db.MaterialRequirements.Where(m => !mine.Contains(m.NodeId)
                    && !db.FrameworkNodes.Any(n => n.Id == m.NodeId && n.ParentId != null && mine.Contains(n.ParentId.Value)))
                .Select(m => m.Id).FirstAsync();
            return (heldReq, foreignReq, await db.MaterialRequirements.MaxAsync(m => m.Id) + 1000);
        });
        var liaison = await app.ApiClientAsync("liaison1");

        var refused = await liaison.PostAsync(Uploads.Url(id), Uploads.Form(Uploads.Pdf, "一文多用.pdf", ("alsoServes", foreign.ToString())));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("所服务的材料要求不存在", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.PostAsync(Uploads.Url(id), Uploads.Form(Uploads.Pdf, "一文多用.pdf", ("alsoServes", unknown.ToString())))).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.EvidenceLinks.CountAsync()));

        var linked = await liaison.PostAsync(Uploads.Url(id), Uploads.Form(Uploads.Pdf, "一文多用.pdf", ("alsoServes", held.ToString())));
        Assert.Equal(HttpStatusCode.Created, linked.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.EvidenceLinks.CountAsync()));
    }

    [Fact]
    public async Task PageFormsWithUnknownOrForeignIdsAnswerNotFound()
    {
        await using var app = new ShifanApp("sqlite");
        var a = await app.DemoCampaignIdAsync();
        var (b, _) = await OtherCampaignAsync(app);
        await app.CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        var office = await app.CookieClientAsync("office1");
        var node = await app.WithDbAsync(db => db.FrameworkNodes.Where(n => n.Kind == Core.Frameworks.NodeKind.Indicator && n.Materials.Any()).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync());
        var tokenPage = $"/campaigns/{a}/indicators/{node}";
        var parentBefore = await app.WithDbAsync(db => db.FrameworkNodes.Where(n => n.Id == node).Select(n => n.ParentId).SingleAsync());

        // A form of the page posted with a target that does not exist.
        var unknown = await ShifanApp.PostFormAsync(office, tokenPage, "move", new() { ["Move.ParentId"] = "999999", ["Move.Position"] = "1" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("目标上级节点不存在", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(parentBefore, await app.WithDbAsync(db => db.FrameworkNodes.Where(n => n.Id == node).Select(n => n.ParentId).SingleAsync()));

        // The evidence form endpoints too (multipart, with the page's token).
        var html = await office.GetStringAsync(tokenPage);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = Uploads.Form(Uploads.Pdf, "替换.pdf", ("nodeId", node.ToString()), ("__RequestVerificationToken", WebUtility.HtmlDecode(token)));
        Assert.Equal(HttpStatusCode.NotFound, (await office.PostAsync($"/campaigns/{a}/evidence/999999/replace", form)).StatusCode);
        var upload = Uploads.Form(Uploads.Pdf, "上传.pdf", ("__RequestVerificationToken", WebUtility.HtmlDecode(token)));
        Assert.Equal(HttpStatusCode.NotFound, (await office.PostAsync($"/campaigns/{b}/indicators/{node}/materials/1/upload", upload)).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.EvidenceItems.CountAsync()));
    }
}
