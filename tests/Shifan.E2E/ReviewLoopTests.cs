using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Users;

namespace Shifan.E2E;

/// <summary>
/// One review round in the browser: a responsible unit uploads and hands in, the lead unit passes it
/// with a keystroke, the office returns it with a reason, the unit finds the return on 我的待办, fixes
/// and hands in again, and the office approves. Nobody types an address.
/// </summary>
public class ReviewLoopTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static byte[] Pdf(string note) => Encoding.ASCII.GetBytes($"%PDF-1.4\n% {note}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    [Fact]
    public async Task ResponsibleUnitHandsInLeadAndOfficeReviewReturnIsFixedAndApproved()
    {
        var campaign = await fx.App.DemoCampaignIdAsync();
        await fx.App.CreateUserAsync("resp1", Roles.Liaison, "财审科");
        var node = await fx.App.WithDbAsync(async db =>
        {
            var frameworkId = await db.Campaigns.Where(c => c.Id == campaign).Select(c => c.FrameworkId).SingleAsync();
            var node = await db.FrameworkNodes.SingleAsync(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Indicator && n.Code == "1");
            var unit = await db.Units.SingleAsync(u => u.CampaignId == campaign && u.Name == "财审科");
            db.Assignments.Add(new Assignment { CampaignId = campaign, NodeId = node.Id, UnitId = unit.Id, Role = AssignmentRole.Responsible });
            await db.SaveChangesAsync();
            return node.Id;
        });

        // The responsible unit uploads; the material is a draft until it is handed in.
        var resp = await fx.SignedInPageAsync("resp1");
        await resp.GotoAsync($"/campaigns/{campaign}/indicators/{node}");
        var first = resp.Locator("section.requirement[data-material='1']");
        await first.Locator("summary:has-text('上传文件')").ClickAsync();
        await first.Locator("form.upload-form input[type=file]").SetInputFilesAsync(new FilePayload { Name = "2021年审计报告.pdf", MimeType = "application/pdf", Buffer = Pdf("2021") });
        await first.Locator("form.upload-form button[type=submit]").ClickAsync();
        await Assertions.Expect(resp.Locator(".alert-ok")).ToHaveTextAsync("已上传1个文件");
        await resp.GotoAsync("/");
        await Assertions.Expect(resp.Locator("#my-work li[data-kind=draft]")).ToContainTextAsync("有材料未提交");
        await resp.Locator("#my-work li[data-kind=draft] a").First.ClickAsync();
        await Assertions.Expect(resp.Locator("#submit-unit")).ToHaveTextAsync("财审科");
        await resp.ClickAsync("#confirm-submit");
        await Assertions.Expect(resp.Locator(".alert-ok")).ToContainTextAsync("已提交1项材料");
        await Assertions.Expect(resp.Locator("#review-lines tr[data-material='1'][data-state=Submitted]")).ToContainTextAsync("待牵头单位审核");

        // The lead unit finds it on its home page and passes it with one keystroke.
        var lead = await fx.SignedInPageAsync("liaison1");
        await lead.GotoAsync("/");
        await lead.Locator("#my-work li[data-kind=review] a").ClickAsync();
        await lead.ClickAsync("#start-review");
        await Assertions.Expect(lead.Locator("#review-decision h2").First).ToHaveTextAsync("牵头单位审核");
        await Assertions.Expect(lead.Locator("#review-material iframe.preview")).ToHaveCountAsync(1);
        var previewSrc = await lead.Locator("#review-material iframe.preview").GetAttributeAsync("src");
        var preview = await lead.APIRequest.GetAsync(previewSrc!);
        Assert.Equal("application/pdf", preview.Headers["content-type"]);
        Assert.Equal("SAMEORIGIN", preview.Headers["x-frame-options"]);
        await BrowserFixture.ShotAsync(lead, "review-item");
        await ApproveByKeyAsync(lead);
        await Assertions.Expect(lead.Locator(".alert-ok")).ToContainTextAsync("已通过");

        // The office returns it with a reason and a comment.
        var office = await fx.SignedInPageAsync("office1");
        await office.GotoAsync("/");
        await office.Locator("#my-work li[data-kind=review] a").ClickAsync();
        await Assertions.Expect(office.Locator("#review-list tr[data-state=LeadApproved]")).ToHaveCountAsync(1);
        await office.ClickAsync("#start-review");
        await Assertions.Expect(office.Locator("#review-history li")).ToHaveCountAsync(2);
        await PressKeyAsync(office, "r");
        await Assertions.Expect(office.Locator("#return-reason-select")).ToBeFocusedAsync();
        await office.Locator("#return-reason-select").SelectOptionAsync(new SelectOptionValue { Label = "时间不符" });
        await office.Locator("#return-form textarea").FillAsync("须为2023年以来的材料");
        await office.ClickAsync("#return");
        await Assertions.Expect(office.Locator(".alert-ok")).ToContainTextAsync("已退回");

        // The unit sees the return and its reason on 我的待办, fixes the file and hands it in again.
        await resp.GotoAsync("/");
        var returned = resp.Locator("#my-work li[data-kind=returned]");
        await Assertions.Expect(returned).ToContainTextAsync("被退回");
        await Assertions.Expect(returned).ToContainTextAsync("时间不符：须为2023年以来的材料");
        await BrowserFixture.ShotAsync(resp, "my-work");
        await returned.Locator("a").ClickAsync();
        await Assertions.Expect(resp.Locator("#review-lines .return-note")).ToContainTextAsync("时间不符");
        var row = resp.Locator("section.requirement[data-material='1'] tr[data-evidence]").First;
        await row.Locator("summary:has-text('替换')").ClickAsync();
        await row.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "2023年审计报告.pdf", MimeType = "application/pdf", Buffer = Pdf("2023") });
        await row.Locator("button:has-text('替换')").ClickAsync();
        await Assertions.Expect(resp.Locator(".alert-ok")).ToHaveTextAsync("已替换，旧版本已保留");
        await resp.ClickAsync("#submit-review");
        await resp.ClickAsync("#confirm-submit");
        await Assertions.Expect(resp.Locator(".alert-ok")).ToContainTextAsync("已提交1项材料");

        await lead.GotoAsync($"/campaigns/{campaign}/review");
        await lead.ClickAsync("#start-review");
        await Assertions.Expect(lead.Locator("#review-history li")).ToHaveCountAsync(4);
        await ApproveByKeyAsync(lead);
        await Assertions.Expect(lead.Locator(".alert-ok")).ToContainTextAsync("已通过");

        await office.GotoAsync($"/campaigns/{campaign}/review");
        await office.ClickAsync("#start-review");
        await Assertions.Expect(office.Locator("#review-history li")).ToHaveCountAsync(5);
        await ApproveByKeyAsync(office);
        await Assertions.Expect(office.Locator(".alert-ok")).ToContainTextAsync("已通过");

        await resp.GotoAsync($"/campaigns/{campaign}/indicators/{node}");
        await Assertions.Expect(resp.Locator("#review-lines tr[data-material='1']")).ToHaveAttributeAsync("data-state", "Approved");
        await Assertions.Expect(resp.Locator("#review")).ToContainTextAsync("通过 1");
        await BrowserFixture.ShotAsync(resp, "indicator-review");
    }

    /// <summary>The office ticks two items in its queue and approves them in one go.</summary>
    [Fact]
    public async Task OfficeApprovesTheSelectedItemsInOneGo()
    {
        var campaign = await fx.App.DemoCampaignIdAsync();
        // Indicator 2's lead unit hands in material for two of its requirements (through the API: the upload is not what is tried here).
        var (node, unitName) = await fx.App.WithDbAsync(async db =>
        {
            var frameworkId = await db.Campaigns.Where(c => c.Id == campaign).Select(c => c.FrameworkId).SingleAsync();
            var node = await db.FrameworkNodes.SingleAsync(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Indicator && n.Code == "2");
            var unitId = await db.Assignments.Where(a => a.CampaignId == campaign && a.NodeId == node.Id && a.Role == AssignmentRole.Lead).Select(a => a.UnitId).FirstAsync();
            return (node.Id, await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync());
        });
        await fx.App.CreateUserAsync("bulk-liaison", Roles.Liaison, unitName);
        var api = await fx.App.ApiClientAsync("bulk-liaison");
        var requirements = await fx.App.WithDbAsync(db => db.MaterialRequirements.Where(m => m.NodeId == node).OrderBy(m => m.No).Select(m => m.No).Take(2).ToListAsync());
        Assert.Equal(2, requirements.Count);
        foreach (var no in requirements)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf($"bulk {no}")), "file", $"材料{no}.pdf" } };
            Assert.Equal(System.Net.HttpStatusCode.Created, (await api.PostAsync($"/api/campaigns/{campaign}/indicators/2/materials/{no}/evidence", form)).StatusCode);
        }
        var submitted = await (await api.PostAsync($"/api/campaigns/{campaign}/indicators/{node}/submission", System.Net.Http.Json.JsonContent.Create(new { }))).Content.ReadAsStringAsync();
        var ids = System.Text.Json.JsonDocument.Parse(submitted).RootElement.GetProperty("reviewIds").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(2, ids.Count);

        var office = await fx.SignedInPageAsync("office1");
        await office.GotoAsync($"/campaigns/{campaign}/review");
        foreach (var id in ids) await office.Locator($"#review-list input[name=Selected][value='{id}']").CheckAsync();
        await office.ClickAsync("#bulk-approve");
        await Assertions.Expect(office.Locator(".alert-ok")).ToContainTextAsync("已通过2项");
        foreach (var id in ids) await Assertions.Expect(office.Locator($"#review-list tr[data-review='{id}']")).ToHaveCountAsync(0);
        await BrowserFixture.ShotAsync(office, "review-bulk-approve");
        var states = await fx.App.WithDbAsync(db => db.RequirementReviews.Where(r => ids.Contains(r.Id)).Select(r => r.State).ToListAsync());
        Assert.All(states, st => Assert.Equal(Shifan.Core.Reviews.ReviewState.Approved, st));
    }

    /// <summary>Presses a review shortcut once its script listens (under load the key can come before the script).</summary>
    private static async Task PressKeyAsync(IPage page, string key)
    {
        await page.WaitForFunctionAsync("() => window.shifanKeys === true");
        await page.Locator("body").PressAsync(key);
    }

    /// <summary>
    /// Presses A and waits for the approval it posts. A key can be lost before it reaches the page (the PDF
    /// preview beside the decision may take the focus as it loads); only then, when no request went out at
    /// all, is the key pressed again, so an approval is never sent twice.
    /// </summary>
    private static async Task ApproveByKeyAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            var posted = page.WaitForRequestAsync(r => r.Method == "POST", new PageWaitForRequestOptions { Timeout = 5_000 });
            await PressKeyAsync(page, "a");
            try
            {
                await posted;
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                await page.EvaluateAsync("() => { document.activeElement?.blur(); window.focus(); }");
            }
        }
    }
}