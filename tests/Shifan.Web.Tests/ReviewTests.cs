using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Reviews;
using Shifan.Core.Users;

using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>
/// The review loop over the API: a responsible unit hands in, the lead unit looks first, the office
/// returns with a reason and approves the fixed material; an approval is pinned to the versions it saw.
/// </summary>
public class ReviewTests
{
    private sealed record Scene(ShifanApp App, int Campaign, int Node, HttpClient Lead, HttpClient Responsible, HttpClient Office);

    /// <summary>Indicator 1 of the demo is led by 行政审批科; 财审科 is made a responsible unit of it.</summary>
    private static async Task<Scene> SetUpAsync(string provider)
    {
        var app = new ShifanApp(provider);
        var campaign = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("lead1", Roles.Liaison, "行政审批科");
        await app.CreateUserAsync("resp1", Roles.Liaison, "财审科");
        var node = await app.WithDbAsync(async db =>
        {
            var frameworkId = await db.Campaigns.Where(c => c.Id == campaign).Select(c => c.FrameworkId).SingleAsync();
            var node = await db.FrameworkNodes.SingleAsync(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Indicator && n.Code == "1");
            var unit = await db.Units.SingleAsync(u => u.CampaignId == campaign && u.Name == "财审科");
            db.Assignments.Add(new Assignment { CampaignId = campaign, NodeId = node.Id, UnitId = unit.Id, Role = AssignmentRole.Responsible });
            await db.SaveChangesAsync();
            return node.Id;
        });
        return new Scene(app, campaign, node, await app.ApiClientAsync("lead1"), await app.ApiClientAsync("resp1"), await app.OfficeClientAsync());
    }

    private static async Task<int> UploadAsync(Scene s, HttpClient client, string name, byte[]? bytes = null)
    {
        var response = await client.PostAsync(Url(s.Campaign), Form(bytes ?? Pdf, name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task<List<JsonElement>> QueueAsync(Scene s, HttpClient client) =>
        (await client.GetFromJsonAsync<List<JsonElement>>($"/api/campaigns/{s.Campaign}/reviews/queue"))!;

    private static async Task<JsonElement> ReviewAsync(Scene s, HttpClient client, int id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/reviews/{id}");

    private static async Task<int> ReasonAsync(Scene s, string name) =>
        (await s.Office.GetFromJsonAsync<List<JsonElement>>($"/api/campaigns/{s.Campaign}/return-reasons"))!.Single(r => r.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();

    private static async Task<HttpResponseMessage> SubmitAsync(Scene s, HttpClient client) =>
        await client.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/indicators/{s.Node}/submission", new { });

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ResponsibleUnitsMaterialGoesThroughLeadAndOfficeAndApprovalIsPinned(string provider)
    {
        var s = await SetUpAsync(provider);
        await using var _ = s.App;
        var item = await UploadAsync(s, s.Responsible, "财务审计报告.pdf");

        // A draft is not seen by any reviewer.
        Assert.Empty(await QueueAsync(s, s.Office));
        Assert.Empty(await QueueAsync(s, s.Lead));

        // Before it goes, the unit sees what it hands in and what the checks still flag.
        var preview = await s.Responsible.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/indicators/{s.Node}/submission");
        Assert.Equal("财审科", preview.GetProperty("unitName").GetString());
        Assert.Equal(1, preview.GetProperty("toSubmit").GetInt32());

        var submitted = await SubmitAsync(s, s.Responsible);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var reviewId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewIds")[0].GetInt32();

        // The lead unit looks first; the office does not see it yet.
        Assert.Empty(await QueueAsync(s, s.Office));
        Assert.Equal(reviewId, Assert.Single(await QueueAsync(s, s.Lead)).GetProperty("id").GetInt32());
        // The lead unit reads its responsible unit's file, and cannot change or remove it.
        Assert.Equal(HttpStatusCode.OK, (await s.Lead.GetAsync($"/api/campaigns/{s.Campaign}/evidence/{item}/file")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Lead.DeleteAsync($"/api/campaigns/{s.Campaign}/evidence/{item}")).StatusCode);
        var asLead = (await s.Lead.GetFromJsonAsync<List<JsonElement>>($"/api/campaigns/{s.Campaign}/evidence?nodeId={s.Node}"))!.Single(e => e.GetProperty("id").GetInt32() == item);
        Assert.True(asLead.GetProperty("readOnly").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await s.Lead.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/lead/approve", null)).StatusCode);
        Assert.Equal(reviewId, Assert.Single(await QueueAsync(s, s.Office)).GetProperty("id").GetInt32());

        // Returning needs a reason from the list; "其他" needs a comment as well.
        var noReason = await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/return", new { comment = "看不清" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var noReasonBody = await noReason.Content.ReadAsStringAsync();
        Assert.Contains("reasonId", noReasonBody);
        Assert.Contains("退回时请选择退回原因", noReasonBody);
        var other = await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/return", new { reasonId = await ReasonAsync(s, "其他") });
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal("LeadApproved", (await ReviewAsync(s, s.Office, reviewId)).GetProperty("line").GetProperty("state").GetString());
        var returned = await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/return", new { reasonId = await ReasonAsync(s, "时间不符"), comment = "须为2023年以来的报告" });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);

        // In-app notifications: the lead unit was told of the submission, the unit of the return with its reason.
        static async Task<string> NoticesAsync(HttpClient c) => (await c.GetFromJsonAsync<JsonElement>("/api/notifications")).ToString();
        Assert.Contains("财审科提交了第1项指标的材料，请牵头单位审核", await NoticesAsync(s.Lead));
        Assert.Contains("被退回：时间不符", await NoticesAsync(s.Responsible));
        Assert.Contains("须为2023年以来的报告", await NoticesAsync(s.Responsible));

        // The unit sees why, fixes it (a new version) and hands it in again.
        var mine = Assert.Single((await s.Responsible.GetFromJsonAsync<List<JsonElement>>($"/api/campaigns/{s.Campaign}/reviews"))!);
        Assert.Equal("Returned", mine.GetProperty("state").GetString());
        Assert.Equal("时间不符", mine.GetProperty("returnReason").GetString());
        Assert.Equal("须为2023年以来的报告", mine.GetProperty("returnComment").GetString());
        var replaced = await s.Responsible.PostAsync($"/api/campaigns/{s.Campaign}/evidence/{item}/versions", Form([.. Pdf, .. "%2023\n"u8.ToArray()], "财务审计报告2023.pdf"));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("Returned", (await ReviewAsync(s, s.Responsible, reviewId)).GetProperty("line").GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(s, s.Responsible)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Lead.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/lead/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/approve", null)).StatusCode);

        Assert.Contains("审核通过", await NoticesAsync(s.Responsible));

        // Deciding twice is a conflict; the standing counts the approval for everyone alike.
        Assert.Equal(HttpStatusCode.Conflict, (await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/approve", null)).StatusCode);
        foreach (var viewer in new[] { s.Office, s.Lead, s.Responsible })
        {
            var standing = (await viewer.GetFromJsonAsync<List<JsonElement>>($"/api/campaigns/{s.Campaign}/reviews/standing"))!.Single(n => n.GetProperty("nodeId").GetInt32() == s.Node);
            Assert.Equal(1, standing.GetProperty("approved").GetInt32());
        }
        // The unit's ledger says where its material stands in review.
        var (period, unitId) = await s.App.WithDbAsync(async db => (await db.LedgerPeriods.Where(p => p.CampaignId == s.Campaign).OrderByDescending(p => p.DueOn).Select(p => p.Id).FirstAsync(),
            await db.Units.Where(u => u.CampaignId == s.Campaign && u.Name == "财审科").Select(u => u.Id).SingleAsync()));
        var ledger = await s.Responsible.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/ledgers/periods/{period}/units/{unitId}");
        var line = ledger.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("nodeId").GetInt32() == s.Node);
        Assert.Contains("审核：通过1项", line.GetProperty("materials").GetString());

        var pinned = await s.App.WithDbAsync(db => db.RequirementReviews.Where(r => r.Id == reviewId).Select(r => r.Pins).SingleAsync());
        var v2 = await s.App.WithDbAsync(db => db.EvidenceVersions.Where(v => v.EvidenceItemId == item && v.VersionNo == 2).Select(v => v.Sha256).SingleAsync());
        Assert.Equal($"{item}:2:{v2}", pinned);

        // Replacing the approved file reopens the item and says why.
        Assert.Equal(HttpStatusCode.OK, (await s.Responsible.PostAsync($"/api/campaigns/{s.Campaign}/evidence/{item}/versions", Form([.. Pdf, .. "%v3\n"u8.ToArray()], "第三版.pdf"))).StatusCode);
        var reopened = await ReviewAsync(s, s.Office, reviewId);
        Assert.Equal("Draft", reopened.GetProperty("line").GetProperty("state").GetString());
        Assert.Contains("第3版", reopened.GetProperty("line").GetProperty("reopenedBecause").GetString());
        Assert.Contains("通过", reopened.GetProperty("line").GetProperty("reopenedBecause").GetString());
        Assert.Empty(await QueueAsync(s, s.Office));

        // Every round is kept, in order.
        var actions = reopened.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal(["Submit", "LeadApprove", "Return", "Submit", "LeadApprove", "Approve", "Reopen"], actions);
        var returnRound = reopened.GetProperty("history")[2];
        Assert.Equal("office1", returnRound.GetProperty("actor").GetString());
        Assert.Equal("时间不符", returnRound.GetProperty("reason").GetString());

        // Deleting the file after a new approval reopens the item as well, and says why.
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(s, s.Responsible)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Lead.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/lead/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/approve", null)).StatusCode);
        Assert.True((await s.Responsible.DeleteAsync($"/api/campaigns/{s.Campaign}/evidence/{item}")).IsSuccessStatusCode);
        var afterDelete = (await ReviewAsync(s, s.Office, reviewId)).GetProperty("line");
        Assert.Equal("Draft", afterDelete.GetProperty("state").GetString());
        Assert.Contains("删除了材料", afterDelete.GetProperty("reopenedBecause").GetString());
        Assert.Contains("原为“通过”", afterDelete.GetProperty("reopenedBecause").GetString());
    }

    /// <summary>Before material goes, the unit sees what the checks still flag (here: older than the requirement's 2021年以来), and submits knowing it.</summary>
    [Fact]
    public async Task BeforeSubmittingTheUnitSeesWhatTheChecksStillFlag()
    {
        var s = await SetUpAsync("sqlite");
        await using var _ = s.App;
        Assert.Equal(HttpStatusCode.Created, (await s.Lead.PostAsync(Url(s.Campaign), Form(Pdf, "审批服务工作总结.pdf", ("year", "2019")))).StatusCode);
        var preview = await s.Lead.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/indicators/{s.Node}/submission");
        Assert.Equal(1, preview.GetProperty("toSubmit").GetInt32());
        Assert.Equal(1, preview.GetProperty("flagged").GetInt32());
        var line = preview.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("willSubmit").GetBoolean());
        var finding = Assert.Single(line.GetProperty("findings").EnumerateArray());
        Assert.Equal("too-old", finding.GetProperty("code").GetString());
        Assert.Equal("“审批服务工作总结”是2019年的材料，要求2021年以来", finding.GetProperty("message").GetString());
        // The unit may still hand it in; the answer says how many were flagged, and the reviewer sees the same finding.
        var submitted = await (await SubmitAsync(s, s.Lead)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, submitted.GetProperty("flagged").GetInt32());
        var reviewId = submitted.GetProperty("reviewIds")[0].GetInt32();
        Assert.Contains("要求2021年以来", (await ReviewAsync(s, s.Office, reviewId)).ToString());
    }

    [Fact]
    public async Task RefusesWhatTheRulesForbidAndChangesNothing()
    {
        var s = await SetUpAsync("sqlite");
        await using var _ = s.App;

        // Nothing uploaded: nothing to hand in.
        var empty = await SubmitAsync(s, s.Responsible);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("请先上传材料", await empty.Content.ReadAsStringAsync());

        await UploadAsync(s, s.Lead, "审批制度.pdf");
        var submitted = await SubmitAsync(s, s.Lead);
        var reviewId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewIds")[0].GetInt32();
        // The lead unit's own material goes straight to the office.
        Assert.Equal(reviewId, Assert.Single(await QueueAsync(s, s.Office)).GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await SubmitAsync(s, s.Lead)).StatusCode);

        // A liaison may not approve as the office, nor pass its own unit's material as the lead unit.
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Lead.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Lead.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/lead/approve", null)).StatusCode);
        // Another unit's liaison does not even see it.
        Assert.Equal(HttpStatusCode.NotFound, (await s.Responsible.GetAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}")).StatusCode);

        // Nobody approves their own unit's material, not even with the office's rights.
        await s.App.CreateUserAsync("office2", Roles.Office, "行政审批科");
        var ownOffice = await s.App.ApiClientAsync("office2");
        var own = await ownOffice.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/approve", null);
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.Contains("不能审核本单位的材料", await own.Content.ReadAsStringAsync());

        // An unknown or retired reason is refused.
        var retired = await ReasonAsync(s, "缺少盖章");
        Assert.Equal(HttpStatusCode.OK, (await s.Office.PutAsJsonAsync($"/api/campaigns/{s.Campaign}/return-reasons/{retired}", new { name = "缺少盖章", active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/return", new { reasonId = retired })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/return", new { reasonId = 999999 })).StatusCode);
        // The office adds its own reason, and the same name twice is a conflict.
        Assert.Equal(HttpStatusCode.Created, (await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/return-reasons", new { name = "未加盖公章" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/return-reasons", new { name = "未加盖公章" })).StatusCode);

        // None of the refusals changed the item: it still waits, with one round.
        var detail = await ReviewAsync(s, s.Office, reviewId);
        Assert.Equal("Submitted", detail.GetProperty("line").GetProperty("state").GetString());
        Assert.Single(detail.GetProperty("history").EnumerateArray());

        // A closed campaign takes no decisions.
        await s.App.WithDbAsync(async db =>
        {
            var c = await db.Campaigns.SingleAsync(x => x.Id == s.Campaign);
            c.Status = Core.Campaigns.CampaignStatus.Closed;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Conflict, (await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/reviews/{reviewId}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task ExplanationIsRewrittenAsANewDraftKeepingTheOldTextAndBulkApproveSkipsWhatItMayNot()
    {
        var s = await SetUpAsync("sqlite");
        await using var _ = s.App;
        var written = await s.Lead.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/indicators/1/materials/1/explanations", new { title = "情况说明", text = "第一稿。" });
        var item = (await written.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await UploadAsync(s, s.Responsible, "财审科材料.pdf");
        var a = (await (await SubmitAsync(s, s.Lead)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewIds")[0].GetInt32();
        var b = (await (await SubmitAsync(s, s.Responsible)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewIds")[0].GetInt32();

        // Bulk approve: the lead unit's item passes; the responsible unit's still waits for its lead unit... but the office may decide it too.
        var bulk = await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/reviews/approve", new { ids = new[] { a, b, 987654 } });
        var result = await bulk.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("approved").GetInt32());
        Assert.Contains("987654", Assert.Single(result.GetProperty("skipped").EnumerateArray()).GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await s.Lead.PutAsJsonAsync($"/api/campaigns/{s.Campaign}/evidence/{item}/text", new { text = "第二稿，补充了数据。" })).StatusCode);
        var revisions = await s.App.WithDbAsync(db => db.ExplanationRevisions.Where(r => r.EvidenceItemId == item).Select(r => r.Text).ToListAsync());
        Assert.Equal(["第一稿。"], revisions);
        var reopened = await ReviewAsync(s, s.Office, a);
        Assert.Equal("Draft", reopened.GetProperty("line").GetProperty("state").GetString());
        Assert.Contains("第2稿", reopened.GetProperty("line").GetProperty("reopenedBecause").GetString());
        Assert.Equal("Approved", (await ReviewAsync(s, s.Office, b)).GetProperty("line").GetProperty("state").GetString());
    }
}
