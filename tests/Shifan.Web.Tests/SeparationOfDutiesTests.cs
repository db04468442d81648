using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Cli;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>
/// 三员分立 (等保2.0 level 3, ADR-028): the system, security and audit administrators each do their own work and nothing of
/// the others'; the operation log is the audit administrator's to read, export and verify, and nobody edits or erases it.
/// </summary>
public class SeparationOfDutiesTests
{
    private static async Task<(int Exit, string Out, string Err)> ShifanAsync(ShifanApp app, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--data", app.DataDirectory, "--database", app.ConnectionString], stdout, new StringReader(""), stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task<JsonElement> ItemsAsync(HttpClient client, string url) => (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("items");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EachAdministratorDoesTheirOwnWorkAndNoneOfTheOthers(string provider)
    {
        await using var app = new ShifanApp(provider);
        var campaign = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.Admin);
        await app.CreateUserAsync("sec1", Roles.SecurityAdmin);
        await app.CreateUserAsync("audit1", Roles.AuditAdmin);
        var admin = await app.ApiClientAsync("root");
        var security = await app.ApiClientAsync("sec1");
        var auditor = await app.ApiClientAsync("audit1");
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == campaign && u.Name == "行政审批科").Select(u => u.Id).SingleAsync());

        // The system admin: organisations and campaigns, no accounts, no log.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/organisations", new { name = "三员测试市", kind = "City" })).StatusCode);
        foreach (var url in new[] { "/api/audit", "/api/audit/export", "/api/audit/verify", $"/api/campaigns/{campaign}/audit", "/api/users", "/api/roles", "/api/sessions" })
            Assert.True((await admin.GetAsync(url)).StatusCode == HttpStatusCode.Forbidden, $"admin GET {url}");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/users", new { userName = "x1", role = Roles.Liaison, unitId = unit })).StatusCode);
        var adminPages = await app.CookieClientAsync("root");
        foreach (var url in new[] { "/system/audit", "/system/audit/export", "/system/users", "/system/roles" })
            Assert.True((await adminPages.GetAsync(url)).StatusCode == HttpStatusCode.Forbidden, $"admin page {url}");
        var adminHome = await adminPages.GetStringAsync("/");
        Assert.Contains("/system/organisations", adminHome);
        Assert.DoesNotContain("href=\"/system/audit\"", adminHome);
        Assert.DoesNotContain("href=\"/system/users\"", adminHome);

        // The security admin: accounts, no campaigns, no log.
        Assert.Equal(HttpStatusCode.Created, (await security.PostAsJsonAsync("/api/users", new { userName = "new-liaison", role = Roles.Liaison, unitId = unit })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await security.GetAsync("/api/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await security.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await security.GetAsync("/api/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await security.PostAsync("/api/campaigns", new MultipartFormDataContent { { new StringContent("安全管理员的活动"), "name" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await security.PostAsJsonAsync("/api/organisations", new { name = "越权市", kind = "City" })).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Organisations.CountAsync(o => o.Name == "越权市")));
        // Nor can they make themselves the auditor.
        var sec1 = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "sec1").Select(u => u.Id).SingleAsync());
        var self = await security.PutAsJsonAsync($"/api/users/{sec1}", new { role = Roles.AuditAdmin });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.True((await self.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal(Roles.SecurityAdmin, await app.WithDbAsync(db => db.Users.Where(u => u.Id == sec1).Select(u => u.Role).SingleAsync()));
        var securityPages = await app.CookieClientAsync("sec1");
        Assert.Equal(HttpStatusCode.Forbidden, (await securityPages.GetAsync("/system/audit")).StatusCode);
        var usersPage = await securityPages.GetStringAsync("/system/users");
        Assert.Contains("href=\"/system/roles\"", usersPage);
        Assert.DoesNotContain("href=\"/system/audit\"", usersPage);

        // The audit admin: the whole log (the others' work included), its export and verification; nothing else.
        var log = await ItemsAsync(auditor, "/api/audit");
        Assert.Contains(log.EnumerateArray(), l => l.GetProperty("actor").GetString() == "sec1" && l.GetProperty("entity").GetString() == "User");
        Assert.Contains(log.EnumerateArray(), l => l.GetProperty("actor").GetString() == "root" && l.GetProperty("entity").GetString() == "Organisation");
        Assert.True((await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean());
        var export = await auditor.GetAsync("/api/audit/export?actor=sec1");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(await export.Content.ReadAsByteArrayAsync()), false))
        {
            var cells = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet!.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
            Assert.True(cells.Count >= 2, "a header and sec1's records");
            Assert.Contains("new-liaison", string.Join(" ", cells.Skip(1).Select(r => r.InnerText)));
        }
        foreach (var url in new[] { "/api/users", "/api/roles", "/api/sessions", "/api/campaigns", "/api/organisations" })
            Assert.True((await auditor.GetAsync(url)).StatusCode == HttpStatusCode.Forbidden, $"auditor GET {url}");
        var auditPages = await app.CookieClientAsync("audit1");
        var page = WebUtility.HtmlDecode(await auditPages.GetStringAsync("/system/audit?actor=sec1"));
        Assert.Contains("href=\"/system/audit/export?actor=sec1\"", page);
        Assert.DoesNotContain("href=\"/system/users\"", page);
        var download = await auditPages.GetAsync("/system/audit/export?actor=sec1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ARoleCombiningTwoAdministratorsRightsIsRefusedOnTheApiAndThePage()
    {
        await using var app = new ShifanApp("sqlite");
        await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("sec1", Roles.SecurityAdmin);
        var security = await app.ApiClientAsync("sec1");

        async Task<(HttpStatusCode Status, string Field, string Message)> Put(string role, IEnumerable<string> permissions)
        {
            var response = await security.PutAsJsonAsync($"/api/roles/{role}", new { permissions, dataScope = "All" });
            if (response.StatusCode != HttpStatusCode.BadRequest) return (response.StatusCode, "", "");
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single();
            return (response.StatusCode, error.Name, error.Value[0].GetString()!);
        }

        // A custom role from the audit admin's template, then given user management as well.
        Assert.Equal(HttpStatusCode.Created, (await security.PostAsJsonAsync("/api/roles", new { role = "auditor2", name = "审计员", template = Roles.AuditAdmin })).StatusCode);
        var mixed = await Put("auditor2", [Permissions.AuditRead, Permissions.UserManage]);
        Assert.Equal((HttpStatusCode.BadRequest, "permissions"), (mixed.Status, mixed.Field));
        Assert.Contains("三员分立", mixed.Message);
        Assert.Contains("审计", mixed.Message);
        Assert.Contains("安全管理", mixed.Message);
        // The system admin may not take back accounts or the log, the office may not read the log again, the security admin may not run campaigns.
        foreach (var (role, permissions) in new (string, IEnumerable<string>)[]
                 {
                     (Roles.Admin, Roles.DefaultPermissions(Roles.Admin).Append(Permissions.UserManage)),
                     (Roles.Admin, Roles.DefaultPermissions(Roles.Admin).Append(Permissions.AuditRead)),
                     (Roles.Office, Roles.DefaultPermissions(Roles.Office).Append(Permissions.AuditRead)),
                     (Roles.SecurityAdmin, Roles.DefaultPermissions(Roles.SecurityAdmin).Append(Permissions.CampaignCreate)),
                     (Roles.AuditAdmin, [Permissions.AuditRead, Permissions.OrganisationManage]),
                 })
        {
            var refused = await Put(role, permissions);
            Assert.True((refused.Status, refused.Field) == (HttpStatusCode.BadRequest, "permissions") && refused.Message.Contains("三员分立"), $"{role}: {refused}");
        }
        // Read-only rights join any group; the audit admin must keep the log.
        Assert.Equal(HttpStatusCode.NoContent, (await Put("auditor2", [Permissions.AuditRead, Permissions.CampaignRead])).Status);
        var blind = await Put(Roles.AuditAdmin, [Permissions.CampaignRead]);
        Assert.Equal((HttpStatusCode.BadRequest, "permissions"), (blind.Status, blind.Field));
        Assert.Contains("审计管理员必须保留", blind.Message);

        // The role page refuses the same edit with the same message.
        var browser = await app.CookieClientAsync("sec1");
        var html = await browser.GetStringAsync("/system/roles");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new FormUrlEncodedContent([
            new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), new("dataScope", "All"),
            new("permissions", Permissions.AuditRead), new("permissions", Permissions.RoleManage),
        ]);
        var posted = await browser.PostAsync("/system/roles/auditor2", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var shown = WebUtility.HtmlDecode(await browser.GetStringAsync(posted.Headers.Location!.OriginalString));
        Assert.Contains("三员分立", shown);

        // Nothing refused was stored: the custom role holds the log and a read right, the built-ins their defaults.
        var stored = await app.WithDbAsync(db => db.RoleDefinitions.AsNoTracking().ToListAsync());
        Assert.Equal([Permissions.CampaignRead, Permissions.AuditRead], Assert.Single(stored).PermissionList.Order());
    }

    [Fact]
    public async Task NoEndpointEditsOrErasesTheLogAndOnlyTheAuditAdminsCommandsReadIt()
    {
        await using var app = new ShifanApp("sqlite");
        await app.DemoCampaignIdAsync();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.Contains("audit", StringComparison.OrdinalIgnoreCase))
            .Select(e => (Raw: e.RoutePattern.RawText!, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [],
                Page: e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null))
            .ToList();
        Assert.True(endpoints.Count >= 5, string.Join(", ", endpoints.Select(e => e.Raw)));
        // Reading only: the API and the download answer GET alone; the page also takes its own form (校验哈希链, which changes nothing).
        foreach (var (raw, methods, page) in endpoints)
            Assert.True(methods.All(m => m == "GET" || page && m == "POST"), $"{string.Join('/', methods)} {raw}");
        var anyWrite = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Any(m => m is "DELETE" or "PUT" or "PATCH"))
            .Select(e => e.RoutePattern.RawText!).Where(r => r.Contains("audit", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(anyWrite);

        // The commands ask the audit service, which checks the acting user's right itself.
        var before = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        var path = Path.Combine(app.DataDirectory, "log.xlsx");
        foreach (var who in new[] { "admin", "secadmin" })
        {
            var export = await ShifanAsync(app, "audit", "export", "--out", path, "--as", who);
            Assert.True(export.Exit != 0, export.Out);
            Assert.Contains("权限", export.Err);
            Assert.False(File.Exists(path));
            Assert.DoesNotContain(Directory.GetFiles(app.DataDirectory), f => f.EndsWith(".tmp"));
            var verify = await ShifanAsync(app, "audit", "verify", "--as", who);
            Assert.True(verify.Exit != 0 && verify.Err.Contains("权限"), verify.Out + verify.Err);
        }
        var allowed = await ShifanAsync(app, "audit", "export", "--out", path, "--as", "auditadmin");
        Assert.True(allowed.Exit == 0, allowed.Err);
        Assert.True(File.Exists(path));
        Assert.Contains("已导出", allowed.Out);
        Assert.Contains("操作日志完好", (await ShifanAsync(app, "audit", "verify", "--as", "auditadmin")).Out);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.CountAsync()) >= before);
    }
}
