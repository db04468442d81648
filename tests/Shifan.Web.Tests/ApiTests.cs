using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;
using Shifan.Features.Frameworks;
using Shifan.Features.Units;
using Shifan.Features.Assignments;

namespace Shifan.Web.Tests;

/// <summary>The JSON API over HTTP, on SQLite and on PostgreSQL.</summary>
public class ApiTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task HealthAndOpenApiAnswerWithoutLoginButTheApiDoesNot(string provider)
    {
        await using var app = new ShifanApp(provider);
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var health = await client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(provider == "postgres" ? "postgresql" : "sqlite", health.GetProperty("database").GetString());

        var openapi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = openapi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/campaigns", out _));
        Assert.True(paths.TryGetProperty("/api/campaigns/{campaignId}/indicators", out _));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/campaigns")).StatusCode);
        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
    }

    /// <summary>
    /// Every operation of the API says in the OpenAPI document what it answers when it succeeds (with the
    /// shape of the body when there is one), and the ProblemDetails answers every caller may meet:
    /// 400 with the field, 401, 403, 404, 409. Untyped results (IResult) describe no success at all.
    /// </summary>
    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryResponseOfEveryOperation()
    {
        await using var app = new ShifanApp("sqlite");
        var openapi = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var missing = new List<string>();
        var operations = 0;
        foreach (var path in openapi.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/")))
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                operations++;
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (!operation.Value.TryGetProperty("responses", out var responses)) { missing.Add($"{name}: no responses"); continue; }
                var codes = responses.EnumerateObject().Select(r => r.Name).ToList();
                var success = responses.EnumerateObject().Where(r => r.Name[0] is '2' or '3').ToList();
                if (success.Count == 0) missing.Add($"{name}: no success response ({string.Join(",", codes)})");
                foreach (var ok in success.Where(r => r.Name is "200" or "201"))
                    if (!ok.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                        missing.Add($"{name}: {ok.Name} without a body description");
                foreach (var problem in new[] { "400", "401", "403", "404", "409" })
                    if (!codes.Contains(problem)) missing.Add($"{name}: no {problem}");
            }
        Assert.True(operations > 100, $"only {operations} operations in the document");
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task LoginIssuesATokenAndMeDescribesTheCaller(string provider)
    {
        await using var app = new ShifanApp(provider);
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var anonymous = app.CreateClient();

        var wrong = await anonymous.PostAsJsonAsync("/api/auth/login", new { userName = "liaison1", password = "wrong-Passw0rd" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("用户名或密码错误", await wrong.Content.ReadAsStringAsync());
        var missing = await anonymous.PostAsJsonAsync("/api/auth/login", new { userName = "liaison1" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("password", await missing.Content.ReadAsStringAsync());

        var client = await app.ApiClientAsync("liaison1");
        var me = await client.GetFromJsonAsync<MeResponse>("/api/me");
        Assert.Equal("liaison1", me!.UserName);
        Assert.Equal("联络人", me.RoleName);
        Assert.Equal(await app.DemoCampaignIdAsync(), me.CampaignId);
        Assert.Contains(Permissions.FrameworkRead, me.Permissions);
        Assert.DoesNotContain(Permissions.FrameworkEdit, me.Permissions);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task OneTimePasswordMustBeChangedBeforeAnythingElse(string provider)
    {
        await using var app = new ShifanApp(provider);
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "admin" && u.MustChangePassword)));
        await app.WithDbAsync(async db =>
        {
            var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
            admin.PasswordHash = AccountService.Hash(admin, "Once-0nly-pass");
            await db.SaveChangesAsync();
            return 0;
        });
        var client = await app.ApiClientAsync("admin", "Once-0nly-pass");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/campaigns")).StatusCode);

        var weak = await client.PostAsJsonAsync("/api/me/password", new { currentPassword = "Once-0nly-pass", newPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("密码长度不能少于8位", await weak.Content.ReadAsStringAsync());
        var ok = await client.PostAsJsonAsync("/api/me/password", new { currentPassword = "Once-0nly-pass", newPassword = "New-Passw0rd-1" });
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);

        var fresh = await app.ApiClientAsync("admin", "New-Passw0rd-1");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/campaigns")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task DemoCampaignIsListedWithItsCounts(string provider)
    {
        await using var app = new ShifanApp(provider);
        var client = await app.OfficeClientAsync();
        var campaigns = await client.GetFromJsonAsync<List<CampaignSummary>>("/api/campaigns");
        var demo = Assert.Single(campaigns!);
        Assert.Equal(93, demo.IndicatorCount);
        Assert.Equal(16, demo.UnitCount);
        Assert.True(demo.AssignmentCount > 150, $"only {demo.AssignmentCount} assignments");

        var overview = await client.GetFromJsonAsync<CampaignOverview>($"/api/campaigns/{demo.Id}");
        Assert.Equal(["动员部署", "全面自查", "整改", "完善提升", "初评", "申报", "验收"], overview!.Stages.Select(s => s.Name));
        Assert.Equal(9, overview.Areas.Count);
        Assert.Equal(0, overview.IndicatorsWithoutLead);
        Assert.Equal(93, overview.Areas.Sum(a => a.Indicators));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task IndicatorsFilterByAreaMethodUnitAndText(string provider)
    {
        await using var app = new ShifanApp(provider);
        var client = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();
        var all = (await client.GetFromJsonAsync<List<NodeSummary>>($"/api/campaigns/{id}/indicators"))!;
        Assert.Equal(93, all.Count(n => n.Kind == "indicator"));

        var interviews = (await client.GetFromJsonAsync<List<NodeSummary>>($"/api/campaigns/{id}/indicators?method={Uri.EscapeDataString("随机访谈")}"))!;
        var leaves = interviews.Where(n => n.Kind == "indicator").ToList();
        Assert.NotEmpty(leaves);
        Assert.True(leaves.Count < 93);
        Assert.All(leaves, n => Assert.Contains("随机访谈", n.Methods));
        Assert.Contains(interviews, n => n.Kind == "area");

        var unitId = await app.WithDbAsync(db => db.Units.Where(u => u.Name == "校外培训监管科").Select(u => u.Id).SingleAsync());
        var byUnit = (await client.GetFromJsonAsync<List<NodeSummary>>($"/api/campaigns/{id}/indicators?unit={unitId}"))!;
        Assert.All(byUnit.Where(n => n.Kind is "indicator" or "item"), n => Assert.Contains("校外培训监管科", n.LeadUnits.Concat(n.ResponsibleUnits)));

        var text = (await client.GetFromJsonAsync<List<NodeSummary>>($"/api/campaigns/{id}/indicators?q={Uri.EscapeDataString("一件事一次办")}"))!;
        Assert.Contains(text, n => n.Code == "1" && n.Kind == "indicator");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EditingANodeIsValidatedAndAudited(string provider)
    {
        await using var app = new ShifanApp(provider);
        var client = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();
        var first = (await client.GetFromJsonAsync<List<NodeSummary>>($"/api/campaigns/{id}/indicators"))!.First(n => n.Kind == "indicator");

        var bad = await client.PutAsJsonAsync($"/api/campaigns/{id}/nodes/{first.Id}", new { code = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("编号不能为空", await bad.Content.ReadAsStringAsync());

        var ok = await client.PutAsJsonAsync($"/api/campaigns/{id}/nodes/{first.Id}", new { text = "政务服务事项网上可办率不低于90%。", methods = new[] { "网络检索材料查证" } });
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        var detail = await client.GetFromJsonAsync<NodeDetail>($"/api/campaigns/{id}/nodes/{first.Id}");
        Assert.Equal("政务服务事项网上可办率不低于90%。", detail!.Text);
        Assert.Equal(["网络检索", "材料查证"], detail.Methods);
        Assert.Contains(detail.Assignees, a => a.Role == "lead" && a.Contacts.Count > 0);

        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "FrameworkNode" && a.Action == "update").ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal("office1", entry.Actor);
        Assert.Contains("网上可办率", entry.Changes);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task MovesRenumbersAndReassigns(string provider)
    {
        await using var app = new ShifanApp(provider);
        var client = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();
        var nodes = (await client.GetFromJsonAsync<List<NodeSummary>>($"/api/campaigns/{id}/indicators"))!;
        var second = nodes.Single(n => n.Kind == "indicator" && n.Code == "2");
        // The imported table has local numbering gaps; renumber once so only the move shows afterwards.
        Assert.True((await (await client.PostAsync($"/api/campaigns/{id}/framework/renumber", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetInt32() > 0);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/campaigns/{id}/nodes/{second.Id}/move", new { delta = -1 })).StatusCode);
        var renumber = await client.PostAsync($"/api/campaigns/{id}/framework/renumber", null);
        Assert.Equal(2, (await renumber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetInt32());
        var moved = await client.GetFromJsonAsync<NodeDetail>($"/api/campaigns/{id}/nodes/{second.Id}");
        Assert.Equal("1", moved!.Code);

        var group = nodes.First(n => n.Kind == "group");
        var illegal = await client.PostAsJsonAsync($"/api/campaigns/{id}/nodes/{second.Id}/move", new { parentId = nodes.First(n => n.Kind == "item").Id, position = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, illegal.StatusCode);
        Assert.Contains("子项下不能放置三级指标", await illegal.Content.ReadAsStringAsync());

        var unitId = await app.WithDbAsync(db => db.Units.Where(u => u.Name == "财审科").Select(u => u.Id).SingleAsync());
        var toGroup = await client.PostAsJsonAsync($"/api/campaigns/{id}/assignments", new { nodeId = group.Id, unitId, role = "lead" });
        Assert.Equal(HttpStatusCode.BadRequest, toGroup.StatusCode);
        var assigned = await client.PostAsJsonAsync($"/api/campaigns/{id}/assignments", new { nodeId = second.Id, unitId, role = "responsible", deadline = "2026-12-31" });
        Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        var list = (await client.GetFromJsonAsync<List<AssignmentView>>($"/api/campaigns/{id}/assignments?unitId={unitId}"))!;
        var a = Assert.Single(list, x => x.NodeId == second.Id);
        Assert.Equal(new DateOnly(2026, 12, 31), a.Deadline);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/campaigns/{id}/assignments/{a.Id}")).StatusCode);
        Assert.DoesNotContain((await client.GetFromJsonAsync<List<AssignmentView>>($"/api/campaigns/{id}/assignments?unitId={unitId}"))!, x => x.NodeId == second.Id);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UnitsAreEditedWithChineseErrors(string provider)
    {
        await using var app = new ShifanApp(provider);
        var client = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();
        var page = await client.GetFromJsonAsync<Paged<UnitRow>>($"/api/campaigns/{id}/units?pageSize=5&page=2");
        Assert.Equal(16, page!.Total);
        Assert.Equal(5, page.Items.Count);

        var dup = await client.PostAsJsonAsync($"/api/campaigns/{id}/units", new { name = "财审科" });
        Assert.Equal(HttpStatusCode.BadRequest, dup.StatusCode);
        Assert.Contains("已存在", await dup.Content.ReadAsStringAsync());
        var empty = await client.PostAsJsonAsync($"/api/campaigns/{id}/units", new { name = " " });
        Assert.Contains("name", await empty.Content.ReadAsStringAsync());

        var created = await client.PostAsJsonAsync($"/api/campaigns/{id}/units", new { name = "市司法局", kind = "OutsideBody" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var newId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var office = page.Items.Concat((await client.GetFromJsonAsync<Paged<UnitRow>>($"/api/campaigns/{id}/units?pageSize=50"))!.Items).First(u => u.Kind == "创建办公室");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/campaigns/{id}/units/{office.Id}", new { name = office.Name, parentId = (int?)null })).StatusCode);
        var under = await client.PutAsJsonAsync($"/api/campaigns/{id}/units/{newId}", new { name = "市司法局", parentId = office.Id });
        Assert.Equal(HttpStatusCode.NoContent, under.StatusCode);
        var cycle = await client.PutAsJsonAsync($"/api/campaigns/{id}/units/{office.Id}", new { name = office.Name, parentId = newId });
        Assert.Contains("自己的下级", await cycle.Content.ReadAsStringAsync());

        var badMail = await client.PostAsJsonAsync($"/api/campaigns/{id}/units/{newId}/contacts", new { name = "张三", email = "not-an-email" });
        Assert.Contains("电子邮箱格式不正确", await badMail.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/campaigns/{id}/units/{newId}/contacts", new { name = "张三", phone = "6633112", email = "fzzfcjb@163.com" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/campaigns/{id}/units/{newId}")).StatusCode);
        var stage = (await client.GetFromJsonAsync<CampaignOverview>($"/api/campaigns/{id}"))!.Stages[0];
        var badStage = await client.PutAsJsonAsync($"/api/campaigns/{id}/stages/{stage.Id}", new { startsOn = "2026-05-01", deadline = "2026-04-01" });
        Assert.Contains("阶段截止日期不能早于开始日期", await badStage.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CallersOnlyReachWhatTheirRoleAndCampaignAllow(string provider)
    {
        await using var app = new ShifanApp(provider);
        var id = await app.DemoCampaignIdAsync();
        var otherId = await app.WithDbAsync(async db =>
        {
            var c = new Core.Campaigns.Campaign { Name = "另一个县的创建", Region = "另一个县", FrameworkId = db.Campaigns.First().FrameworkId, CreatedAt = DateTimeOffset.UtcNow, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 1) };
            db.Campaigns.Add(c);
            await db.SaveChangesAsync();
            db.Units.Add(new Core.Units.Unit { CampaignId = c.Id, Name = "外县司法局" });
            await db.SaveChangesAsync();
            return c.Id;
        });
        var office = await app.OfficeClientAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        var node = (await liaison.GetFromJsonAsync<List<NodeSummary>>($"/api/campaigns/{id}/indicators"))!.First(n => n.Kind == "indicator");

        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PutAsJsonAsync($"/api/campaigns/{id}/nodes/{node.Id}", new { text = "改" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PostAsJsonAsync($"/api/campaigns/{id}/units", new { name = "新单位" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PostAsync($"/api/campaigns/{id}/framework/renumber", null)).StatusCode);

        foreach (var client in new[] { office, liaison })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/campaigns/{otherId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/campaigns/{otherId}/indicators")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/campaigns/{otherId}/units")).StatusCode);
            Assert.DoesNotContain((await client.GetFromJsonAsync<List<CampaignSummary>>("/api/campaigns"))!, c => c.Id == otherId);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await office.PutAsJsonAsync($"/api/campaigns/{otherId}/nodes/{node.Id}", new { text = "越权修改" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"/api/campaigns/{id}/nodes/999999")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AdoptingANewFrameworkVersionKeepsAssignmentsOfUnchangedIndicators(string provider)
    {
        await using var app = new ShifanApp(provider);
        var client = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();
        var json = await client.GetStringAsync($"/api/campaigns/{id}/framework");
        var file = Documents.Frameworks.FrameworkJson.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Contains("政务服务和大数据管理局", json);
        var indicator1 = file.AllNodes().First(n => n.Kind == "indicator" && n.Code == "1");
        indicator1.Text += "网上可办率不低于90%。";
        var area = file.Nodes.First(n => n.Kind == "area");
        var group = area.Children.First();
        group.Children.Remove(group.Children.First(n => n.Code == "2"));
        var body = new StringContent(Documents.Frameworks.FrameworkJson.Write(file), System.Text.Encoding.UTF8, "application/json");

        var diff = await (await client.PostAsync($"/api/campaigns/{id}/framework/diff", body)).Content.ReadFromJsonAsync<List<JsonElement>>();
        Assert.Contains(diff!, c => c.GetProperty("kind").GetString() == "changed" && c.GetProperty("key").GetString() == "indicator:1");
        Assert.Contains(diff!, c => c.GetProperty("kind").GetString() == "removed" && c.GetProperty("key").GetString() == "indicator:2");
        Assert.Equal(2, diff!.Count);

        var before = await app.WithDbAsync(db => db.Assignments.CountAsync());
        var removedAssignments = await app.WithDbAsync(db => db.Assignments.CountAsync(a => db.FrameworkNodes.Any(n => n.Id == a.NodeId && n.Code == "2" && n.Kind == Core.Frameworks.NodeKind.Indicator)));
        var adopt = await (await client.PostAsync($"/api/campaigns/{id}/framework/adopt", new StringContent(Documents.Frameworks.FrameworkJson.Write(file), System.Text.Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, adopt.GetProperty("version").GetInt32());
        Assert.Equal(removedAssignments, adopt.GetProperty("dropped").GetInt32());
        Assert.Equal(before - removedAssignments, adopt.GetProperty("kept").GetInt32());
        var summary = (await client.GetFromJsonAsync<List<CampaignSummary>>("/api/campaigns"))!.Single();
        Assert.Equal(92, summary.IndicatorCount);
        Assert.Equal(2, summary.FrameworkVersion);

        var garbage = await client.PostAsync($"/api/campaigns/{id}/framework/diff", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        var garbageBody = await garbage.Content.ReadAsStringAsync();
        Assert.Contains("JSON格式错误", garbageBody);
        Assert.True(JsonDocument.Parse(garbageBody).RootElement.GetProperty("errors").TryGetProperty("body", out _), garbageBody);
    }
}
