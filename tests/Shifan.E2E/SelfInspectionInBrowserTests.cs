using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Users;

namespace Shifan.E2E;

/// <summary>
/// 全面自查 and 深入整改 in the browser (issue 12): the lead unit rates an indicator 未达标, the problem that puts on
/// the 问题清单 is fixed with new evidence and closed by the office (对账销号), the office's rating lifts the score by the
/// indicator's points, and a 否决项 rated 未达标 fails the campaign whatever the score.
/// </summary>
public class SelfInspectionInBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static decimal Score(string text) => decimal.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task RatingAProblemRectificationAndCloseMoveTheScore()
    {
        var campaign = await fx.App.DemoCampaignIdAsync();
        var (nodeId, code, lead, vetoId) = await fx.App.WithDbAsync(async db =>
        {
            var frameworkId = await db.Campaigns.Where(c => c.Id == campaign).Select(c => c.FrameworkId).SingleAsync();
            var node = await db.FrameworkNodes.Include(n => n.Materials).SingleAsync(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Indicator && n.Code == "14");
            var unit = await db.Assignments.Where(a => a.NodeId == node.Id && a.Role == AssignmentRole.Lead).Join(db.Units, a => a.UnitId, u => u.Id, (a, u) => u.Name).FirstAsync();
            var veto = await db.FrameworkNodes.Where(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Veto).Select(n => n.Id).FirstAsync();
            return (node.Id, node.Code, unit, veto);
        });
        await fx.App.CreateUserAsync("selflead", Roles.Liaison, lead);
        await fx.App.CreateUserAsync("selfoffice", Roles.Office, "示范创建工作领导小组办公室");

        // 1. The lead unit rates 未达标 with its reason.
        var liaison = await fx.SignedInPageAsync("selflead");
        await liaison.GotoAsync($"/campaigns/{campaign}/assessment/{nodeId}");
        await liaison.CheckAsync("#rate-unit-form input[value=NotMet]");
        await liaison.FillAsync("#rate-unit-form textarea[name='Rating.Reason']", "政务服务事项接入率未达到80%");
        await liaison.ClickAsync("#rate-unit-form button[type=submit]");
        await Assertions.Expect(liaison.Locator(".alert-ok")).ToContainTextAsync("已保存自评");
        await Assertions.Expect(liaison.Locator("#unit-rating")).ToContainTextAsync("未达标");
        await Assertions.Expect(liaison.Locator("#score-lines")).ToContainTextAsync("评定未达标，系数0");
        // A rating without a reason is refused with the field named in Chinese, and nothing changes.
        await liaison.CheckAsync("#rate-unit-form input[value=Met]");
        await liaison.FillAsync("#rate-unit-form textarea[name='Rating.Reason']", "");
        await liaison.EvaluateAsync("document.querySelector(\"#rate-unit-form textarea\").removeAttribute('required')");
        await liaison.ClickAsync("#rate-unit-form button[type=submit]");
        await Assertions.Expect(liaison.Locator(".alert-error")).ToContainTextAsync("请填写评定理由");
        await Assertions.Expect(liaison.Locator("#unit-rating")).ToContainTextAsync("未达标");

        // The office's page: the score before the office rates, and the points this indicator stands for.
        var office = await fx.SignedInPageAsync("selfoffice");
        await office.GotoAsync($"/campaigns/{campaign}/assessment/{nodeId}");
        var pointsText = (await office.Locator("#score-lines p strong").InnerTextAsync()).Split('/')[1].Replace("分", "");
        var points = Score(pointsText);
        await office.GotoAsync($"/campaigns/{campaign}/assessment");
        var before = Score(await office.Locator("#score-total").InnerTextAsync());

        // 2. The rating put a problem on the 问题清单 for the lead unit; the liaison starts and hands in new evidence.
        await liaison.GotoAsync($"/campaigns/{campaign}/problems");
        var row = liaison.Locator("tr", new() { HasText = $"第{code}项指标自评为未达标" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.Locator("a[href*='/problems/']").First.ClickAsync();
        await liaison.ClickAsync("#start");
        await Assertions.Expect(liaison.Locator("#problem-status")).ToHaveTextAsync("整改中");
        var problemUrl = liaison.Url.Split('?')[0];

        await liaison.GotoAsync($"/campaigns/{campaign}/indicators/{nodeId}");
        var requirement = liaison.Locator("section.requirement").First;
        await requirement.Locator("summary:has-text('上传文件')").ClickAsync();
        await requirement.Locator("input[name=year]").FillAsync("2026");
        await requirement.Locator("form.upload-form input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "政务服务事项接入情况（整改后）.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n% rectified\n%%EOF\n"),
        });
        await requirement.Locator("form.upload-form button[type=submit]").ClickAsync();
        await Assertions.Expect(liaison.Locator(".alert-ok")).ToContainTextAsync("已上传");

        await liaison.GotoAsync(problemUrl);
        await liaison.Locator("#proof-form label", new() { HasText = "整改后" }).Locator("input").CheckAsync();
        await liaison.FillAsync("#proof-form textarea[name='Proof.Note']", "已完成接入，接入率达到85%");
        await liaison.ClickAsync("#submit-proof");
        await Assertions.Expect(liaison.Locator("#problem-status")).ToHaveTextAsync("待销号");

        // 3. The office checks the proof and closes the problem (对账销号), then rates the indicator 达标.
        await office.GotoAsync(problemUrl);
        await Assertions.Expect(office.Locator("#proof")).ToContainTextAsync("整改后");
        await office.ClickAsync("#close");
        await Assertions.Expect(office.Locator("#problem-status")).ToHaveTextAsync("已销号");
        await Assertions.Expect(office.Locator("#closed-by")).ToContainTextAsync("selfoffice");

        await office.GotoAsync($"/campaigns/{campaign}/assessment/{nodeId}");
        await office.CheckAsync("#rate-office-form input[value=Met]");
        await office.FillAsync("#rate-office-form textarea[name='Rating.Reason']", "整改到位，经核查达标");
        await office.ClickAsync("#rate-office-form button[type=submit]");
        await Assertions.Expect(office.Locator("#office-rating")).ToContainTextAsync("达标");
        await Assertions.Expect(office.Locator("#office-rating")).ToContainTextAsync("与单位自评不一致");
        await office.GotoAsync($"/campaigns/{campaign}/assessment");
        var after = Score(await office.Locator("#score-total").InnerTextAsync());
        Assert.Equal(Math.Round(before + points, 2), after);
        await Assertions.Expect(office.Locator("#score-explanation")).ToContainTextAsync($"总分 {after.ToString(System.Globalization.CultureInfo.InvariantCulture)} 分");
        await BrowserFixture.ShotAsync(office, "self-assessment");

        // The indicator page explains the score line by line.
        await office.GotoAsync($"/campaigns/{campaign}/indicators/{nodeId}");
        await Assertions.Expect(office.Locator("#summary-score-lines")).ToContainTextAsync("评定达标，系数1");

        // 4. A 否决项 rated 未达标 fails the campaign whatever the score.
        await office.GotoAsync($"/campaigns/{campaign}/assessment/{vetoId}");
        await office.CheckAsync("#rate-office-form input[value=NotMet]");
        await office.FillAsync("#rate-office-form textarea[name='Rating.Reason']", "创建周期内发生否决情形");
        await office.ClickAsync("#rate-office-form button[type=submit]");
        await office.GotoAsync($"/campaigns/{campaign}/assessment");
        await Assertions.Expect(office.Locator("#vetoed")).ToContainTextAsync("创建不通过");
        Assert.Equal(after, Score(await office.Locator("#score-total").InnerTextAsync()));
    }
}
