using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Shifan.Cli;
using Shifan.Core.Users;
using Shifan.TestSupport;

namespace Shifan.Web.Tests;

/// <summary>The monthly 工作台账: periods, pre-fill, submit and confirm, revisions, lateness in China time, exports and the command.</summary>
public class LedgerTests
{
    /// <summary>5 December 2026, 23:59 in Beijing: the last minute before the November ledgers are late.</summary>
    private static readonly DateTimeOffset LastMinute = new(2026, 12, 5, 15, 59, 0, TimeSpan.Zero);

    private static async Task<(ShifanApp App, int Campaign, int Unit)> StartAsync(string provider, FixedClock clock)
    {
        var app = new ShifanApp(provider) { Clock = clock };
        var id = await app.DemoCampaignIdAsync();
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == id && u.Name == "行政审批科").Select(u => u.Id).SingleAsync());
        return (app, id, unit);
    }

    private static Task<int> PeriodAsync(ShifanApp app, int campaign, string month) => app.WithDbAsync(async db =>
        (await db.LedgerPeriods.Where(p => p.CampaignId == campaign).ToListAsync()).Single(p => p.Key == month).Id);

    /// <summary>A page's HTML with Razor's character references decoded, so Chinese text can be looked for.</summary>
    private static async Task<string> PageAsync(HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private static async Task<string> Problem(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()!;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task LiaisonFillsAndSubmitsTheHeadConfirmsAndARevisionKeepsWhatChanged(string provider)
    {
        var (app, id, unit) = await StartAsync(provider, new FixedClock(LastMinute.AddDays(-3)));
        await using var _ = app;
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        await app.CreateUserAsync("head1", Roles.UnitHead, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        var head = await app.ApiClientAsync("head1");
        var office = await app.OfficeClientAsync();
        var period = await PeriodAsync(app, id, "2026-12");
        var url = $"/api/campaigns/{id}/ledgers/periods/{period}/units/{unit}";

        // Opened before anything is attached: the pre-fill kept for this liaison (ADR-024) must not outlive the upload below.
        var before = (await liaison.GetFromJsonAsync<JsonElement>(url)).GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "1");
        Assert.Equal(0, before.GetProperty("evidenceCount").GetInt32());
        Assert.StartsWith("尚未上报材料", before.GetProperty("materials").GetString());

        // Evidence the unit attached shows up in its ledger.
        (await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/2/explanations",
            new { title = "推行一件事一次办的情况说明", text = "本单位推行一件事一次办，已梳理事项清单。" })).EnsureSuccessStatusCode();
        var ledger = await liaison.GetFromJsonAsync<JsonElement>(url);
        var lines = ledger.GetProperty("lines").EnumerateArray().ToList();
        Assert.NotEmpty(lines);
        Assert.Equal("未开始", ledger.GetProperty("standing").GetString());
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("progress").ValueKind));
        var first = lines.Single(l => l.GetProperty("code").GetString() == "1");
        Assert.Contains("推行一件事一次办的情况说明", first.GetProperty("materials").GetString());
        Assert.Equal(1, first.GetProperty("evidenceCount").GetInt32());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("methods").GetString()));

        // An empty ledger is refused, and nothing is saved.
        var empty = await liaison.PostAsJsonAsync(url + "/submit", new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("尚未填写任何指标的完成进度", await Problem(empty));
        var node = first.GetProperty("nodeId").GetInt32();
        (await liaison.PutAsJsonAsync(url, new { filler = "张三", contact = "13800000000", entries = new[] { new { nodeId = node, progress = "正在推进", note = "已梳理事项清单" } } })).EnsureSuccessStatusCode();
        var bad = await liaison.PutAsJsonAsync(url, new { entries = new[] { new { nodeId = node, progress = "差不多", note = "" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var submitted = await (await liaison.PostAsJsonAsync(url + "/submit", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("已提交", submitted.GetProperty("status").GetString());
        Assert.Equal("已提交", submitted.GetProperty("standing").GetString());
        Assert.True(submitted.GetProperty("frozen").GetBoolean());

        // Frozen: a direct edit is refused; the liaison cannot confirm, the head can.
        var frozen = await liaison.PutAsJsonAsync(url, new { entries = new[] { new { nodeId = node, progress = "已完成", note = "" } } });
        Assert.Equal(HttpStatusCode.BadRequest, frozen.StatusCode);
        Assert.Contains("不能直接修改", await Problem(frozen));
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PostAsync(url + "/confirm", null)).StatusCode);
        var confirmed = await (await head.PostAsync(url + "/confirm", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("已确认", confirmed.GetProperty("status").GetString());
        Assert.Equal("head1", confirmed.GetProperty("confirmedBy").GetString());

        // A revision: the submitted one is kept, the history says what changed.
        (await liaison.PostAsync(url + "/revisions", null)).EnsureSuccessStatusCode();
        (await liaison.PostAsJsonAsync(url + "/submit", new { entries = new[] { new { nodeId = node, progress = "已完成", note = "事项清单已公布" } } })).EnsureSuccessStatusCode();
        var history = (await liaison.GetFromJsonAsync<JsonElement>(url + "/revisions")).EnumerateArray().ToList();
        Assert.Equal([2, 1], history.Select(h => h.GetProperty("revision").GetInt32()));
        Assert.Equal("已确认", history[1].GetProperty("status").GetString());
        var changes = history[0].GetProperty("changes").EnumerateArray().ToList();
        Assert.Contains(changes, c => c.GetProperty("code").GetString() == "1" && c.GetProperty("field").GetString() == "完成进度"
            && c.GetProperty("before").GetString() == "正在推进" && c.GetProperty("after").GetString() == "已完成");
        Assert.Equal(2, await app.WithDbAsync(db => db.Ledgers.CountAsync(l => l.PeriodId == period && l.UnitId == unit)));

        // Another unit's ledger is out of the liaison's scope.
        var other = await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == id && u.Name == "财审科").Select(u => u.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/api/campaigns/{id}/ledgers/periods/{period}/units/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.PutAsJsonAsync($"/api/campaigns/{id}/ledgers/periods/{period}/units/{other}", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.GetAsync($"/api/campaigns/{id}/ledgers/periods/{period}")).StatusCode);

        // The office sees who has submitted and who has not started.
        var overview = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/ledgers/periods/{period}");
        var rows = overview.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal("已提交", rows.Single(r => r.GetProperty("unitId").GetInt32() == unit).GetProperty("standing").GetString());
        Assert.Contains(rows, r => r.GetProperty("standing").GetString() == "未开始");
        Assert.Equal(1, overview.GetProperty("submittedCount").GetInt32());
    }

    /// <summary>我的待办 of a liaison: the ledger due and its unit's deadlines, each one click from where to act, and the current stage.</summary>
    [Fact]
    public async Task MyWorkShowsTheLedgerDueTheDeadlinesAndTheStage()
    {
        var clock = new FixedClock(LastMinute.AddDays(-3)); // 2 December 2026 in Beijing; the November ledger is due on the 5th
        var (app, id, unit) = await StartAsync("sqlite", clock);
        await using var _ = app;
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var node = await app.WithDbAsync(async db =>
        {
            var assignment = await db.Assignments.Where(a => a.CampaignId == id && a.UnitId == unit).OrderBy(a => a.NodeId).FirstAsync();
            assignment.Deadline = new DateOnly(2026, 12, 4);
            await db.SaveChangesAsync();
            return assignment.NodeId;
        });
        var work = (await (await app.ApiClientAsync("liaison1")).GetFromJsonAsync<List<JsonElement>>("/api/me/work"))!.Single(w => w.GetProperty("campaignId").GetInt32() == id);
        Assert.Equal("行政审批科", work.GetProperty("unitName").GetString());
        Assert.False(string.IsNullOrEmpty(work.GetProperty("stageName").GetString()));
        var items = work.GetProperty("items").EnumerateArray().ToList();
        var ledger = items.Single(i => i.GetProperty("kind").GetString() == "ledger" && i.GetProperty("title").GetString()!.Contains("3天后截止"));
        Assert.Equal($"/campaigns/{id}/ledgers/{await PeriodAsync(app, id, "2026-11")}/units/{unit}", ledger.GetProperty("href").GetString());
        var deadline = items.Single(i => i.GetProperty("kind").GetString() == "deadline" && i.GetProperty("href").GetString() == $"/campaigns/{id}/indicators/{node}");
        Assert.Contains("2天后截止", deadline.GetProperty("title").GetString());
        Assert.True(deadline.GetProperty("urgent").GetBoolean());
    }

    [Fact]
    public async Task LatenessStartsTheDayAfterTheDueDateInChinaTime()
    {
        var clock = new FixedClock(LastMinute);
        var (app, id, _) = await StartAsync("sqlite", clock);
        await using var _ = app;
        var office = await app.OfficeClientAsync();
        var november = await PeriodAsync(app, id, "2026-11");
        var october = await PeriodAsync(app, id, "2026-10");
        var september = await PeriodAsync(app, id, "2026-09");

        // 23:59 on 5 December in Beijing (15:59 UTC): the November ledgers are not late yet.
        var before = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/ledgers/periods/{november}");
        Assert.Equal("2026-12-05", before.GetProperty("period").GetProperty("dueOn").GetString());
        Assert.All(before.GetProperty("units").EnumerateArray(), r => Assert.Equal("未开始", r.GetProperty("standing").GetString()));
        Assert.Equal(0, before.GetProperty("lateCount").GetInt32());

        // 00:00:30 on 6 December in Beijing, still 5 December in UTC: every unit is now missing.
        clock.Advance(TimeSpan.FromSeconds(90));
        var after = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/ledgers/periods/{november}");
        Assert.All(after.GetProperty("units").EnumerateArray(), r => Assert.Equal("逾期未报", r.GetProperty("standing").GetString()));
        Assert.Equal(after.GetProperty("units").GetArrayLength(), after.GetProperty("lateCount").GetInt32());

        // The demo's past months: all submitted but one unit, which is flagged; one unit handed September in late.
        var oct = (await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/ledgers/periods/{october}")).GetProperty("units").EnumerateArray().ToList();
        Assert.Single(oct, r => r.GetProperty("standing").GetString() == "逾期未报");
        Assert.Equal(oct.Count - 1, oct.Count(r => r.GetProperty("standing").GetString() == "已提交"));
        var sep = (await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/ledgers/periods/{september}")).GetProperty("units").EnumerateArray().ToList();
        Assert.Single(sep, r => r.GetProperty("standing").GetString() == "逾期提交");
        Assert.All(sep.Where(r => r.GetProperty("submitted").GetBoolean()), r => Assert.True(r.GetProperty("confirmed").GetBoolean()));

        // The office's page shows the same.
        var cookie = await app.CookieClientAsync("office1");
        var html = await PageAsync(cookie, $"/campaigns/{id}/ledgers?period={october}");
        Assert.Contains("逾期未报", html);
        Assert.Contains("已提交", html);
    }

    [Fact]
    public async Task OverlappingPeriodsAreRefusedAndTheDueDayMovesOpenMonths()
    {
        var (app, id, _) = await StartAsync("sqlite", new FixedClock(LastMinute));
        await using var _ = app;
        var office = await app.OfficeClientAsync();
        var url = $"/api/campaigns/{id}/ledgers/periods";
        Assert.Equal(HttpStatusCode.Created, (await office.PostAsJsonAsync(url, new { name = "年终督查", startsOn = "2026-12-01", endsOn = "2026-12-10", dueOn = "2026-12-12" })).StatusCode);
        var overlap = await office.PostAsJsonAsync(url, new { name = "补充督查", startsOn = "2026-12-08", endsOn = "2026-12-20" });
        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        Assert.Contains("与“年终督查”", await Problem(overlap));
        var month = await office.PostAsJsonAsync(url, new { kind = "monthly", startsOn = "2026-11-01" });
        Assert.Contains("重叠", await Problem(month));
        Assert.Equal(0, (await (await office.PostAsync(url + "/generate", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await office.PutAsJsonAsync($"/api/campaigns/{id}/ledgers/due-day", new { dueDay = 31 })).StatusCode);
        (await office.PutAsJsonAsync($"/api/campaigns/{id}/ledgers/due-day", new { dueDay = 10 })).EnsureSuccessStatusCode();
        var periods = (await office.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().ToList();
        string Due(string key) => periods.Single(p => p.GetProperty("key").GetString() == key).GetProperty("dueOn").GetString()!;
        Assert.Equal("2026-12-10", Due("2026-11"));
        Assert.Equal("2027-01-10", Due("2026-12"));
        Assert.Equal("2026-11-05", Due("2026-10"));
    }

    [Fact]
    public async Task TheLiaisonSubmitsThroughThePageAndTheHeadConfirmsThere()
    {
        var (app, id, unit) = await StartAsync("sqlite", new FixedClock(LastMinute.AddDays(-3)));
        await using var _ = app;
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        await app.CreateUserAsync("head1", Roles.UnitHead, "行政审批科");
        var period = await PeriodAsync(app, id, "2026-12");
        var page = $"/campaigns/{id}/ledgers/{period}/units/{unit}";
        var liaison = await app.CookieClientAsync("liaison1");

        var list = await PageAsync(liaison, $"/campaigns/{id}/ledgers");
        Assert.Contains(page, list);
        Assert.Contains("工作台账", await PageAsync(liaison, $"/campaigns/{id}"));
        var html = await PageAsync(liaison, page);
        Assert.Contains("提交台账", html);
        Assert.DoesNotContain("确认无误", html);
        var node = System.Text.RegularExpressions.Regex.Match(html, "name=\"Input.Lines\\[0\\].NodeId\" value=\"(\\d+)\"").Groups[1].Value;
        Assert.NotEmpty(node);

        // Submitting with nothing filled in is refused on the page, with the reason.
        var refused = await ShifanApp.PostFormAsync(liaison, page, "ledger", new() { ["Input.Action"] = "submit", ["Input.Lines[0].NodeId"] = node, ["Input.Lines[0].Progress"] = "" });
        Assert.Contains("尚未填写任何指标的完成进度", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        var done = await ShifanApp.PostFormAsync(liaison, page, "ledger", new()
        {
            ["Input.Action"] = "submit", ["Input.Filler"] = "李四", ["Input.Contact"] = "0391-1234567",
            ["Input.Lines[0].NodeId"] = node, ["Input.Lines[0].Progress"] = "Done", ["Input.Lines[0].Note"] = "已印发实施方案",
        });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        html = await PageAsync(liaison, page);
        Assert.Contains("已完成：已印发实施方案", html);
        Assert.Contains("修改台账（生成新版本）", html);
        Assert.DoesNotContain("ledger-form", html);

        var head = await app.CookieClientAsync("head1");
        Assert.Contains("确认无误", await PageAsync(head, page));
        Assert.Equal(HttpStatusCode.Redirect, (await ShifanApp.PostFormAsync(head, page, "confirm", new() { ["Confirm"] = "1" })).StatusCode);
        Assert.Contains("head1", await PageAsync(head, page));

        var docx = await liaison.GetAsync(page + "/export?format=docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        var other = await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == id && u.Name == "财审科").Select(u => u.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/campaigns/{id}/ledgers/{period}/units/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/campaigns/{id}/ledgers/{period}/units/{other}/export?format=docx")).StatusCode);
    }

    private sealed record Run(int Exit, string Out, string Err);

    private static async Task<Run> ShifanAsync(ShifanApp app, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--data", app.DataDirectory, "--database", app.ConnectionString], stdout, new StringReader(""), stderr);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task LedgerExportCommandWritesTheUnitAndConsolidatedLedgers()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        var (unit, units, month) = await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.Where(u => u.CampaignId == id && u.Name == "行政审批科").Select(u => u.Id).SingleAsync();
            var units = await db.Assignments.Where(a => a.CampaignId == id).Select(a => a.UnitId).Distinct().CountAsync();
            var submitted = await db.Ledgers.Where(l => l.CampaignId == id && l.UnitId == unit).Select(l => l.PeriodId).MaxAsync();
            var period = await db.LedgerPeriods.SingleAsync(p => p.Id == submitted);
            return (unit, units, period.Key);
        });
        var docx = Path.Combine(app.DataDirectory, "unit.docx");
        var run = await ShifanAsync(app, "ledger", "export", "--campaign", id.ToString(), "--period", month, "--unit", unit.ToString(), "--format", "docx", "--out", docx);
        Assert.True(run.Exit == 0, run.Err);
        using (var doc = WordprocessingDocument.Open(docx, false))
        {
            var text = doc.MainDocumentPart!.Document!.InnerText;
            Assert.Contains("行政审批科", text);
            Assert.Contains("三级指标", text);
            Assert.Contains("已完成", text);
        }
        var xlsx = Path.Combine(app.DataDirectory, "all.xlsx");
        run = await ShifanAsync(app, "ledger", "export", "--campaign", id.ToString(), "--period", month, "--format", "xlsx", "--out", xlsx);
        Assert.True(run.Exit == 0, run.Err);
        using (var book = SpreadsheetDocument.Open(xlsx, false))
            Assert.Equal(units + 1, book.WorkbookPart!.Workbook!.Sheets!.Count());

        run = await ShifanAsync(app, "ledger", "export", "--campaign", id.ToString(), "--period", month, "--format", "pdf", "--out", xlsx);
        Assert.Equal(2, run.Exit);
        Assert.Contains("不支持的导出格式", run.Err);
        run = await ShifanAsync(app, "ledger", "export", "--campaign", "999", "--period", month, "--format", "xlsx", "--out", xlsx);
        Assert.Equal(1, run.Exit);
        Assert.Contains("创建活动不存在", run.Err);
        run = await ShifanAsync(app, "ledger", "export", "--campaign", id.ToString(), "--period", "1999-01", "--format", "xlsx", "--out", xlsx);
        Assert.Equal(1, run.Exit);
        Assert.Contains("没有报送期", run.Err);
        run = await ShifanAsync(app, "ledger", "export", "--campaign", id.ToString(), "--period", month, "--fromat", "xlsx");
        Assert.Equal(2, run.Exit);
    }
}
