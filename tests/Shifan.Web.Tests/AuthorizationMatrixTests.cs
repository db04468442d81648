using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Core.Users;
using Shifan.Documents.Frameworks;
using Shifan.TestSupport;

namespace Shifan.Web.Tests;

/// <summary>
/// Every /api endpoint, called by every role, against objects inside and outside the caller's scope.
/// A missing permission must answer 403, an object outside the scope 404, and nothing refused may
/// ever succeed. New endpoints are picked up from the routing table automatically.
/// </summary>
public class AuthorizationMatrixTests
{
    private sealed record Caller(string Name, string Role, HttpClient Client, int? Campaign, string? Unit);

    private sealed record Scene(int Campaign, int Node, int Unit, int Stage, int Material, int Assignment, int Contact, string Token,
        string IndicatorCode, int MaterialNo, int Evidence, int Explanation = 0, string Upload = "", int Review = 0, int Reason = 0, int Period = 0, int Bulletin = 0, int Report = 0, int Problem = 0, int Grant = 0);

    private static readonly string[] Open = ["api/auth/login", "api/me", "api/me/password"];

    [Fact]
    public async Task NoRoleReachesWhatItShouldNot()
    {
        // Every caller signs in twice (token and cookie): more than the default 20 sign-ins a minute from one address.
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:LoginAttemptsPerMinute"] = "100" });
        var a = await app.DemoCampaignIdAsync();
        var b = await CreateOtherCampaignAsync(app);

        await app.CreateUserAsync("root", Roles.Admin);
        await app.CreateUserAsync("sec1", Roles.SecurityAdmin);
        await app.CreateUserAsync("audit1", Roles.AuditAdmin);
        await app.CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        await app.CreateUserAsync("head1", Roles.UnitHead, "行政审批科");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        await app.CreateUserAsync("leader1", Roles.Leader, "示范创建工作领导小组办公室");
        await app.CreateUserAsync("rev1", Roles.Reviewer);
        await app.CreateUserAsync("rev2", Roles.Reviewer);
        await app.CreateUserAsync("officeB", Roles.Office, "外县司法局", b);
        await app.CreateUserAsync("victim", Roles.Liaison, "财审科");
        // Evaluators: eval1 holds a grant on each campaign's freeze 1 (see the scene); eval2 holds none.
        await app.CreateUserAsync("eval1", Roles.Evaluator);
        await app.CreateUserAsync("eval2", Roles.Evaluator);
        await app.WithDbAsync(async db =>
        {
            var rev = await db.Users.SingleAsync(u => u.UserName == "rev1");
            db.ReviewerGrants.Add(new ReviewerGrant { UserId = rev.Id, CampaignId = a });
            return await db.SaveChangesAsync();
        });
        var callers = new List<Caller>();
        foreach (var (name, role, campaign, unit) in new (string, string, int?, string?)[]
                 {
                     ("rev2", Roles.Reviewer, null, null), ("leader1", Roles.Leader, a, null), ("liaison1", Roles.Liaison, a, "行政审批科"),
                     ("rev1", Roles.Reviewer, a, null), ("head1", Roles.UnitHead, a, "行政审批科"), ("officeB", Roles.Office, b, null),
                     ("root", Roles.Admin, null, null), ("office1", Roles.Office, a, null),
                     ("sec1", Roles.SecurityAdmin, null, null), ("audit1", Roles.AuditAdmin, null, null),
                     ("eval1", Roles.Evaluator, null, null), ("eval2", Roles.Evaluator, null, null),
                 })
            callers.Add(new Caller(name, role, await app.ApiClientAsync(name), campaign, unit));
        var victimClient = await app.ApiClientAsync("victim");
        _ = await victimClient.GetAsync("/api/me");

        var scenes = new Dictionary<int, Scene>
        {
            [a] = await SceneAsync(app, a, callers.Single(c => c.Name == "office1").Client),
            [b] = await SceneAsync(app, b, callers.Single(c => c.Name == "officeB").Client),
        };
        var victimId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "victim").Select(u => u.Id).SingleAsync());
        var victimSession = await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserName == "victim").Select(s => s.Id).FirstAsync());
        // Somebody else's notification: every caller must hear 404 for it, whatever their role.
        await app.Services.GetRequiredService<Shifan.Features.Notifications.INotifier>().NotifyAsync([victimId],
            new Shifan.Features.Notifications.NotificationMessage(Core.Notifications.NotificationKind.Notice, a, "只给受害者的通知", "", null, "matrix:victim"));
        var victimNotification = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == victimId).Select(n => n.Id).SingleAsync());
        // A second role of the victim's (兼任), to take back.
        var victimRoleGrant = await app.WithDbAsync(async db =>
        {
            var g = new RoleGrant { UserId = victimId, Role = Roles.Leader, CampaignId = await db.Campaigns.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(), CreatedAt = DateTimeOffset.UtcNow };
            db.RoleGrants.Add(g);
            await db.SaveChangesAsync();
            return g.Id;
        });
        // The demo's province: in use, so the admin's delete is refused (409) and the tree stays whole for later calls.
        var organisation = await app.WithDbAsync(db => db.Organisations.Where(o => o.ParentId == null).Select(o => o.Id).FirstAsync());

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("api/") && !Open.Contains(raw.TrimStart('/').TrimEnd('/')))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Endpoint: e, Method: m)))
            // Calls that change what later calls address go last: deletions of the deepest objects
            // first, then the calls that replace the framework or a user's password.
            .OrderBy(x => x.Method == "DELETE" ? 1 : Regex.IsMatch(x.Endpoint.RoutePattern.RawText!, "adopt|commit|reset-password|reset-second-factor") ? 2 : 0)
            .ThenBy(x => x.Method != "DELETE" ? 0 : Regex.IsMatch(x.Endpoint.RoutePattern.RawText!, "materials|contacts") ? 0 : x.Endpoint.RoutePattern.RawText!.Contains("assignments") ? 1 : 2)
            .ToList();
        Assert.True(endpoints.Count >= 35, $"only {endpoints.Count} endpoints found");

        var failures = new List<string>();
        var calls = 0;
        foreach (var (endpoint, method) in endpoints)
        {
            var raw = endpoint.RoutePattern.RawText!.TrimStart('/');
            var permission = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(d => d.Policy).LastOrDefault(p => p is not null && p.Contains(':'));
            Assert.False(permission is null, $"{method} /{raw} names no permission");
            var campaignScoped = raw.Contains("{campaignId");
            var destructive = method == "DELETE" || Regex.IsMatch(raw, "adopt|commit|reset-password|reset-second-factor");
            var allowedSeen = false;
            foreach (var target in campaignScoped ? new[] { b, a } : [a])
            {
                var scene = scenes[target];
                // Refused callers first, so a destructive call by an allowed one cannot hide a refusal.
                foreach (var caller in callers.OrderBy(c => Expect(c, permission!, raw, target, campaignScoped, method) == "allowed" ? 1 : 0))
                {
                    var expected = Expect(caller, permission!, raw, target, campaignScoped, method);
                    var path = "/" + Regex.Replace(raw, @"\{(\w+)(:\w+)?\}", m => m.Groups[1].Value switch
                    {
                        "campaignId" => scene.Campaign.ToString(),
                        "nodeId" => scene.Node.ToString(),
                        "unitId" => scene.Unit.ToString(),
                        "stageId" => scene.Stage.ToString(),
                        "materialId" => scene.Material.ToString(),
                        "assignmentId" => scene.Assignment.ToString(),
                        "contactId" => scene.Contact.ToString(),
                        "token" => scene.Token,
                        "uploadId" => scene.Upload,
                        "indicatorCode" => scene.IndicatorCode,
                        "materialNo" => scene.MaterialNo.ToString(),
                        "itemId" => (raw.EndsWith("/docx") ? scene.Explanation : scene.Evidence).ToString(),
                        "userId" => victimId.ToString(),
                        "reviewId" => scene.Review.ToString(),
                        "reasonId" => scene.Reason.ToString(),
                        "sessionId" => victimSession,
                        "notificationId" => victimNotification.ToString(),
                        "role" => Roles.Leader,
                        "periodId" => scene.Period.ToString(),
                        "organisationId" => organisation.ToString(),
                        "freezeNo" => "1",
                        "bulletinId" => scene.Bulletin.ToString(),
                        "reportId" => scene.Report.ToString(),
                        "problemId" => scene.Problem.ToString(),
                        "grantId" => scene.Grant.ToString(),
                        "roleGrantId" => victimRoleGrant.ToString(),
                        "fileNo" => "1",
                        var other => throw new InvalidOperationException($"no test value for route parameter {{{other}}} in /{raw}"),
                    });
                    if (raw.EndsWith("nodes") && raw.Contains("import")) path += "?path=0/0/0";
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method is "POST" or "PUT")
                        request.Content = raw.EndsWith("framework/import/") || raw.EndsWith("framework/import") || raw.EndsWith("/evidence") || raw.EndsWith("/versions")
                            ? Upload() : new StringContent("{}", Encoding.UTF8, "application/json");
                    var response = await caller.Client.SendAsync(request);
                    calls++;
                    var status = (int)response.StatusCode;
                    var ok = expected switch
                    {
                        "403" => status == 403,
                        "404" => status == 404,
                        _ => status is not (401 or 403 or 500) && (status != 404 || allowedSeen && destructive),
                    };
                    if (expected == "allowed" && status is >= 200 and < 300) allowedSeen = true;
                    if (!ok) failures.Add($"{caller.Name} ({caller.Role}) {method} {path} → {status}, expected {expected}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls broke the rules:\n" + string.Join("\n", failures));
        Assert.True(calls > 400, $"only {calls} calls made");

        // With the browser's cookie instead of a token, no endpoint acts without the page's intent header (ADR-011).
        await app.CreateUserAsync("rootcookie", Roles.Admin);
        var cookie = await app.CookieClientAsync("rootcookie");
        foreach (var (endpoint, method) in endpoints)
        {
            var path = "/" + Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), @"\{(\w+)(:\w+)?\}", "1");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("Sec-Fetch-Site", "same-site");
            if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await cookie.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden || !(await response.Content.ReadAsStringAsync()).Contains("请求未经本系统页面发起"))
                failures.Add($"cookie without intent {method} {path} → {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The second factor's page endpoints and forms: the QR code only ever shows the caller's own pending
        // secret; the users page's reset and the role form need their permissions (ADR-014).
        foreach (var caller in callers)
        {
            var browser = await app.CookieClientAsync(caller.Name);
            var qr = await browser.GetAsync("/account/second-factor/qr");
            if (qr.StatusCode != HttpStatusCode.NotFound) failures.Add($"{caller.Name} GET qr without enrolment → {(int)qr.StatusCode}");
            // 三员分立: accounts and roles are the security admin's alone.
            var admin = caller.Role == Roles.SecurityAdmin;
            var reset = await ShifanApp.PostFormAsync(browser, "/system/users", $"reset-2fa-{victimId}", [], tokenFrom: "/account/password");
            // The security admin is let in (the victim has no factor, so the page renders no such form: 400); everyone else is refused first.
            if (admin ? reset.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.InternalServerError : reset.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{caller.Name} ({caller.Role}) reset-2fa form → {(int)reset.StatusCode}");
            var role = await ShifanApp.PostFormAsync(browser, "/system/roles/reviewer", "", new() { ["dataScope"] = "All", ["permissions"] = Permissions.CampaignRead, ["requireSecondFactor"] = "true" }, tokenFrom: "/account/password");
            if ((int)role.StatusCode != (admin ? 302 : 403)) failures.Add($"{caller.Name} ({caller.Role}) role form → {(int)role.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>What a caller must get: "403" without the permission, "404" outside the scope, else "allowed".</summary>
    private static string Expect(Caller c, string permission, string raw, int target, bool campaignScoped, string method)
    {
        // One's own notifications need only a sign-in; another user's notification does not exist for the caller.
        if (permission == Shifan.Features.Notifications.NotificationEndpoints.OwnPolicy) return raw.Contains("{notificationId") ? "404" : "allowed";
        if (!Roles.DefaultPermissions(c.Role).Contains(permission)) return "403";
        // An evaluator reaches only their own grant (the scene's grants are eval1's), never through a campaign.
        if (permission == Permissions.PackageGrantRead) return raw.Contains("{grantId") && c.Name != "eval1" ? "404" : "allowed";
        // The system admin reaches every campaign, and the audit admin every campaign's log.
        if (campaignScoped && c.Role is not (Roles.Admin or Roles.AuditAdmin) && c.Campaign != target) return "404";
        // A unit head edits contacts of their own unit only; the scene's unit is another one.
        if (permission == Permissions.UnitContactEdit && c.Role == Roles.UnitHead) return "404";
        // An import preview belongs to the user who uploaded it (the office of that campaign).
        if (raw.Contains("{token}") && c.Role == Roles.Admin) return "404";
        // So does a resumable upload.
        if (raw.Contains("{uploadId}") && c.Role != Roles.Office) return "404";
        // A ledger of the scene's unit (not the liaison's or the head's own unit) is out of their scope.
        if (raw.Contains("ledgers/periods/{periodId") && raw.Contains("{unitId") && c.Role is Roles.Liaison or Roles.UnitHead) return "404";
        // The scene's problem is owned by the scene's unit, outside the liaison's and the head's scope.
        if (raw.Contains("{problemId") && c.Role is Roles.Liaison or Roles.UnitHead) return "404";
        // The scene's evidence belongs to the office's unit: other units' people cannot reach it, except that
        // the lead unit of its indicator (行政审批科 in the demo campaign) reads it, and never changes it.
        if (raw.Contains("{itemId") && c.Role is Roles.Liaison or Roles.UnitHead) return method == "GET" && c.Unit == "行政审批科" ? "allowed" : "404";
        return "allowed";
    }

    private static MultipartFormDataContent Upload()
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(SampleTables.DamagedTable());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Add(file, "file", "t.txt");
        return content;
    }

    private static async Task<int> CreateOtherCampaignAsync(ShifanApp app) => await app.WithDbAsync(async db =>
    {
        var path = Path.Combine(ProjectFixtures.RepositoryRoot, "src", "Shifan", "SampleData", "demo-framework.json");
        await using var s = File.OpenRead(path);
        var (framework, _) = FrameworkMapping.ToDomain(FrameworkJson.Read(s), "另一县指标体系");
        framework.CreatedAt = DateTimeOffset.UtcNow;
        db.Frameworks.Add(framework);
        await db.SaveChangesAsync();
        var c = new Core.Campaigns.Campaign { Name = "另一个县的创建", Region = "另一个县", FrameworkId = framework.Id, CreatedAt = DateTimeOffset.UtcNow, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31) };
        c.AddDefaultStages();
        db.Campaigns.Add(c);
        await db.SaveChangesAsync();
        var office = new Unit { CampaignId = c.Id, Name = "外县司法局", Kind = UnitKind.Office };
        db.Units.Add(office);
        await db.SaveChangesAsync();
        var section = new Unit { CampaignId = c.Id, Name = "外县法制股", ParentId = office.Id };
        section.Contacts.Add(new LiaisonContact { Name = "王五", Phone = "13700000000" });
        db.Units.Add(section);
        await db.SaveChangesAsync();
        var node = framework.Indicators.First(i => i.Materials.Count > 0);
        db.Assignments.Add(new Core.Assignments.Assignment { CampaignId = c.Id, NodeId = node.Id, UnitId = section.Id, Role = Core.Assignments.AssignmentRole.Lead });
        await db.SaveChangesAsync();
        return c.Id;
    });

    private static async Task<Scene> SceneAsync(ShifanApp app, int campaignId, HttpClient office)
    {
        var started = await office.PostAsync($"/api/campaigns/{campaignId}/framework/import", Upload());
        started.EnsureSuccessStatusCode();
        var token = (await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        var (node, unit, stage, assignment) = await app.WithDbAsync(async db =>
        {
            var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.FrameworkId).SingleAsync();
            var node = await db.FrameworkNodes.Include(n => n.Materials).Where(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Indicator && n.Materials.Count > 0).OrderBy(n => n.Id).FirstAsync();
            var unit = await db.Units.Include(u => u.Contacts).Where(u => u.CampaignId == campaignId && u.Contacts.Count > 0 && u.Name != "行政审批科").OrderBy(u => u.Id).FirstAsync();
            var stage = await db.CampaignStages.Where(s => s.CampaignId == campaignId).OrderBy(s => s.Order).FirstAsync();
            var assignment = await db.Assignments.Where(x => x.CampaignId == campaignId).OrderBy(x => x.Id).FirstAsync();
            return (node, unit, stage, assignment);
        });
        var material = node.Materials.OrderBy(m => m.No).First();
        // A 工作台账 period (the demo campaign has its months; the other campaign gets one).
        var period = await app.WithDbAsync(async db =>
        {
            if (await db.LedgerPeriods.Where(p => p.CampaignId == campaignId).OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync() is int id) return id;
            var p = Core.Ledgers.LedgerPeriod.Monthly(campaignId, 2026, 11, 5);
            p.CreatedAt = DateTimeOffset.UtcNow;
            db.LedgerPeriods.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        // A 督导通报 draft of that period.
        var bulletin = await app.WithDbAsync(async db =>
        {
            var b = new Core.Supervision.Bulletin { CampaignId = campaignId, PeriodId = period, Title = "矩阵测试通报", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            db.Bulletins.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        // A 自查报告 draft of 行政审批科 (the liaison's and the unit head's own unit, so they may edit it; the other campaign's first unit).
        var report = await app.WithDbAsync(async db =>
        {
            var reportUnit = await db.Units.Where(u => u.CampaignId == campaignId).OrderBy(u => u.Name == "行政审批科" ? 0 : 1).ThenBy(u => u.Id).Select(u => u.Id).FirstAsync();
            var r = new Core.SelfAssessment.SelfAssessmentReport
            {
                CampaignId = campaignId, UnitId = reportUnit, Title = "矩阵测试自查报告", Sections = """[{"heading":"一、基本情况","body":"正文"}]""",
                UpdatedAt = DateTimeOffset.UtcNow, UpdatedBy = "office",
            };
            db.SelfAssessmentReports.Add(r);
            await db.SaveChangesAsync();
            return r.Id;
        });
        return await WithEvidence(app, office, new Scene(campaignId, node.Id, unit.Id, stage.Id, material.Id, assignment.Id, unit.Contacts[0].Id, token, node.Code, material.No, 0, Period: period, Bulletin: bulletin, Report: report));
    }

    private static async Task<Scene> WithEvidence(ShifanApp app, HttpClient office, Scene scene)
    {
        var response = await office.PostAsync($"/api/campaigns/{scene.Campaign}/indicators/{scene.IndicatorCode}/materials/{scene.MaterialNo}/evidence", Upload());
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        var written = await office.PostAsJsonAsync($"/api/campaigns/{scene.Campaign}/indicators/{scene.IndicatorCode}/materials/{scene.MaterialNo}/explanations", new { title = "情况说明", text = "情况说明正文。" });
        written.EnsureSuccessStatusCode();
        var explanation = (await written.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        var upload = await office.PostAsJsonAsync($"/api/campaigns/{scene.Campaign}/indicators/{scene.IndicatorCode}/materials/{scene.MaterialNo}/uploads", new { fileName = "big.pdf", size = 10 });
        upload.EnsureSuccessStatusCode();
        var uploadId = (await upload.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        // A submission waiting for the lead unit, and a return reason of the campaign.
        var (review, reason, grantId) = await app.WithDbAsync(async db =>
        {
            var node = await db.FrameworkNodes.SingleAsync(n => n.Id == scene.Node);
            var r = new Core.Reviews.RequirementReview
            {
                CampaignId = scene.Campaign, NodeId = scene.Node, MaterialRequirementId = scene.Material, UnitId = scene.Unit,
                State = Core.Reviews.ReviewState.Submitted, NeedsLeadReview = true, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.RequirementReviews.Add(r);
            var reason = new Core.Reviews.ReturnReason { CampaignId = scene.Campaign, Name = "材料缺失", SortOrder = 1 };
            db.ReturnReasons.Add(reason);
            // A frozen package (freeze 1) to read, download, compare and grant; one 情况说明, as the scene approves nothing.
            var text = "冻结的情况说明。";
            var textSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            var frozenText = new Core.Packages.PackageFile($"一、场景/{scene.IndicatorCode}-{scene.MaterialNo}-情况说明.txt", "一", scene.IndicatorCode, "场景指标", scene.MaterialNo, "场景要求",
                0, "情况说明", "text", null, "情况说明.txt", "text", Encoding.UTF8.GetByteCount(text), textSha, "", "场景单位", "office", DateTimeOffset.UtcNow, "office", DateTimeOffset.UtcNow, text);
            var manifest = new Core.Packages.PackageManifest(scene.Campaign, "场景", "场景", 1, DateTimeOffset.UtcNow, "office", "指标体系", 1, [frozenText], [], []).ToJson();
            db.PackageFreezes.Add(new Core.Packages.PackageFreeze
            {
                CampaignId = scene.Campaign, No = 1, FrozenAt = DateTimeOffset.UtcNow, FrozenBy = "office", Manifest = manifest,
                ManifestSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(manifest))),
            });
            await db.SaveChangesAsync();
            var evaluator = await db.Users.SingleAsync(u => u.UserName == "eval1");
            var grant = new Core.Packages.PackageGrant
            {
                UserId = evaluator.Id, CampaignId = scene.Campaign, FreezeNo = 1, ValidFrom = DateTimeOffset.UtcNow.AddDays(-1), ValidUntil = DateTimeOffset.UtcNow.AddDays(1),
                GrantedAt = DateTimeOffset.UtcNow, GrantedBy = "office",
            };
            db.PackageGrants.Add(grant);
            await db.SaveChangesAsync();
            return (r.Id, reason.Id, grant.Id);
        });
        // A problem on the 问题清单, owned by the scene's unit.
        var problem = await app.WithDbAsync(async db =>
        {
            var p = new Core.Problems.Problem
            {
                CampaignId = scene.Campaign, No = 1, NodeId = scene.Node, OwnerUnitId = scene.Unit, Source = Core.Problems.ProblemSource.Manual,
                Description = "矩阵测试问题", Deadline = new DateOnly(2099, 1, 1), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Problems.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        return scene with { Evidence = id, Explanation = explanation, Upload = uploadId, Review = review, Reason = reason, Problem = problem, Grant = grantId };
    }
}
