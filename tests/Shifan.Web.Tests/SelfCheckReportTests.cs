using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Cli;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Problems;
using Shifan.Core.SelfAssessment;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>
/// 自评报告 and 自查报告 (issue 12): drafted from the ratings, figures, 情况说明 and problems in the database, edited,
/// made final (archived with its SHA-256, then refused further edits), scoped to the unit for unit users, exported by
/// `report selfcheck`, and carried by the frozen package (issue 13).
/// </summary>
public class SelfCheckReportTests
{
    private const string UnitReason = "单位自评理由-REASON-7F3A";
    private const string OfficeReason = "办公室评定意见-OFFICE-7F3A";
    private const string Explanation = "本单位已建成网上办事大厅，情况说明正文-EXPL-7F3A。";
    private const string OwnProblem = "网上可办率未达标-PROBLEM-7F3A";
    private const string OwnMeasure = "升级办事系统-MEASURE-7F3A";
    private const string OtherProblem = "其他单位的问题-OTHER-7F3A";

    private sealed record Run(int Exit, string Out, string Err);

    private static async Task<Run> ShifanAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, new StringReader(""), stderr);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Target(ShifanApp app) => ["--data", app.DataDirectory, "--database", app.ConnectionString];

    private sealed record Scene(int Campaign, int Unit, int OtherUnit, int Indicator, string IndicatorLabel, string NotHeldLabel, string ThresholdSubject, decimal Figure);

    /// <summary>
    /// In the demo campaign: indicator 1 (led by 行政审批科) rated 未达标 by the unit and 基本达标 by the office with
    /// reasons, a 情况说明, a problem of 行政审批科 on it and one of another unit; a figure against a parsed threshold.
    /// </summary>
    private static Task<Scene> SeedAsync(ShifanApp app) => app.WithDbAsync(async db =>
    {
        var campaign = await db.Campaigns.OrderBy(c => c.Id).FirstAsync();
        var nodes = await db.FrameworkNodes.Where(n => n.FrameworkId == campaign.FrameworkId).ToListAsync();
        var unit = await db.Units.SingleAsync(u => u.CampaignId == campaign.Id && u.Name == "行政审批科");
        var other = await db.Units.SingleAsync(u => u.CampaignId == campaign.Id && u.Name == "财审科");
        var held = await db.Assignments.Where(a => a.CampaignId == campaign.Id && a.UnitId == unit.Id).Select(a => a.NodeId).ToListAsync();
        var indicator = nodes.Single(n => n.Kind == NodeKind.Indicator && n.Code == "1");
        var notHeld = nodes.First(n => n.Kind == NodeKind.Indicator && !held.Contains(n.Id));
        var withThreshold = nodes.Where(n => n.Kind == NodeKind.Indicator && !n.NotApplicable).First(n => ThresholdParser.Read(n.Text).Thresholds.Count > 0);
        var threshold = ThresholdParser.Read(withThreshold.Text).Thresholds[0];
        var now = DateTimeOffset.UtcNow;
        // The demo's own self-assessment (when its activity is on) gives way to this scene's.
        db.IndicatorRatings.RemoveRange(await db.IndicatorRatings.Where(r => r.CampaignId == campaign.Id).ToListAsync());
        db.ThresholdFigures.RemoveRange(await db.ThresholdFigures.Where(r => r.CampaignId == campaign.Id).ToListAsync());
        db.Problems.RemoveRange(await db.Problems.Where(r => r.CampaignId == campaign.Id).ToListAsync());
        await db.SaveChangesAsync();
        db.IndicatorRatings.Add(new IndicatorRating { CampaignId = campaign.Id, NodeId = indicator.Id, Side = RatingSide.Unit, UnitId = unit.Id, Level = RatingLevel.NotMet, Reason = UnitReason, RatedBy = "lead1", RatedAt = now });
        db.IndicatorRatings.Add(new IndicatorRating { CampaignId = campaign.Id, NodeId = indicator.Id, Side = RatingSide.Office, Level = RatingLevel.PartlyMet, Reason = OfficeReason, RatedBy = "office1", RatedAt = now });
        foreach (var n in nodes.Where(n => n.Kind == NodeKind.Indicator && n.Id != indicator.Id).Take(20))
            db.IndicatorRatings.Add(new IndicatorRating { CampaignId = campaign.Id, NodeId = n.Id, Side = RatingSide.Office, Level = RatingLevel.Met, Reason = "达标", RatedBy = "office1", RatedAt = now });
        db.ThresholdFigures.Add(new ThresholdFigure { CampaignId = campaign.Id, NodeId = withThreshold.Id, ThresholdKey = threshold.Key, Figure = 87.5m, Source = "统计报表", EnteredBy = "office1", EnteredAt = now });
        db.EvidenceItems.Add(new EvidenceItem { CampaignId = campaign.Id, NodeId = indicator.Id, UnitId = unit.Id, Title = "1.1 工作情况说明（报告测试）", Kind = EvidenceKind.Explanation, Text = Explanation, UploadedBy = "lead1", UploadedAt = now });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        db.Problems.Add(new Problem { CampaignId = campaign.Id, No = 1, NodeId = indicator.Id, OwnerUnitId = unit.Id, Source = ProblemSource.SelfRating, Description = OwnProblem, Measure = OwnMeasure, Deadline = today.AddDays(30), Status = ProblemStatus.InProgress, CreatedAt = now, CreatedBy = "office1", UpdatedAt = now });
        db.Problems.Add(new Problem { CampaignId = campaign.Id, No = 2, NodeId = notHeld.Id, OwnerUnitId = other.Id, Source = ProblemSource.Manual, Description = OtherProblem, Measure = "", Deadline = today.AddDays(10), Status = ProblemStatus.Open, CreatedAt = now, CreatedBy = "office1", UpdatedAt = now });
        await db.SaveChangesAsync();
                // Long titles are shortened in the report's headings and tables: their beginning is what is there.
        static string Start(FrameworkNode n) => $"{n.Code}. {n.Title}"[..Math.Min(20, n.Code.Length + 2 + n.Title.Length)];
        return new Scene(campaign.Id, unit.Id, other.Id, indicator.Id, Start(indicator), Start(notHeld), threshold.Subject, 87.5m);
    });

    /// <summary>The score the scorecard gives for what is in the database, to find in the report.</summary>
    private static Task<Scorecard> ScoreAsync(ShifanApp app, int campaignId) => app.WithDbAsync(async db =>
    {
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.FrameworkId).SingleAsync();
        var framework = await db.Frameworks.Include(f => f.Nodes).SingleAsync(f => f.Id == frameworkId);
        var ratings = await db.IndicatorRatings.Where(r => r.CampaignId == campaignId).ToListAsync();
        return Scorecard.Compute(framework, Scorecard.Effective(ratings));
    });

    private static string Section(JsonElement report, string heading) =>
        report.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("heading").GetString() == heading).GetProperty("body").GetString()!;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TheOfficeDraftsEditsAndFinalizesTheSelfAssessmentReportWhichThePackageCarries(string provider)
    {
        await using var app = new ShifanApp(provider, new Dictionary<string, string> { ["Shifan:Demo:Activity"] = "true" });
        var s = await SeedAsync(app);
        var office = await app.OfficeClientAsync();
        await app.CreateUserAsync("lead1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("lead1");

        // Before any final report the package check says it is missing.
        var check = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/packages/check");
        Assert.Contains(check.GetProperty("findings").EnumerateArray(), f => f.GetProperty("message").GetString() == "自评报告尚未定稿");

        // Only the office drafts the campaign's 自评报告.
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PostAsync($"/api/campaigns/{s.Campaign}/reports", null)).StatusCode);
        // The demo campaign's 93 indicators, read from the database and written, well within issue 12's 5 seconds.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var created = await office.PostAsync($"/api/campaigns/{s.Campaign}/reports", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"drafting took {clock.Elapsed}");
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetInt32();
        Assert.Equal("草稿", draft.GetProperty("status").GetString());
        Assert.Equal(["一、基本情况", "二、自评得分", "三、指标完成情况", "四、存在问题及整改情况", "五、下一步工作"],
            draft.GetProperty("sections").EnumerateArray().Select(x => x.GetProperty("heading").GetString()!).ToArray());

        // The figures come from the database: the score as the scorecard computes it, the area's row, both ratings, the reasons,
        // the 情况说明, the figure against its threshold, and the problems with status and measure.
        var card = await ScoreAsync(app, s.Campaign);
        var score = Section(draft, "二、自评得分");
        Assert.Contains($"自评总分{Scorecard.F(card.Total)}分", score);
        var area = card.Nodes.First(n => n.Kind == NodeKind.Area);
        Assert.Contains($"| {area.Label} | {Scorecard.F(area.Points)} | {Scorecard.F(area.Score)} |", score);
        var indicators = Section(draft, "三、指标完成情况");
        Assert.Contains(s.IndicatorLabel, indicators);
        Assert.Contains("行政审批科自评未达标，办公室评定基本达标（评定不一致，以办公室评定为准）", indicators);
        Assert.Contains(UnitReason, indicators);
        Assert.Contains(OfficeReason, indicators);
        Assert.Contains(Explanation, indicators);
        Assert.Contains("实际87.5", indicators);
        Assert.Contains($"存在问题：{OwnProblem}（问题1，整改中）", indicators);
        var problems = Section(draft, "四、存在问题及整改情况");
        Assert.Contains(OwnProblem, problems);
        Assert.Contains(OwnMeasure, problems);
        Assert.Contains(OtherProblem, problems);
        Assert.Contains("整改中1个", problems);

        // Edited per section, then final: the .docx is archived with its hash and the report no longer changes.
        var sections = draft.GetProperty("sections").EnumerateArray()
            .Select(x => new { heading = x.GetProperty("heading").GetString(), body = x.GetProperty("heading").GetString() == "五、下一步工作" ? "下一步将持续整改-EDITED-7F3A。" : x.GetProperty("body").GetString() }).ToList();
        var saved = await office.PutAsJsonAsync($"/api/campaigns/{s.Campaign}/reports/{id}", new { title = "某县自评报告（修改稿）", sections });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PutAsJsonAsync($"/api/campaigns/{s.Campaign}/reports/{id}", new { title = " " })).StatusCode);
        // The campaign's report is outside a unit user's scope.
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.PostAsync($"/api/campaigns/{s.Campaign}/reports/{id}/finalize", null)).StatusCode);
        var final = await (await office.PostAsync($"/api/campaigns/{s.Campaign}/reports/{id}/finalize", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(final.GetProperty("isFinal").GetBoolean());
        var sha = final.GetProperty("sha256").GetString()!;
        var refused = await office.PutAsJsonAsync($"/api/campaigns/{s.Campaign}/reports/{id}", new { title = "再改" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("已定稿，不能再修改", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsync($"/api/campaigns/{s.Campaign}/reports/{id}/finalize", null)).StatusCode);

        var docx = await office.GetByteArrayAsync($"/api/campaigns/{s.Campaign}/reports/{id}/docx");
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(docx)));
        var archive = await app.WithDbAsync(db => db.SelfAssessmentReports.Where(r => r.Id == id).Select(r => r.Archive).SingleAsync());
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(archive!)));
        using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("某县自评报告（修改稿）", text);
            Assert.Contains("EDITED-7F3A", text);
            Assert.Contains(OwnProblem, text);
        }
        // A later change of the data does not change the final report; a new draft can be started.
        await app.WithDbAsync(async db => { (await db.Problems.SingleAsync(p => p.Description == OwnProblem)).Description = "已改的问题"; return await db.SaveChangesAsync(); });
        Assert.Equal(docx, await office.GetByteArrayAsync($"/api/campaigns/{s.Campaign}/reports/{id}/docx"));
        Assert.Equal(HttpStatusCode.Created, (await office.PostAsync($"/api/campaigns/{s.Campaign}/reports", null)).StatusCode);

        // `report selfcheck` exports the final version as archived.
        var output = Path.Combine(app.DataDirectory, "自评报告.docx");
        var run = await ShifanAsync(["report", "selfcheck", "--campaign", s.Campaign.ToString(), "--out", output, .. Target(app)]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("已导出定稿的自评报告", run.Out);
        Assert.Equal(docx, await File.ReadAllBytesAsync(output));

        // The package: the final 自评报告 is its first file, with its hashes in the manifest, and verify passes.
        check = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/packages/check");
        Assert.DoesNotContain(check.GetProperty("findings").EnumerateArray(), f => f.GetProperty("message").GetString() == "自评报告尚未定稿");
        Assert.Equal(HttpStatusCode.Created, (await office.PostAsync($"/api/campaigns/{s.Campaign}/packages", null)).StatusCode);
        var detail = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/packages/1");
        var entry = detail.GetProperty("manifest").GetProperty("files").EnumerateArray().First();
        Assert.Equal("00-自评报告.docx", entry.GetProperty("path").GetString());
        Assert.Equal(sha, entry.GetProperty("sha256").GetString());
        Assert.Equal(64, entry.GetProperty("sm3").GetString()!.Length);
        var zipBytes = await office.GetByteArrayAsync($"/api/campaigns/{s.Campaign}/packages/1/download");
        using (var zip = new ZipArchive(new MemoryStream(zipBytes)))
        {
            using var reportEntry = zip.GetEntry("00-自评报告.docx")!.Open();
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(reportEntry)));
        }
        var zipPath = Path.Combine(app.DataDirectory, "package.zip");
        await File.WriteAllBytesAsync(zipPath, zipBytes);
        var verify = await ShifanAsync(["package", "verify", zipPath, .. Target(app)]);
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AUnitUserDraftsOnlyItsOwnSelfCheckReportWithTheIndicatorsItHolds(string provider)
    {
        await using var app = new ShifanApp(provider);
        var s = await SeedAsync(app);
        var office = await app.OfficeClientAsync();
        await app.CreateUserAsync("lead1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("lead1");
        var officeReport = (await (await office.PostAsync($"/api/campaigns/{s.Campaign}/reports", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var otherReport = await office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/reports/selfcheck", new { unitId = s.OtherUnit });
        Assert.Equal(HttpStatusCode.Created, otherReport.StatusCode);
        var otherId = (await otherReport.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // The liaison's own unit by default; another unit's report is not there for it.
        var created = await liaison.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/reports/selfcheck", new { });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var mine = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(s.Unit, mine.GetProperty("unitId").GetInt32());
        Assert.Equal("行政审批科法治政府建设示范创建自查报告", mine.GetProperty("title").GetString());
        var indicators = Section(mine, "三、指标完成情况");
        Assert.Contains(s.IndicatorLabel, indicators);
        Assert.DoesNotContain(s.NotHeldLabel, indicators);
        Assert.Contains(UnitReason, indicators);
        var problems = Section(mine, "四、存在问题及整改情况");
        Assert.Contains(OwnProblem, problems);
        Assert.DoesNotContain(OtherProblem, problems);
        Assert.Contains("本单位承担", Section(mine, "二、自评得分"));

        Assert.Equal(HttpStatusCode.NotFound, (await liaison.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/reports/selfcheck", new { unitId = s.OtherUnit })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/api/campaigns/{s.Campaign}/reports/{officeReport}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/api/campaigns/{s.Campaign}/reports/{otherId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.PutAsJsonAsync($"/api/campaigns/{s.Campaign}/reports/{otherId}", new { title = "改" })).StatusCode);
        var list = await liaison.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/reports");
        Assert.Equal([mine.GetProperty("id").GetInt32()], list.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).ToArray());
        Assert.Equal(3, (await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/reports")).GetArrayLength());

        // The liaison edits its draft in the browser form, section by section, and makes it final.
        var browser = await app.CookieClientAsync("lead1");
        var page = $"/campaigns/{s.Campaign}/reports/{mine.GetProperty("id").GetInt32()}";
        var fields = new Dictionary<string, string> { ["Input.Title"] = "行政审批科自查报告（网页修改）" };
        var i = 0;
        foreach (var section in mine.GetProperty("sections").EnumerateArray())
        {
            fields[$"Input.Headings[{i}]"] = section.GetProperty("heading").GetString()!;
            fields[$"Input.Bodies[{i}]"] = i == 4 ? "网页上修改的下一步工作-FORM-7F3A" : section.GetProperty("body").GetString()!;
            i++;
        }
        var posted = await ShifanApp.PostFormAsync(browser, page, "save", fields);
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{(int)posted.StatusCode}");
        var after = await liaison.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/reports/{mine.GetProperty("id").GetInt32()}");
        Assert.Equal("行政审批科自查报告（网页修改）", after.GetProperty("title").GetString());
        Assert.Equal("网页上修改的下一步工作-FORM-7F3A", Section(after, "五、下一步工作"));
        Assert.Contains(UnitReason, Section(after, "三、指标完成情况"));
        Assert.Equal(HttpStatusCode.OK, (await liaison.PostAsync($"/api/campaigns/{s.Campaign}/reports/{mine.GetProperty("id").GetInt32()}/finalize", null)).StatusCode);
        var html = WebUtility.HtmlDecode(await browser.GetStringAsync(page));
        Assert.Contains("已定稿", html);
        Assert.DoesNotContain("id=\"report-form\"", html);
        var refused = await liaison.PutAsJsonAsync($"/api/campaigns/{s.Campaign}/reports/{mine.GetProperty("id").GetInt32()}", new { title = "定稿后再改" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("自查报告已定稿，不能再修改", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReportSelfcheckWritesTheUnitReportAndRefusesBadInputInChinese()
    {
        await using var app = new ShifanApp("sqlite");
        var s = await SeedAsync(app);
        var output = Path.Combine(app.DataDirectory, "自查报告.docx");
        var run = await ShifanAsync(["report", "selfcheck", "--campaign", s.Campaign.ToString(), "--unit", s.Unit.ToString(), "--out", output, .. Target(app)]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("尚无定稿的自查报告", run.Out);
        using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(output, false))
        {
            var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("行政审批科法治政府建设示范创建自查报告", text);
            Assert.Contains(OwnProblem, text);
            Assert.DoesNotContain(OtherProblem, text);
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.SelfAssessmentReports.CountAsync()));
        // Printed by LibreOffice, the headings and the unit's problem read back from the PDF.
        var pdf = await Shifan.TestSupport.LibreOffice.ConvertToPdfAsync(output, app.DataDirectory);
        using (var printed = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            var text = new string(string.Concat(printed.GetPages().Select(p => string.Concat(p.GetWords().Select(w => w.Text)))).Where(c => !char.IsWhiteSpace(c)).ToArray());
            foreach (var heading in new[] { "一、基本情况", "二、自评得分", "三、指标完成情况", "四、存在问题及整改情况", "五、下一步工作" }) Assert.Contains(heading, text);
            Assert.Contains(OwnProblem, text);
            Assert.Contains("本单位承担的", text);
        }

        var unknownCampaign = await ShifanAsync(["report", "selfcheck", "--campaign", "9999", "--out", output + "2", .. Target(app)]);
        Assert.NotEqual(0, unknownCampaign.Exit);
        Assert.Contains("创建活动9999不存在", unknownCampaign.Err);
        var unknownUnit = await ShifanAsync(["report", "selfcheck", "--campaign", s.Campaign.ToString(), "--unit", "99999", "--out", output + "3", .. Target(app)]);
        Assert.NotEqual(0, unknownUnit.Exit);
        Assert.Contains("单位99999不存在", unknownUnit.Err);
        var noDir = await ShifanAsync(["report", "selfcheck", "--campaign", s.Campaign.ToString(), "--out", Path.Combine(app.DataDirectory, "没有的目录", "x.docx"), .. Target(app)]);
        Assert.Equal(2, noDir.Exit);
        Assert.Contains("输出目录不存在", noDir.Err);
        var isDir = await ShifanAsync(["report", "selfcheck", "--campaign", s.Campaign.ToString(), "--out", app.DataDirectory, .. Target(app)]);
        Assert.Equal(2, isDir.Exit);
        Assert.Contains("输出路径是一个目录", isDir.Err);
        var badUnit = await ShifanAsync(["report", "selfcheck", "--campaign", s.Campaign.ToString(), "--unit", "abc", "--out", output, .. Target(app)]);
        Assert.Equal(2, badUnit.Exit);
        Assert.Contains("--unit 须为单位编号", badUnit.Err);
        Assert.False(File.Exists(output + "2"));
        Assert.False(File.Exists(output + "3"));
    }
}
