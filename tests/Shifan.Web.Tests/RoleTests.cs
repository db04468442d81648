using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Features.Evidence;
using Shifan.Features.RoleSettings;

using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>Editable role permissions and data scopes, applied at once to signed-in users and audited.</summary>
public class RoleTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ChangingARoleAppliesToSignedInUsersAtOnceAndIsAudited(string provider)
    {
        await using var app = new ShifanApp(provider);
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var admin = await app.ApiClientAsync("root");
        var liaison = await app.ApiClientAsync("liaison1");
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(Pdf, "a.pdf"))).StatusCode);

        var roles = (await admin.GetFromJsonAsync<List<RoleView>>("/api/roles"))!;
        var liaisonRole = roles.Single(r => r.Role == Roles.Liaison);
        Assert.Contains(Permissions.EvidenceUpload, liaisonRole.Permissions);
        Assert.Equal("OwnUnit", liaisonRole.DataScope);
        Assert.False(liaisonRole.Customised);
        Assert.Equal(1, liaisonRole.Users);

        var readOnly = liaisonRole.Permissions.Where(p => p != Permissions.EvidenceUpload && p != Permissions.EvidenceDelete).ToList();
        var put = await admin.PutAsJsonAsync($"/api/roles/{Roles.Liaison}", new { permissions = readOnly, dataScope = "OwnUnit" });
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

        // The same token, no new sign-in: the upload right is gone, reading still works.
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PostAsync(Url(id), Form(Pdf, "b.pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await liaison.GetAsync($"/api/campaigns/{id}/evidence")).StatusCode);
        var me = await liaison.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.DoesNotContain(me.GetProperty("permissions").EnumerateArray(), p => p.GetString() == Permissions.EvidenceUpload);

        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == nameof(RoleDefinition)).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal("root", entry.Actor);
        Assert.Contains(Permissions.EvidenceRead, entry.Changes);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/roles/{Roles.Liaison}/reset", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(Pdf, "c.pdf"))).StatusCode);
        Assert.False((await admin.GetFromJsonAsync<List<RoleView>>("/api/roles"))!.Single(r => r.Role == Roles.Liaison).Customised);
    }

    [Fact]
    public async Task BadRoleEditsAreRefusedNamingTheField()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        await app.CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        var admin = await app.ApiClientAsync("root");

        async Task<(HttpStatusCode Status, string Field, string Message)> Put(string role, object body)
        {
            var response = await admin.PutAsJsonAsync($"/api/roles/{role}", body);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            var errors = json.GetProperty("errors").EnumerateObject().Single();
            return (response.StatusCode, errors.Name, errors.Value[0].GetString()!);
        }

        var unknown = await Put(Roles.Liaison, new { permissions = new[] { Permissions.EvidenceRead, "evidence:item:steal" }, dataScope = "OwnUnit" });
        Assert.Equal((HttpStatusCode.BadRequest, "permissions"), (unknown.Status, unknown.Field));
        Assert.Contains("evidence:item:steal", unknown.Message);

        var scope = await Put(Roles.Liaison, new { permissions = new[] { Permissions.EvidenceRead }, dataScope = "Everything" });
        Assert.Equal((HttpStatusCode.BadRequest, "dataScope"), (scope.Status, scope.Field));
        Assert.Contains("数据范围", scope.Message);

        var lockout = await Put(Roles.SecurityAdmin, new { permissions = new[] { Permissions.UserManage }, dataScope = "All" });
        Assert.Equal((HttpStatusCode.BadRequest, "permissions"), (lockout.Status, lockout.Field));
        Assert.Contains("管理角色权限", lockout.Message);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/roles/superuser", new { permissions = Array.Empty<string>(), dataScope = "All" })).StatusCode);
        // Nothing was stored by the refused edits, and the office may not edit roles at all.
        Assert.Equal(0, await app.WithDbAsync(db => db.RoleDefinitions.CountAsync()));
        var office = await app.ApiClientAsync("office1");
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PutAsJsonAsync($"/api/roles/{Roles.Office}", new { permissions = Roles.DefaultPermissions(Roles.Admin), dataScope = "All" })).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task OwnRecordsScopeHidesColleaguesUploadsInTheSameUnit(string provider)
    {
        await using var app = new ShifanApp(provider);
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        await app.CreateUserAsync("liaison1b", Roles.Liaison, "行政审批科");
        var admin = await app.ApiClientAsync("root");
        var first = await app.ApiClientAsync("liaison1");
        var second = await app.ApiClientAsync("liaison1b");
        var created = await first.PostAsync(Url(id), Form(Pdf, "本人上传.pdf"));
        var itemId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // Own unit (the default): colleagues in the same unit see each other's material.
        Assert.Contains((await second.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!, e => e.Id == itemId);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/roles/{Roles.Liaison}",
            new { permissions = Roles.DefaultPermissions(Roles.Liaison), dataScope = "OwnRecords" })).StatusCode);
        Assert.DoesNotContain((await second.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!, e => e.Id == itemId);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/api/campaigns/{id}/evidence/{itemId}/file")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.DeleteAsync($"/api/campaigns/{id}/evidence/{itemId}")).StatusCode);
        // The uploader still has it, and can still upload to their unit's indicators.
        Assert.Contains((await first.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!, e => e.Id == itemId);
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsync(Url(id), Form(Pdf, "同事上传.pdf"))).StatusCode);
        Assert.Single((await second.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!);
    }
}
