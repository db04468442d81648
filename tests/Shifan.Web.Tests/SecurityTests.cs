using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Shifan.Cli;
using Shifan.Core.Users;
using Shifan.Features.Users;

namespace Shifan.Web.Tests;

public class SecurityTests
{
    private static async Task<(int Exit, string Out, string Err)> Shifan(ShifanApp app, string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--data", app.DataDirectory, "--database", app.ConnectionString], stdout, new StringReader(stdin), stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static Task<HttpResponseMessage> Login(HttpClient c, string user, string password) =>
        c.PostAsJsonAsync("/api/auth/login", new { userName = user, password });

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountAndEveryAttemptIsLogged()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var client = app.CreateClient();
        for (var i = 1; i <= 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await Login(client, "liaison1", "Wrong-Pass" + i)).StatusCode);
        var fifth = await Login(client, "liaison1", "Wrong-Pass5");
        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        Assert.Contains("锁定15分钟", await fifth.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Locked, (await Login(client, "liaison1", ShifanApp.Password)).StatusCode);

        var log = await app.WithDbAsync(db => db.LoginRecords.Where(r => r.UserName == "liaison1").OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(6, log.Count);
        Assert.All(log, r => Assert.False(r.Success));
        Assert.Equal("LockedOut", log[^1].Result);

        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        var admin = await app.ApiClientAsync("root");
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "liaison1").Select(u => u.Id).SingleAsync());
        var reset = await (await admin.PostAsync($"/api/users/{id}/reset-password", null)).Content.ReadFromJsonAsync<JsonElement>();
        var oneTime = reset.GetProperty("oneTimePassword").GetString()!;
        var after = await Login(client, "liaison1", oneTime);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.True((await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mustChangePassword").GetBoolean());
    }

    [Fact]
    public async Task ForcedLogoutAndIdleTimeoutEndApiSessions()
    {
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:IdleTimeout"] = "00:00:04" });
        var office = await app.OfficeClientAsync();
        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        var admin = await app.ApiClientAsync("root");
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/api/me")).StatusCode);

        var sessions = (await admin.GetFromJsonAsync<List<UserSession>>("/api/sessions"))!;
        var target = Assert.Single(sessions, s => s.UserName == "office1");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/sessions/{target.Id}")).StatusCode);
        var refused = await office.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("强制下线", await refused.Content.ReadAsStringAsync());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Entity == "UserSession" && a.Action == "update" && a.Actor == "root")));

        var idle = await app.ApiClientAsync("office1");
        Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("/api/me")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await idle.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AuditVerifyReportsTheTamperedRecord(string provider)
    {
        await using var app = new ShifanApp(provider);
        var client = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/campaigns/{id}/units", new { name = "新设科室" })).StatusCode);

        var clean = await Shifan(app, "", "audit", "verify");
        Assert.Equal(0, clean.Exit);
        Assert.Contains("操作日志完好", clean.Out);

        var victim = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "Unit" && a.Action == "create").OrderByDescending(a => a.Id).Select(a => a.Id).FirstAsync());
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            provider == "postgres" ? "UPDATE \"AuditEntries\" SET \"Changes\" = '{{}}' WHERE \"Id\" = {0}" : "UPDATE AuditEntries SET Changes = '{{}}' WHERE Id = {0}", victim));
        var broken = await Shifan(app, "", "audit", "verify");
        Assert.Equal(1, broken.Exit);
        Assert.Contains($"第 {victim} 条记录处断开", broken.Out);

        await app.CreateUserAsync("auditor1", Roles.AuditAdmin);
        var auditor = await app.ApiClientAsync("auditor1");
        var report = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.False(report.GetProperty("intact").GetBoolean());
        Assert.Equal(victim, report.GetProperty("firstBrokenId").GetInt64());
    }

    [Fact]
    public async Task AuditExportWritesAWorkbookOfTheRecords()
    {
        await using var app = new ShifanApp("sqlite");
        await app.DemoCampaignIdAsync();
        var path = Path.Combine(app.DataDirectory, "audit.xlsx");
        var run = await Shifan(app, "", "audit", "export", "--from", "2000-01-01", "--out", path);
        Assert.Equal(0, run.Exit);
        var count = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        Assert.Contains($"已导出 {count} 条", run.Out);
        using var doc = SpreadsheetDocument.Open(path, false);
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet!.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count();
        Assert.Equal(count + 1, rows);
        Assert.Equal(2, (await Shifan(app, "", "audit", "export", "--from", "yesterday", "--out", path)).Exit);
    }

    [Fact]
    public async Task UserAddCommandCreatesAnAccountThatCanSignIn()
    {
        await using var app = new ShifanApp("sqlite");
        await app.DemoCampaignIdAsync();
        var bad = await Shifan(app, "Strong-Passw0rd\n", "user", "add", "zhang.san", "--role", "boss", "--unit", "行政审批科");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("角色须为", bad.Err);
        var noUnit = await Shifan(app, "Strong-Passw0rd\n", "user", "add", "zhang.san", "--role", "liaison", "--unit", "不存在的科");
        Assert.Contains("单位“不存在的科”不存在", noUnit.Err);
        var ok = await Shifan(app, "Strong-Passw0rd\n", "user", "add", "zhang.san", "--role", "liaison", "--unit", "行政审批科");
        Assert.Equal(0, ok.Exit);
        var client = await app.ApiClientAsync("zhang.san", "Strong-Passw0rd");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("liaison", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task OnlyTheSecurityAdminManagesUsersAndNewAccountsGetAOneTimePassword()
    {
        await using var app = new ShifanApp("sqlite");
        var office = await app.OfficeClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync("/api/users", new { userName = "x1", role = "admin" })).StatusCode);
        await app.CreateUserAsync("sysadmin", Roles.Admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ApiClientAsync("sysadmin")).PostAsJsonAsync("/api/users", new { userName = "x1", role = "admin" })).StatusCode);
        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        var admin = await app.ApiClientAsync("root");
        var unitId = await app.WithDbAsync(db => db.Units.Where(u => u.Name == "财审科").Select(u => u.Id).SingleAsync());
        var bad = await admin.PostAsJsonAsync("/api/users", new { userName = "坏 名字", role = "liaison", unitId });
        Assert.Contains("用户名须为", await bad.Content.ReadAsStringAsync());
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "caishen", role = "liaison", unitId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var password = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;
        Assert.Null(AccountRules(password));
        var newcomer = await app.ApiClientAsync("caishen", password);
        Assert.Equal(HttpStatusCode.Forbidden, (await newcomer.GetAsync("/api/campaigns")).StatusCode);
        var list = await admin.GetFromJsonAsync<global::Shifan.Features.Units.Paged<UserRow>>("/api/users?q=caishen");
        Assert.Equal("财审科", Assert.Single(list!.Items).UnitName);
    }

    private static string? AccountRules(string password) => new global::Shifan.Features.Account.PasswordPolicy().Check(password, "caishen");

    [Fact]
    public async Task UnitHeadsEditTheirOwnUnitsContactsOnlyAndReviewersSeeOnlyGrantedCampaigns()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("head1", Roles.UnitHead, "行政审批科");
        var head = await app.ApiClientAsync("head1");
        var own = await app.WithDbAsync(db => db.Units.Where(u => u.Name == "行政审批科").Select(u => u.Id).SingleAsync());
        var other = await app.WithDbAsync(db => db.Units.Where(u => u.Name == "财审科").Select(u => u.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await head.PostAsJsonAsync($"/api/campaigns/{id}/units/{own}/contacts", new { name = "新联络人", phone = "13900000000" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await head.PostAsJsonAsync($"/api/campaigns/{id}/units/{other}/contacts", new { name = "越权" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await head.PutAsJsonAsync($"/api/campaigns/{id}/units/{own}", new { name = "改名" })).StatusCode);

        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        var admin = await app.ApiClientAsync("root");
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "evaluator", role = "reviewer", reviewCampaigns = new[] { id }, password = "Review-Passw0rd" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await admin.PostAsJsonAsync("/api/users", new { userName = "evaluator2", role = "reviewer", password = "Review-Passw0rd" });
        var reviewer = await app.ApiClientAsync("evaluator", "Review-Passw0rd");
        Assert.Single((await reviewer.GetFromJsonAsync<List<global::Shifan.Features.Campaigns.CampaignSummary>>("/api/campaigns"))!);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/api/campaigns/{id}/indicators")).StatusCode);
        var ungranted = await app.ApiClientAsync("evaluator2", "Review-Passw0rd");
        Assert.Empty((await ungranted.GetFromJsonAsync<List<global::Shifan.Features.Campaigns.CampaignSummary>>("/api/campaigns"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await ungranted.GetAsync($"/api/campaigns/{id}/indicators")).StatusCode);
    }
}
