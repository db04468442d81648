using Shifan.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>The 督导看板 over the demo campaign: figures from aggregate queries, the list behind each, scope, lights and the ranking.</summary>
public class DashboardTests
{
    /// <summary>The demo campaign with its review history (the other tests leave it out).</summary>
    private static readonly Dictionary<string, string> Demo = new() { ["Shifan:Demo:Activity"] = "true" };

    private static async Task<string> PageAsync(HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EveryFigureMatchesTheListBehindIt(string provider)
    {
        await using var app = new ShifanApp(provider, Demo);
        var id = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();

        var d = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard");
        var indicators = d.GetProperty("indicators").GetInt32();
        Assert.True(indicators > 0);
        var byState = d.GetProperty("byState").EnumerateArray().ToList();
        Assert.Equal(4, byState.Count);
        Assert.Equal(indicators, byState.Sum(f => f.GetProperty("value").GetInt32()));
        // The demo has review history: something is approved and something came back.
        Assert.True(byState[0].GetProperty("value").GetInt32() + byState[1].GetProperty("value").GetInt32() > 0, d.ToString()[..Math.Min(3000, d.ToString().Length)]);
        Assert.Equal(indicators, d.GetProperty("byArea").EnumerateArray().Sum(r => r.GetProperty("counts").EnumerateArray().Sum(c => c.GetInt32())));
        Assert.NotEmpty(d.GetProperty("byUnit").EnumerateArray());
        Assert.NotEmpty(d.GetProperty("byMethod").EnumerateArray());
        Assert.NotEmpty(d.GetProperty("trend").EnumerateArray());
        Assert.Equal(5, d.GetProperty("ledgers").GetArrayLength());

        // Every figure drills down to a list with exactly as many items (the page and the API give the same list).
        var figures = byState.Concat(d.GetProperty("indicatorLights").EnumerateArray()).Concat(d.GetProperty("unitLights").EnumerateArray())
            .Concat(d.GetProperty("ledgers").EnumerateArray()).Concat(d.GetProperty("attention").EnumerateArray()).ToList();
        foreach (var f in figures)
        {
            var link = f.GetProperty("link").GetString()!;
            var list = await office.GetFromJsonAsync<JsonElement>("/api" + link.Replace("/dashboard/list", "/dashboard/list"));
            Assert.True(f.GetProperty("value").GetInt32() == list.GetProperty("total").GetInt32(), $"{f.GetProperty("label")}: {f.GetProperty("value")} ≠ list of {list.GetProperty("total")} ({link})");
        }
        foreach (var row in d.GetProperty("byUnit").EnumerateArray().Take(3))
        {
            var counts = row.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToList();
            var links = row.GetProperty("links").EnumerateArray().Select(l => l.GetString()!).ToList();
            for (var i = 0; i < 4; i++)
                Assert.Equal(counts[i], (await office.GetFromJsonAsync<JsonElement>("/api" + links[i])).GetProperty("total").GetInt32());
        }
        var returned = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard/list?kind=returned");
        Assert.True(returned.GetProperty("total").GetInt32() > 0);
        Assert.Contains(returned.GetProperty("rows").EnumerateArray(), r => r.GetProperty("cells")[3].GetString() is "数量不足" or "时间不符");
        Assert.Equal(HttpStatusCode.BadRequest, (await office.GetAsync($"/api/campaigns/{id}/dashboard/list?kind=everything")).StatusCode);

        // The page: figures, tables beside the charts and the chart data as JSON (no inline script).
        // (The office signs in with a second factor in the browser; a leader reads the same dashboard.)
        await app.CreateUserAsync("leader1", Roles.Leader, "示范创建工作领导小组办公室");
        var cookie = await app.CookieClientAsync("leader1");
        var page = await PageAsync(cookie, $"/campaigns/{id}/dashboard");
        Assert.Contains("督导看板", page);
        Assert.Contains("id=\"dashboard-charts\"", page);
        Assert.Contains("<script type=\"application/json\" id=\"dashboard-charts\">{", page);
        Assert.Contains("id=\"unit-table\"", page);
        var drill = await PageAsync(cookie, byState[0].GetProperty("link").GetString()!);
        Assert.Contains($"共 {byState[0].GetProperty("value").GetInt32()} 项", drill);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AUnitUserSeesItsOwnUnitOnly(string provider)
    {
        await using var app = new ShifanApp(provider, Demo);
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        var d = await liaison.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard");
        var units = d.GetProperty("byUnit").EnumerateArray().Select(u => u.GetProperty("label").GetString()).ToList();
        Assert.Equal(["行政审批科"], units);
        Assert.False(d.GetProperty("wholeCampaign").GetBoolean());
        var shares = await liaison.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard/list?kind=shares");
        Assert.All(shares.GetProperty("rows").EnumerateArray(), r => Assert.Equal("行政审批科", r.GetProperty("cells")[0].GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/api/campaigns/{id}/dashboard/list?kind=nolead")).StatusCode);
        var ranking = await liaison.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard/ranking");
        Assert.Equal(["行政审批科"], ranking.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("unitName").GetString()).ToList());
        // Its place is among all units, not first of one.
        var office = await app.OfficeClientAsync();
        var all = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard/ranking");
        var place = all.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitName").GetString() == "行政审批科").GetProperty("rank").GetInt32();
        Assert.Equal(place, ranking.GetProperty("units")[0].GetProperty("rank").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PutAsJsonAsync($"/api/campaigns/{id}/dashboard/settings", new { redReturns = 1 })).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ThresholdsAndWeightsArePerCampaignAndTheScoreAddsUp(string provider)
    {
        await using var app = new ShifanApp(provider, Demo);
        var id = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        int Red(JsonElement d) => d.GetProperty("indicatorLights")[2].GetProperty("value").GetInt32();
        var before = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard");

        var bad = await office.PutAsJsonAsync($"/api/campaigns/{id}/dashboard/settings", new { yellowReturns = 3, redReturns = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        (await office.PutAsJsonAsync($"/api/campaigns/{id}/dashboard/settings", new { yellowReturns = 1, redReturns = 1, weightCompletion = 100, weightTimeliness = 0, weightReturns = 0, weightApprovals = 0 })).EnsureSuccessStatusCode();
        var after = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard");
        // With red at one return, everything returned once is red now: never fewer reds than before, and more when any share was returned exactly once.
        Assert.True(Red(after) >= Red(before));
        Assert.Contains("被退回1次及以上", after.GetProperty("lightRule").GetString());

        var ranking = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard/ranking");
        var units = ranking.GetProperty("units").EnumerateArray().ToList();
        Assert.NotEmpty(units);
        var scores = units.Select(u => u.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        foreach (var u in units)
        {
            var lines = u.GetProperty("lines").EnumerateArray().ToList();
            Assert.Equal(["完成率", "台账及时", "退回情况", "审核通过"], lines.Select(l => l.GetProperty("part").GetString()));
            Assert.Equal(u.GetProperty("score").GetDouble(), Math.Round(lines.Sum(l => l.GetProperty("points").GetDouble()), 1), 1);
            // Only completion weighs now: the score is the completion rate.
            Assert.InRange(u.GetProperty("score").GetDouble() - lines[0].GetProperty("subScore").GetDouble(), -0.11, 0.11);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TheOfficeGeneratesEditsAndPublishesABulletinThatIsNumberedArchivedAndSent(string provider)
    {
        await using var app = new ShifanApp(provider, Demo);
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var office = await app.OfficeClientAsync();
        var liaison = await app.ApiClientAsync("liaison1");
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PostAsJsonAsync($"/api/campaigns/{id}/bulletins", new { })).StatusCode);

        var draft = await (await office.PostAsJsonAsync($"/api/campaigns/{id}/bulletins", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var b = draft.GetProperty("id").GetInt32();
        Assert.False(draft.GetProperty("published").GetBoolean());
        Assert.Contains("项指标", draft.GetProperty("summary").GetString());
        Assert.NotEmpty(draft.GetProperty("ranking").EnumerateArray());
        var edited = await (await office.PutAsJsonAsync($"/api/campaigns/{id}/bulletins/{b}", new { praised = "行政审批科表现突出，予以表扬。" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("行政审批科表现突出，予以表扬。", edited.GetProperty("praised").GetString());

        var published = await (await office.PostAsync($"/api/campaigns/{id}/bulletins/{b}/publish", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(published.GetProperty("published").GetBoolean());
        Assert.EndsWith("〔2026〕1号", published.GetProperty("number").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await office.PutAsJsonAsync($"/api/campaigns/{id}/bulletins/{b}", new { title = "改" })).StatusCode);
        var docx = await office.GetAsync($"/api/campaigns/{id}/bulletins/{b}/docx");
        docx.EnsureSuccessStatusCode();
        var bytes = await docx.Content.ReadAsByteArrayAsync();
        using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("〔2026〕1号", text);
            Assert.Contains("行政审批科表现突出", text);
        }
        // The bulletin the app generated and published, in the GB/T 9704 layout: read back from the .docx and printed by LibreOffice.
        var texts = new OfficialTexts(published.GetProperty("number").GetString()!, published.GetProperty("title").GetString()!,
            draft.GetProperty("summary").GetString()!.Split('\n')[0][..8], "一、总体情况", null, "领导小组办公室");
        OfficialDocumentLayout.AssertGbT9704(new MemoryStream(bytes), texts);
        using (var dir = new TempDirectory())
        {
            var path = dir.File("published.docx");
            await File.WriteAllBytesAsync(path, bytes);
            await OfficialDocumentLayout.AssertPrintedAsync(path, dir.Path, texts, requireEvenBodyLine: false);
        }
        // Archived: the published file is kept as it was published, whatever the campaign's texts and figures become.
        var again = await (await office.GetAsync($"/api/campaigns/{id}/bulletins/{b}/docx")).Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes, again);
        // Every unit's people are told.
        var notes = await liaison.GetFromJsonAsync<JsonElement>("/api/notifications");
        Assert.Contains("督导", notes.ToString());

        // The next one published in the year is number 2.
        var second = (await (await office.PostAsJsonAsync($"/api/campaigns/{id}/bulletins", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var p2 = await (await office.PostAsync($"/api/campaigns/{id}/bulletins/{second}/publish", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("〔2026〕2号", p2.GetProperty("number").GetString());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TheOverviewGivesEachCampaignTheFiguresOfItsOwnDashboard(string provider)
    {
        await using var app = new ShifanApp(provider, Demo);
        var demo = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.Admin);
        var admin = await app.ApiClientAsync("root");
        // A second campaign with nothing done yet beside the demo's, whose work is under way.
        var form = new MultipartFormDataContent
        {
            { new StringContent("叶县法治政府建设示范创建"), "name" }, { new StringContent("叶县"), "region" }, { new StringContent("县"), "level" },
            { new StringContent("2026-01-01"), "startsOn" }, { new StringContent("2027-12-31"), "endsOn" },
        };
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/campaigns", form)).StatusCode);
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        await app.CreateUserAsync("head1", Roles.UnitHead, "示范创建工作领导小组办公室");

        static int Figure(JsonElement d, string list, string label) =>
            d.GetProperty(list).EnumerateArray().Where(f => f.GetProperty("label").GetString() == label).Sum(f => f.GetProperty("value").GetInt32());
        foreach (var (client, campaigns) in new[] { (admin, 2), (await app.ApiClientAsync("liaison1"), 1), (await app.ApiClientAsync("head1"), 1) })
        {
            var overview = (await client.GetFromJsonAsync<List<JsonElement>>("/api/dashboard/overview"))!;
            Assert.Equal(campaigns, overview.Count);
            foreach (var row in overview)
            {
                var id = row.GetProperty("campaignId").GetInt32();
                var d = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/dashboard");
                var expected = new[]
                {
                    d.GetProperty("indicators").GetInt32(), Figure(d, "byState", "全部通过"), Figure(d, "byState", "被退回"),
                    Figure(d, "unitLights", "红灯"), Figure(d, "unitLights", "黄灯"), Figure(d, "ledgers", "逾期未交") + Figure(d, "ledgers", "逾期未报"),
                };
                var actual = new[] { "indicators", "approved", "returned", "redUnits", "yellowUnits", "lateLedgers" }.Select(p => row.GetProperty(p).GetInt32()).ToArray();
                Assert.Equal(expected, actual);
                Assert.Equal(d.GetProperty("periodName").GetString(), row.GetProperty("periodName").GetString());
                if (id == demo && client == admin)
                {
                    // The demo's figures over the whole campaign are not all zero, so the comparison means something.
                    Assert.True(actual[1] + actual[2] > 0, row.ToString());
                    Assert.True(actual[3] + actual[4] > 0, row.ToString());
                }
            }
        }
    }
}
