using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Cli;
using Shifan.Core.Frameworks;
using Shifan.Core.Users;
using Shifan.Features.Problems;
using Shifan.TestSupport;

namespace Shifan.Web.Tests;

/// <summary>The 问题清单 and 整改: raising, the owner's rectification, 对账销号 by the office, scope, bad input, sources, overdue, exports.</summary>
public class ProblemTests
{
    /// <summary>2 December 2026, 10:00 in Beijing.</summary>
    private static readonly DateTimeOffset Morning = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private sealed record Demo(int Campaign, int Node, int OwnUnit, int OtherUnit);

    private static async Task<(ShifanApp App, Demo Demo)> StartAsync(string provider, FixedClock clock)
    {
        var app = new ShifanApp(provider) { Clock = clock };
        var id = await app.DemoCampaignIdAsync();
        var demo = await app.WithDbAsync(async db =>
        {
            var framework = await db.Campaigns.Where(c => c.Id == id).Select(c => c.FrameworkId).SingleAsync();
            var node = await db.FrameworkNodes.Where(n => n.FrameworkId == framework && n.Kind == NodeKind.Indicator && n.Code == "1").Select(n => n.Id).SingleAsync();
            var own = await db.Units.Where(u => u.CampaignId == id && u.Name == "行政审批科").Select(u => u.Id).SingleAsync();
            var other = await db.Units.Where(u => u.CampaignId == id && u.Name == "财审科").Select(u => u.Id).SingleAsync();
            return new Demo(id, node, own, other);
        });
        return (app, demo);
    }

    private static Task<int> EvidenceAsync(ShifanApp app, Demo d, int unit, string title) => app.WithDbAsync(async db =>
    {
        var e = new Core.Evidence.EvidenceItem { CampaignId = d.Campaign, NodeId = d.Node, UnitId = unit, Title = title, UploadedBy = "test", UploadedAt = DateTimeOffset.UtcNow };
        db.EvidenceItems.Add(e);
        await db.SaveChangesAsync();
        return e.Id;
    });

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The 400's message and the field it names.</summary>
    private static async Task<(string Title, string Field)> Refusal(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("title").GetString()!, body.GetProperty("errors").EnumerateObject().Single().Name);
    }

    private static async Task<string> PageAsync(HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task OfficeRaisesTheUnitRectifiesAndOnlyApprovedProofCloses(string provider)
    {
        var (app, d) = await StartAsync(provider, new FixedClock(Morning));
        await using var _ = app;
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        var office = await app.OfficeClientAsync();
        var url = $"/api/campaigns/{d.Campaign}/problems";

        // Bad input is refused with a Chinese message naming the field.
        var past = await Refusal(await office.PostAsJsonAsync(url, new { nodeId = d.Node, ownerUnitId = d.OwnUnit, description = "未公开", deadline = "2026-12-01" }));
        Assert.Equal(("整改时限不能早于今天", "deadline"), past);
        Assert.Equal("description", (await Refusal(await office.PostAsJsonAsync(url, new { ownerUnitId = d.OwnUnit, deadline = "2026-12-20" }))).Field);
        Assert.Equal("ownerUnitId", (await Refusal(await office.PostAsJsonAsync(url, new { description = "未公开", deadline = "2026-12-20" }))).Field);
        Assert.Equal("source", (await Refusal(await office.PostAsJsonAsync(url, new { ownerUnitId = d.OwnUnit, description = "未公开", deadline = "2026-12-20", source = "rating" }))).Field);
        Assert.Equal(0, await app.WithDbAsync(db => db.Problems.CountAsync()));

        // Today is allowed (China time); numbers count per campaign.
        var mine = await Json(await office.PostAsJsonAsync(url, new { nodeId = d.Node, ownerUnitId = d.OwnUnit, source = "inspection",
            description = "行政许可事项清单未在门户网站公开", measure = "在门户网站公开事项清单并截图", deadline = "2026-12-02" }));
        var theirs = await Json(await office.PostAsJsonAsync(url, new { ownerUnitId = d.OtherUnit, description = "财政预算执行未公开", measure = "公开", deadline = "2026-12-31" }));
        var id = mine.GetProperty("problem").GetProperty("id").GetInt32();
        var other = theirs.GetProperty("problem").GetProperty("id").GetInt32();
        Assert.Equal([1, 2], new[] { mine, theirs }.Select(p => p.GetProperty("problem").GetProperty("no").GetInt32()));
        Assert.Equal("待整改", mine.GetProperty("problem").GetProperty("status").GetString());
        Assert.Equal("督查发现", mine.GetProperty("problem").GetProperty("source").GetString());
        var liaisonId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "liaison1").Select(u => u.Id).SingleAsync());
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == liaisonId && n.Link == $"/campaigns/{d.Campaign}/problems/{id}")));

        // Scope: the liaison sees and acts on its own unit's problem only; the other is 404 whatever the verb.
        var list = await liaison.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal([id], list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"{url}/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.PostAsync($"{url}/{other}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.PostAsJsonAsync($"{url}/{other}/proof", new { evidenceIds = new[] { 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PostAsJsonAsync(url, new { ownerUnitId = d.OwnUnit, description = "x", deadline = "2026-12-20" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PostAsync($"{url}/{id}/close", null)).StatusCode);

        // Closing a problem without proof is refused, naming the proof.
        var early = await Refusal(await office.PostAsync($"{url}/{id}/close", null));
        Assert.Equal("proof", early.Field);
        Assert.Contains("佐证材料", early.Title);

        // The owner starts and hands in proof: none, or another unit's, is refused.
        Assert.Equal("整改中", (await Json(await liaison.PostAsync($"{url}/{id}/start", null))).GetProperty("problem").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await liaison.PostAsync($"{url}/{id}/start", null)).StatusCode);
        var none = await Refusal(await liaison.PostAsJsonAsync($"{url}/{id}/proof", new { evidenceIds = Array.Empty<int>(), note = "已公开" }));
        Assert.Equal("proof", none.Field);
        Assert.Contains("没有佐证材料不能申请销号", none.Title);
        var foreign = await EvidenceAsync(app, d, d.OtherUnit, "财审科的截图");
        Assert.Equal("proof", (await Refusal(await liaison.PostAsJsonAsync($"{url}/{id}/proof", new { evidenceIds = new[] { foreign } }))).Field);
        var screenshot = await EvidenceAsync(app, d, d.OwnUnit, "事项清单公开截图");
        var handed = await Json(await liaison.PostAsJsonAsync($"{url}/{id}/proof", new { evidenceIds = new[] { screenshot }, note = "已在门户网站公开" }));
        Assert.Equal("待销号", handed.GetProperty("problem").GetProperty("status").GetString());
        Assert.Equal("事项清单公开截图", handed.GetProperty("proof")[0].GetProperty("title").GetString());
        var officeId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "office1").Select(u => u.Id).SingleAsync());
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == officeId && n.Title.Contains("销号材料"))));

        // The office returns it (a reason is required), the unit hands in again, the office closes it.
        Assert.Equal(("请填写退回理由", "reason"), await Refusal(await office.PostAsJsonAsync($"{url}/{id}/return", new { reason = " " })));
        var back = await Json(await office.PostAsJsonAsync($"{url}/{id}/return", new { reason = "截图看不清网址" }));
        Assert.Equal("整改中", back.GetProperty("problem").GetProperty("status").GetString());
        Assert.Equal("截图看不清网址", back.GetProperty("returnReason").GetString());
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == liaisonId && n.Title.Contains("退回整改"))));
        await Json(await liaison.PostAsJsonAsync($"{url}/{id}/proof", new { evidenceIds = new[] { screenshot }, note = "已重新截图" }));
        var closed = await Json(await office.PostAsync($"{url}/{id}/close", null));
        Assert.Equal("已销号", closed.GetProperty("problem").GetProperty("status").GetString());
        Assert.Equal("office1", closed.GetProperty("problem").GetProperty("closedBy").GetString());
        Assert.Equal(["登记问题", "开始整改", "提交销号材料", "退回整改", "提交销号材料", "销号"],
            closed.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("action").GetString()!));
        Assert.Equal(HttpStatusCode.Conflict, (await office.PutAsJsonAsync($"{url}/{id}", new { measure = "再改" })).StatusCode);

        // Edits: a past deadline is refused when changed; the list filters by status.
        Assert.Equal("deadline", (await Refusal(await office.PutAsJsonAsync($"{url}/{other}", new { deadline = "2026-11-30" }))).Field);
        var edited = await Json(await office.PutAsJsonAsync($"{url}/{other}", new { measure = "在财政信息公开专栏公开预算执行情况" }));
        Assert.Equal("修改", edited.GetProperty("steps")[1].GetProperty("action").GetString());
        var closedOnly = await office.GetFromJsonAsync<JsonElement>(url + "?status=closed");
        Assert.Equal([id], closedOnly.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));
        Assert.Equal(1, closedOnly.GetProperty("tabs").EnumerateArray().Single(t => t.GetProperty("key").GetString() == "closed").GetProperty("count").GetInt32());
        Assert.Equal("status", (await Refusal(await office.GetAsync(url + "?status=done"))).Field);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ProblemsComeFromReturnsAndRatingsOnceAndOverdueOnesTurnRed(string provider)
    {
        var clock = new FixedClock(Morning);
        var (app, d) = await StartAsync(provider, clock);
        await using var _ = app;
        var office = await app.OfficeClientAsync();
        var (returned, submitted) = await app.WithDbAsync(async db =>
        {
            var material = await db.MaterialRequirements.Where(m => m.NodeId == d.Node).OrderBy(m => m.No).Select(m => m.Id).FirstAsync();
            var r = new Core.Reviews.RequirementReview
            {
                CampaignId = d.Campaign, NodeId = d.Node, MaterialRequirementId = material, UnitId = d.OwnUnit, State = Core.Reviews.ReviewState.Returned,
                ReturnReason = "数量不足", ReturnComment = "缺少2025年的文件", UpdatedAt = DateTimeOffset.UtcNow,
            };
            var s = new Core.Reviews.RequirementReview
            {
                CampaignId = d.Campaign, NodeId = d.Node, MaterialRequirementId = material, UnitId = d.OtherUnit, State = Core.Reviews.ReviewState.Submitted, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.RequirementReviews.AddRange(r, s);
            await db.SaveChangesAsync();
            return (r.Id, s.Id);
        });

        // From a return: owner, indicator and description from the review; asking twice gives the same problem.
        var first = await office.PostAsync($"/api/campaigns/{d.Campaign}/reviews/{returned}/problem", null);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var raised = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problem");
        Assert.Equal(d.OwnUnit, raised.GetProperty("ownerUnitId").GetInt32());
        Assert.Equal(d.Node, raised.GetProperty("nodeId").GetInt32());
        Assert.Equal("审核退回", raised.GetProperty("source").GetString());
        Assert.Contains("数量不足", raised.GetProperty("description").GetString());
        Assert.Contains("缺少2025年的文件", raised.GetProperty("description").GetString());
        var again = await office.PostAsync($"/api/campaigns/{d.Campaign}/reviews/{returned}/problem", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(raised.GetProperty("id").GetInt32(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problem").GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsync($"/api/campaigns/{d.Campaign}/reviews/{submitted}/problem", null)).StatusCode);
        // The list page offers the returned items not yet on the list; this one now is.
        var officePage = await app.CookieClientAsync("office1");
        Assert.DoesNotContain("id=\"raise-from-review\"", await PageAsync(officePage, $"/campaigns/{d.Campaign}/problems"));

        // From a 未达标 rating (what the rating feature calls): one open problem per rating.
        var (a, b) = await InScopeAsync(app, async sp =>
        {
            var problems = sp.GetRequiredService<ProblemService>();
            return (await problems.RaiseFromRatingAsync(d.Campaign, d.Node, d.OwnUnit, 4711, "未达标", "网上可办率仅为85%"),
                await problems.RaiseFromRatingAsync(d.Campaign, d.Node, d.OwnUnit, 4711, "未达标", "网上可办率仅为85%"));
        });
        Assert.Equal(a, b);
        var rated = await app.WithDbAsync(db => db.Problems.Where(p => p.SourceId == 4711).ToListAsync());
        Assert.Single(rated);
        Assert.Equal(Core.Problems.ProblemSource.SelfRating, rated[0].Source);
        Assert.Contains("自评为未达标", rated[0].Description);
        Assert.True(rated[0].Deadline > new DateOnly(2026, 12, 2));

        // Nothing is overdue yet; 40 days later both are, and the dashboard shows them red with the list behind.
        var dashboard = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{d.Campaign}/dashboard");
        Assert.Equal(0, Figure(dashboard, "problems", "逾期问题").GetProperty("value").GetInt32());
        Assert.Equal(2, Figure(dashboard, "problems", "未销号的问题").GetProperty("value").GetInt32());
        clock.Advance(TimeSpan.FromDays(40));
        office = await app.ApiClientAsync("office1"); // the old session has long expired
        dashboard = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{d.Campaign}/dashboard");
        var overdue = Figure(dashboard, "problems", "逾期问题");
        Assert.Equal(2, overdue.GetProperty("value").GetInt32());
        Assert.Equal(2, Figure(dashboard, "attention", "逾期未销号的问题").GetProperty("value").GetInt32());
        // Every problem figure drills down to a list of as many problems.
        foreach (var f in dashboard.GetProperty("problems").EnumerateArray())
            Assert.Equal(f.GetProperty("value").GetInt32(), (await office.GetFromJsonAsync<JsonElement>("/api" + f.GetProperty("link").GetString())).GetProperty("total").GetInt32());
        var drill = await office.GetFromJsonAsync<JsonElement>("/api" + overdue.GetProperty("link").GetString());
        Assert.Equal(2, drill.GetProperty("total").GetInt32());
        Assert.All(drill.GetProperty("rows").EnumerateArray(), r => Assert.Equal("red", r.GetProperty("light").GetString()));
        var unitRow = dashboard.GetProperty("problemsByUnit").EnumerateArray().Single();
        Assert.Equal(("行政审批科", 2, 2), (unitRow.GetProperty("unit").GetString(), unitRow.GetProperty("open").GetInt32(), unitRow.GetProperty("overdue").GetInt32()));

        // The pages: the card is red, overdue rows are marked.
        await app.CreateUserAsync("leader1", Roles.Leader, "示范创建工作领导小组办公室");
        var cookie = await app.CookieClientAsync("leader1");
        var page = await PageAsync(cookie, $"/campaigns/{d.Campaign}/dashboard");
        Assert.Contains("class=\"card danger\"", page);
        Assert.Contains("id=\"overdue-problems\"", page);
        var listPage = await PageAsync(cookie, $"/campaigns/{d.Campaign}/problems");
        Assert.Contains("row-red", listPage);
        Assert.Contains("（逾期）", listPage);
        Assert.DoesNotContain("登记问题</summary>", listPage);
        Assert.Contains("逾期（2）", listPage);

        // The reminder scan sees them as the unit's overdue work.
        var due = await InScopeAsync(app, sp => sp.GetServices<Shifan.Features.Notifications.IReminderSource>().OfType<ProblemDeadlines>().Single().DueAsync([d.Campaign], new DateOnly(2026, 12, 1), new DateOnly(2027, 2, 1), default));
        var work = Assert.Single(due.Where(w => w.UnitId == d.OwnUnit).GroupBy(w => w.Key).Select(g => g.Key));
        Assert.Equal("problems", work);
    }

    [Fact]
    public async Task ThePagesFormsStartSubmitProofAndCloseAndShowRefusals()
    {
        var (app, d) = await StartAsync("sqlite", new FixedClock(Morning));
        await using var _ = app;
        var api = await app.OfficeClientAsync();
        var url = $"/api/campaigns/{d.Campaign}/problems";
        var id = (await Json(await api.PostAsJsonAsync(url, new { nodeId = d.Node, ownerUnitId = d.OwnUnit, description = "未公开事项清单", deadline = "2026-12-20" })))
            .GetProperty("problem").GetProperty("id").GetInt32();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.CookieClientAsync("liaison1");
        var office = await app.CookieClientAsync("office1");
        var path = $"/campaigns/{d.Campaign}/problems/{id}";
        Task<string> Status() => app.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => p.Status.ToString()).SingleAsync());

        var page = await PageAsync(liaison, path);
        Assert.Contains("id=\"start\"", page);
        Assert.DoesNotContain("对账无误", page);
        Assert.DoesNotContain("修改问题", page);
        Assert.Equal(HttpStatusCode.Redirect, (await ShifanApp.PostFormAsync(liaison, path, "start", new() { ["Confirm"] = "1" })).StatusCode);
        Assert.Equal("InProgress", await Status());

        // Without a chosen item the form stays, with the message; with one the problem waits for the office.
        var refused = WebUtility.HtmlDecode(await (await ShifanApp.PostFormAsync(liaison, path, "proof", new() { ["Proof.Note"] = "已公开" })).Content.ReadAsStringAsync());
        Assert.Contains("role=\"alert\">请选择整改佐证材料，没有佐证材料不能申请销号</div>", refused);
        var evidence = await EvidenceAsync(app, d, d.OwnUnit, "事项清单公开截图");
        Assert.Contains($"value=\"{evidence}\"", await PageAsync(liaison, path));
        Assert.Equal(HttpStatusCode.Redirect, (await ShifanApp.PostFormAsync(liaison, path, "proof",
            new() { ["Proof.EvidenceIds"] = evidence.ToString(), ["Proof.Note"] = "已公开" })).StatusCode);
        Assert.Equal("AwaitingClose", await Status());

        var officePage = await PageAsync(office, path);
        Assert.Contains("事项清单公开截图", officePage);
        var noReason = WebUtility.HtmlDecode(await (await ShifanApp.PostFormAsync(office, path, "return", new() { ["Back.Reason"] = "" })).Content.ReadAsStringAsync());
        Assert.Contains("role=\"alert\">请填写退回理由</div>", noReason);
        Assert.Equal(HttpStatusCode.Redirect, (await ShifanApp.PostFormAsync(office, path, "close", new() { ["Confirm"] = "1" })).StatusCode);
        Assert.Equal("Closed", await Status());
        Assert.Contains("已销号", await PageAsync(liaison, path));
        Assert.Contains("问题清单（Word）", await PageAsync(office, $"/campaigns/{d.Campaign}/problems"));

        // A returned item is offered on the list page and raised from there, once.
        var review = await app.WithDbAsync(async db =>
        {
            var material = await db.MaterialRequirements.Where(m => m.NodeId == d.Node).OrderBy(m => m.No).Select(m => m.Id).FirstAsync();
            var r = new Core.Reviews.RequirementReview { CampaignId = d.Campaign, NodeId = d.Node, MaterialRequirementId = material, UnitId = d.OwnUnit,
                State = Core.Reviews.ReviewState.Returned, ReturnReason = "时间不符", UpdatedAt = DateTimeOffset.UtcNow };
            db.RequirementReviews.Add(r);
            await db.SaveChangesAsync();
            return r.Id;
        });
        var listPath = $"/campaigns/{d.Campaign}/problems";
        Assert.Contains($"<option value=\"{review}\">行政审批科 · 第1项材料", await PageAsync(office, listPath));
        Assert.DoesNotContain("id=\"raise-from-review\"", await PageAsync(liaison, listPath));
        var raised = await ShifanApp.PostFormAsync(office, listPath, "from-review", new() { ["FromReview.ReviewId"] = review.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Problems.CountAsync(p => p.SourceId == review && p.Source == Core.Problems.ProblemSource.ReviewReturn)));
        Assert.DoesNotContain("id=\"raise-from-review\"", await PageAsync(office, listPath));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ProblemsRaisedAtOnceGetDistinctNumbers(string provider)
    {
        var (app, d) = await StartAsync(provider, new FixedClock(Morning));
        await using var _ = app;
        // Each in its own scope (its own database context), as concurrent requests are; they read the same max and collide.
        var ids = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => InScopeAsync(app, sp =>
            sp.GetRequiredService<ProblemService>().RaiseFromRatingAsync(d.Campaign, d.Node, d.OwnUnit, 9000 + i, "基本达标", $"第{i}条理由"))));
        Assert.Equal(6, ids.Distinct().Count());
        var numbers = await app.WithDbAsync(db => db.Problems.Where(p => p.CampaignId == d.Campaign).Select(p => p.No).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 6), numbers.Order());
    }

    private static JsonElement Figure(JsonElement dashboard, string list, string label) =>
        dashboard.GetProperty(list).EnumerateArray().Single(f => f.GetProperty("label").GetString() == label);

    [Fact]
    public async Task ExportsAreTheOfficialFormsAndTheCommandRefusesBadOptions()
    {
        var (app, d) = await StartAsync("sqlite", new FixedClock(Morning));
        await using var _ = app;
        var office = await app.OfficeClientAsync();
        var url = $"/api/campaigns/{d.Campaign}/problems";
        await Json(await office.PostAsJsonAsync(url, new { nodeId = d.Node, ownerUnitId = d.OwnUnit, description = "行政许可事项清单未公开", measure = "公开并截图", deadline = "2026-12-20" }));

        var docx = await office.GetAsync(url + "/export?kind=ledger&format=docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType?.MediaType);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false))
        {
            var text = doc.MainDocumentPart!.Document!.InnerText;
            Assert.Contains("整改台账", text);
            Assert.Contains("销号人", text);
            Assert.Contains("行政许可事项清单未公开", text);
        }
        Assert.Equal("format", (await Refusal(await office.GetAsync(url + "/export?kind=list&format=pdf"))).Field);
        Assert.Equal("kind", (await Refusal(await office.GetAsync(url + "/export?kind=all&format=xlsx"))).Field);

        var xlsx = Path.Combine(app.DataDirectory, "问题清单.xlsx");
        var run = await ShifanAsync(app, "problem", "export", "--campaign", d.Campaign.ToString(), "--kind", "list", "--format", "xlsx", "--out", xlsx);
        Assert.True(run.Exit == 0, run.Err);
        using (var book = SpreadsheetDocument.Open(xlsx, false))
        {
            var cells = book.WorkbookPart!.WorksheetParts.Single().Worksheet!.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList();
            Assert.Contains("整改时限", cells);
            Assert.Contains("行政审批科", cells);
            Assert.Contains("2026-12-20", cells);
        }
        run = await ShifanAsync(app, "problem", "export", "--campaign", d.Campaign.ToString(), "--kind", "everything", "--format", "xlsx", "--out", xlsx);
        Assert.Equal(2, run.Exit);
        Assert.Contains("--kind 只能是", run.Err);
        run = await ShifanAsync(app, "problem", "export", "--campaign", d.Campaign.ToString(), "--kind", "list", "--format", "pdf", "--out", xlsx);
        Assert.Equal(2, run.Exit);
        Assert.Contains("不支持的导出格式", run.Err);
        run = await ShifanAsync(app, "problem", "export", "--campaign", "999", "--kind", "list", "--format", "xlsx", "--out", xlsx);
        Assert.Equal(1, run.Exit);
        Assert.Contains("创建活动不存在", run.Err);

        // Once the campaign has ended the list stands as it is: it still exports, nothing more is raised.
        await app.WithDbAsync(async db =>
        {
            (await db.Campaigns.SingleAsync(c => c.Id == d.Campaign)).Status = Core.Campaigns.CampaignStatus.Closed;
            return await db.SaveChangesAsync();
        });
        var ended = await office.PostAsJsonAsync(url, new { ownerUnitId = d.OwnUnit, description = "补登", deadline = "2026-12-20" });
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
        Assert.Contains("创建活动已结束", await ended.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync(url + "/export")).StatusCode);
    }

    /// <summary>What the rating event does, called directly: as the system account (outside a request nobody else has rights).</summary>
    private static async Task<T> InScopeAsync<T>(ShifanApp app, Func<IServiceProvider, Task<T>> action)
    {
        using var system = ActingUser.AsSystem();
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private sealed record Run(int Exit, string Out, string Err);

    private static async Task<Run> ShifanAsync(ShifanApp app, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--data", app.DataDirectory, "--database", app.ConnectionString], stdout, new StringReader(""), stderr);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }
}
