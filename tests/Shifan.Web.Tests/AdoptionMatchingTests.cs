using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Documents.Frameworks;
using Shifan.Features.FrameworkImport;
using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>
/// Adopting a new framework version carries each assignment to the node whose content continues the old one, never
/// to whatever node happens to bear the same number.
/// </summary>
public class AdoptionMatchingTests
{
    private static async Task<(ImportPreview Preview, ImportResult Result)> ImportAsync(HttpClient office, int campaign, FrameworkFile file)
    {
        var json = JsonSerializer.Serialize(file, FrameworkJson.Options);
        var started = await office.PostAsync($"/api/campaigns/{campaign}/framework/import", Form(Encoding.UTF8.GetBytes(json), "指标体系.json"));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var preview = (await started.Content.ReadFromJsonAsync<ImportPreview>(FrameworkJson.Options))!;
        var committed = await office.PostAsJsonAsync($"/api/campaigns/{campaign}/framework/import/{preview.Token}/commit", new { units = new Dictionary<string, int>() });
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        return (preview, (await committed.Content.ReadFromJsonAsync<ImportResult>())!);
    }

    /// <summary>(unit, node text, deadline) of every assignment of the campaign's current framework.</summary>
    private static Task<List<(string Unit, string Text, DateOnly? Deadline)>> AssignmentsAsync(ShifanApp app, int campaign) => app.WithDbAsync(async db =>
    {
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaign).Select(c => c.FrameworkId).FirstAsync();
        var rows = await (from a in db.Assignments
                          join n in db.FrameworkNodes on a.NodeId equals n.Id
                          join u in db.Units on a.UnitId equals u.Id
                          where a.CampaignId == campaign
                          select new { Unit = u.Name, n.Text, n.FrameworkId, a.Deadline }).ToListAsync();
        Assert.All(rows, r => Assert.Equal(frameworkId, r.FrameworkId));
        return rows.Select(r => (r.Unit, r.Text, r.Deadline)).OrderBy(r => r.Unit).ThenBy(r => r.Text).ToList();
    });

    /// <summary>The document states no units, so whatever assignments exist after adoption were carried over.</summary>
    private static FrameworkFile WithoutUnits(FrameworkFile file)
    {
        foreach (var n in file.AllNodes())
        {
            n.LeadUnits.Clear();
            n.LeadSections.Clear();
            n.ResponsibleUnits.Clear();
            n.Contacts.Clear();
            foreach (var m in n.Materials) m.Unit = null;
        }
        return file;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TheSameTableRenumberedKeepsEveryAssignmentAndAnUnrelatedOneKeepsNone(string provider)
    {
        await using var app = new ShifanApp(provider);
        var campaign = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        await app.WithDbAsync(async db =>
        {
            var first = await db.Assignments.Where(a => a.CampaignId == campaign).OrderBy(a => a.Id).FirstAsync();
            first.Deadline = new DateOnly(2027, 6, 30);
            return await db.SaveChangesAsync();
        });
        var before = await AssignmentsAsync(app, campaign);
        Assert.True(before.Count > 50, $"the demo campaign has {before.Count} assignments");

        // The same table with an indicator inserted at the top of every group (all numbers shift) and one indicator moved to another area.
        var renumbered = WithoutUnits((await office.GetFromJsonAsync<FrameworkFile>($"/api/campaigns/{campaign}/framework", FrameworkJson.Options))!);
        var groups = renumbered.AllNodes().Where(n => n.Kind == "group").ToList();
        foreach (var g in groups)
            g.Children.Insert(0, new NodeDto { Kind = "indicator", Code = "0", Title = $"新增指标{g.Code}", Text = $"新增指标：{g.Title}工作台账第{g.Code}册按季度归档。" });
        var moved = groups[0].Children.Last(c => c.Kind == "indicator");
        groups[0].Children.Remove(moved);
        groups[^1].Children.Add(moved);
        var no = 0;
        foreach (var n in renumbered.AllNodes().Where(n => n.Kind == "indicator" && int.TryParse(n.Code, out _))) n.Code = (++no).ToString();

        var (preview, result) = await ImportAsync(office, campaign, renumbered);
        Assert.Equal(before.Count, preview.CarryOver.AssignmentsKept);
        Assert.Equal(0, preview.CarryOver.AssignmentsDropped);
        var movedRow = Assert.Single(preview.CarryOver.Assignments, a => a.OldLabel.Contains(moved.Title));
        Assert.Equal("内容相同，编号或位置变化", movedRow.Reason);
        Assert.Equal(1.0, movedRow.Similarity);
        Assert.Equal(before.Count, result.AssignmentsKept);
        Assert.Equal(0, result.AssignmentsDropped);
        Assert.Equal(0, result.AssignmentsCreated);
        Assert.Equal(before, await AssignmentsAsync(app, campaign));

        // The page shows where each assignment goes.
        var page = app.CreateClient();
        await FrameworkVersionTests.SignInAsync(page, "office1");
        var unrelated = WithoutUnits(Unrelated(renumbered));
        var token = await StartAsync(office, campaign, unrelated);
        var html = await page.GetStringAsync($"/campaigns/{campaign}/framework/import/{token}");
        Assert.Contains($"<strong id=\"assignments-kept\">0</strong>", html);
        Assert.Contains($"<strong id=\"assignments-dropped\">{before.Count}</strong>", html);
        Assert.Contains("data-kept=\"false\"", html);
        Assert.DoesNotContain("data-kept=\"true\"", html);

        // An unrelated framework with the same numbers takes over nothing.
        var (unrelatedPreview, unrelatedResult) = await ImportAsync(office, campaign, unrelated);
        Assert.Equal(0, unrelatedPreview.CarryOver.AssignmentsKept);
        Assert.Equal(before.Count, unrelatedPreview.CarryOver.AssignmentsDropped);
        Assert.All(unrelatedPreview.CarryOver.Assignments, a => Assert.Null(a.NewLabel));
        Assert.Equal(0, unrelatedResult.AssignmentsKept);
        Assert.Empty(await AssignmentsAsync(app, campaign));
    }

    private static async Task<string> StartAsync(HttpClient office, int campaign, FrameworkFile file)
    {
        var json = JsonSerializer.Serialize(file, FrameworkJson.Options);
        var started = await office.PostAsync($"/api/campaigns/{campaign}/framework/import", Form(Encoding.UTF8.GetBytes(json), "其他体系.json"));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<ImportPreview>(FrameworkJson.Options))!.Token;
    }

    /// <summary>The same shape and numbers, about something else entirely (a school canteen checklist).</summary>
    private static FrameworkFile Unrelated(FrameworkFile shape)
    {
        string[] topics = ["食堂从业人员健康证", "食品原料进货查验记录", "留样冰箱温度记录", "餐具消毒台账", "校园周边摊点巡查", "学生营养餐配送", "后厨排烟管道清洗", "陪餐制度执行"];
        var file = JsonSerializer.Deserialize<FrameworkFile>(JsonSerializer.Serialize(shape, FrameworkJson.Options), FrameworkJson.Options)!;
        var i = 0;
        foreach (var n in file.AllNodes())
        {
            var topic = topics[i++ % topics.Length];
            n.Title = $"{topic}检查{i}";
            n.Text = n.Kind is "area" or "group" ? n.Title : $"{topic}检查{i}：抽查本学期{topic}，逐项核对签字和日期。";
            n.Goal = null;
            n.Explanation = null;
            n.Tasks.Clear();
            n.Materials = n.Kind is "area" or "group" ? [] : [new MaterialDto { No = 1, Text = $"{topic}抽查记录表" }];
        }
        return file;
    }
}
