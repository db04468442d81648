using System.Net.Http.Json;
using System.Text.Json;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>The demo campaign shows the review loop at work on the first start: approvals, returns with reasons, items waiting, drafts.</summary>
public class DemoActivityTests
{
    [Fact]
    public async Task FirstStartShowsApprovedReturnedAndWaitingMaterial()
    {
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:Demo:Activity"] = "true" });
        var campaign = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        var lines = (await office.GetFromJsonAsync<List<JsonElement>>($"/api/campaigns/{campaign}/reviews"))!;
        var states = lines.GroupBy(l => l.GetProperty("state").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(states.GetValueOrDefault("Approved") >= 5, string.Join(",", states));
        Assert.True(states.GetValueOrDefault("Returned") >= 2);
        Assert.True(states.GetValueOrDefault("Submitted") >= 3);
        Assert.All(lines.Where(l => l.GetProperty("state").GetString() == "Returned"), l => Assert.False(string.IsNullOrEmpty(l.GetProperty("returnReason").GetString())));
        Assert.NotEmpty((await office.GetFromJsonAsync<List<JsonElement>>($"/api/campaigns/{campaign}/reviews/queue"))!);

        // The 问题清单 shows the rectification loop: one problem being fixed, one closed with its proof.
        var problems = (await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/problems")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["整改中", "已销号", "待整改"], problems.Select(p => p.GetProperty("status").GetString()!));
        var closed = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/problems/{problems[1].GetProperty("id").GetInt32()}");
        Assert.NotEmpty(closed.GetProperty("proof").EnumerateArray());
        Assert.Equal("销号", closed.GetProperty("steps").EnumerateArray().Last().GetProperty("action").GetString());

        // The office lands on its work: the queue is one click from the home page.
        var page = await app.CookieClientAsync("office1");
        var home = System.Net.WebUtility.HtmlDecode(await page.GetStringAsync("/"));
        Assert.Contains("我的待办", home);
        Assert.Contains("待审核材料 3 项", home);
        Assert.Contains($"/campaigns/{campaign}/review", home);

        // Approved material includes real Word files, kept in the store, so freezing the demo gives a package with files in it.
        var files = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.EvidenceVersions.Where(v => v.FileName.EndsWith(".docx")).Select(v => v.Sha256)));
        Assert.True(files.Count >= 5, $"{files.Count} demo files");
        Assert.All(files, sha => Assert.True(File.Exists(Path.Combine(app.DataDirectory, "files", sha[..2], sha[2..4], sha)), sha));
        var frozen = await office.PostAsync($"/api/campaigns/{campaign}/packages", null);
        Assert.True(frozen.IsSuccessStatusCode, await frozen.Content.ReadAsStringAsync());
        var no = (await frozen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("no").GetInt32();
        var manifest = await office.GetStringAsync($"/api/campaigns/{campaign}/packages/{no}");
        Assert.Contains("工作方案.docx", manifest);
        // The ratings are pinned with the material: the office's and the lead units' as they stood at the freeze.
        Assert.Contains("办公室评定", manifest);
        Assert.Contains("牵头单位自评", manifest);
    }

    [Fact]
    public async Task FirstStartShowsSelfAssessmentUnderWay()
    {
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:Demo:Activity"] = "true" });
        var campaign = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        var overview = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/assessment");
        var rows = overview.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(rows.Count(r => r.GetProperty("unit").ValueKind == JsonValueKind.Object) >= 40);
        Assert.Equal(1, overview.GetProperty("differences").GetInt32());
        Assert.Contains(rows, r => r.GetProperty("unit").ValueKind == JsonValueKind.Object && r.GetProperty("unit").GetProperty("level").GetString() == "NotMet");
        var score = overview.GetProperty("score");
        Assert.InRange(score.GetProperty("total").GetDecimal(), 1m, 99m);
        Assert.False(score.GetProperty("vetoed").GetBoolean());
        // Three months of trend, each computed from the ratings given by then: the score rises.
        var trend = score.GetProperty("trend").EnumerateArray().Select(t => t.GetProperty("total").GetDecimal()).ToList();
        Assert.Equal(3, trend.Count);
        Assert.True(trend[0] < trend[2], string.Join(",", trend));
        Assert.Equal(score.GetProperty("total").GetDecimal(), trend[2]);
        Assert.Contains(rows, r => r.GetProperty("thresholds").GetInt32() > 0);
    }
}
