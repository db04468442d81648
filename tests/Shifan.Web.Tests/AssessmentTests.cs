using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>自查自评: the lead unit rates, the office rates beside it, figures against standards, weights and the score that follows.</summary>
public class AssessmentTests
{
    private sealed record Indicator(int CampaignId, int NodeId, string LeadUnit);

    private static Task<Indicator> IndicatorAsync(ShifanApp app, string code, NodeKind kind = NodeKind.Indicator) => app.WithDbAsync(async db =>
    {
        var campaign = await db.Campaigns.OrderBy(c => c.Id).FirstAsync();
        var node = await db.FrameworkNodes.SingleAsync(n => n.FrameworkId == campaign.FrameworkId && n.Kind == kind && n.Code == code);
        var lead = await db.Assignments.Where(a => a.NodeId == node.Id && a.Role == AssignmentRole.Lead)
            .Join(db.Units, a => a.UnitId, u => u.Id, (a, u) => u.Name).FirstOrDefaultAsync();
        return new Indicator(campaign.Id, node.Id, lead ?? "");
    });

    private static async Task<JsonElement> OkJson(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task AssertField(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UnitAndOfficeRateSideBySideAndTheOfficeRatingCounts(string provider)
    {
        await using var app = new ShifanApp(provider);
        var ind = await IndicatorAsync(app, "14");
        Assert.NotEqual("", ind.LeadUnit);
        await app.CreateUserAsync("lead1", Roles.Liaison, ind.LeadUnit);
        var lead = await app.ApiClientAsync("lead1");
        var office = await app.OfficeClientAsync();
        var url = $"/api/campaigns/{ind.CampaignId}/assessment/{ind.NodeId}";

        var before = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{ind.CampaignId}/assessment/scores");
        Assert.Equal(0m, before.GetProperty("total").GetDecimal());

        var rated = await OkJson(await lead.PutAsJsonAsync($"{url}/ratings/unit", new { level = "达标", reason = "网上可办率已达92%，见统计报表" }));
        Assert.Equal("达标", rated.GetProperty("unit").GetProperty("levelName").GetString());
        var points = rated.GetProperty("points").GetDecimal();
        Assert.True(points > 0);
        Assert.Equal(points, rated.GetProperty("score").GetDecimal());

        var afterUnit = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{ind.CampaignId}/assessment/scores");
        Assert.Equal(Math.Round(points, 2), afterUnit.GetProperty("total").GetDecimal());

        // The office rates 基本达标 beside it: the difference is listed and the office's rating counts.
        var both = await OkJson(await office.PutAsJsonAsync($"{url}/ratings/office", new { level = "PartlyMet", reason = "接入率材料不全" }));
        Assert.True(both.GetProperty("differs").GetBoolean());
        Assert.Equal(Math.Round(points / 2, 2), both.GetProperty("score").GetDecimal());
        Assert.Contains(both.GetProperty("scoreLines").EnumerateArray(), l => l.GetString()!.Contains("评定基本达标"));
        var overview = await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{ind.CampaignId}/assessment");
        Assert.Equal(1, overview.GetProperty("differences").GetInt32());
        var row = overview.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("nodeId").GetInt32() == ind.NodeId);
        Assert.True(row.GetProperty("differs").GetBoolean());

        // The trend keeps this month's score.
        var trend = (await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{ind.CampaignId}/assessment/scores")).GetProperty("trend");
        Assert.Equal(Math.Round(points / 2, 2), trend.EnumerateArray().Single().GetProperty("total").GetDecimal());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task OnlyTheLeadUnitRatesAsTheUnitAndOnlyTheOfficeAsTheOffice(string provider)
    {
        await using var app = new ShifanApp(provider);
        var ind = await IndicatorAsync(app, "14");
        // An indicator the unit has no share in, and one where it is only a responsible unit (if the demo has one).
        var other = await app.WithDbAsync(async db =>
        {
            var unitId = await db.Units.Where(u => u.CampaignId == ind.CampaignId && u.Name == ind.LeadUnit).Select(u => u.Id).SingleAsync();
            var campaign = await db.Campaigns.SingleAsync(c => c.Id == ind.CampaignId);
            var held = db.Assignments.Where(a => a.UnitId == unitId).Select(a => a.NodeId);
            var id = await db.FrameworkNodes.Where(n => n.FrameworkId == campaign.FrameworkId && n.Kind == NodeKind.Indicator && !held.Contains(n.Id)).Select(n => n.Id).FirstAsync();
            return new Indicator(ind.CampaignId, id, "");
        });
        await app.CreateUserAsync("lead1", Roles.Liaison, ind.LeadUnit);
        var lead = await app.ApiClientAsync("lead1");
        var office = await app.OfficeClientAsync();
        var body = new { level = "达标", reason = "已完成" };

        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PutAsJsonAsync($"/api/campaigns/{ind.CampaignId}/assessment/{ind.NodeId}/ratings/office", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PutAsJsonAsync($"/api/campaigns/{ind.CampaignId}/assessment/{other.NodeId}/ratings/unit", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/campaigns/{ind.CampaignId}/assessment/{other.NodeId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PutAsJsonAsync($"/api/campaigns/{ind.CampaignId}/assessment/{ind.NodeId}/ratings/unit", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PutAsJsonAsync($"/api/campaigns/{ind.CampaignId}/assessment/{ind.NodeId}/weight", new { weight = "2" })).StatusCode);
        // The liaison's overview holds its own unit's indicators only.
        var rows = (await lead.GetFromJsonAsync<JsonElement>($"/api/campaigns/{ind.CampaignId}/assessment")).GetProperty("rows").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("nodeId").GetInt32() == ind.NodeId);
        Assert.DoesNotContain(rows, r => r.GetProperty("nodeId").GetInt32() == other.NodeId);
        Assert.Equal(0, await app.WithDbAsync(db => db.IndicatorRatings.CountAsync()));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task BadInputIsRefusedNamingTheField(string provider)
    {
        await using var app = new ShifanApp(provider);
        var ind = await IndicatorAsync(app, "14");
        var office = await app.OfficeClientAsync();
        var url = $"/api/campaigns/{ind.CampaignId}/assessment/{ind.NodeId}";

        await AssertField(await office.PutAsJsonAsync($"{url}/ratings/office", new { level = "达标", reason = "" }), "reason");
        await AssertField(await office.PutAsJsonAsync($"{url}/ratings/office", new { level = "优秀", reason = "很好" }), "level");
        await AssertField(await office.PutAsJsonAsync($"{url}/weight", new { weight = "abc" }), "weight");
        await AssertField(await office.PutAsJsonAsync($"{url}/weight", new { weight = "-1" }), "weight");
        await AssertField(await office.PutAsJsonAsync($"{url}/figures", new { key = "不低于90%", figure = "很高", source = "报表" }), "figure");
        await AssertField(await office.PutAsJsonAsync($"{url}/figures", new { key = "没有这项", figure = "90", source = "报表" }), "key");
        Assert.Equal(0, await app.WithDbAsync(db => db.IndicatorRatings.CountAsync() ));
        Assert.Equal(0, await app.WithDbAsync(db => db.ThresholdFigures.CountAsync()));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FiguresAreComparedWithTheStandardInTheText(string provider)
    {
        await using var app = new ShifanApp(provider);
        var ind = await IndicatorAsync(app, "14");
        await app.CreateUserAsync("lead1", Roles.Liaison, ind.LeadUnit);
        var lead = await app.ApiClientAsync("lead1");
        var url = $"/api/campaigns/{ind.CampaignId}/assessment/{ind.NodeId}";

        var node = await lead.GetFromJsonAsync<JsonElement>(url);
        var threshold = node.GetProperty("thresholds").EnumerateArray().Single(t => t.GetProperty("rule").GetString() == "不低于90%");
        var key = threshold.GetProperty("key").GetString();
        var low = await OkJson(await lead.PutAsJsonAsync($"{url}/figures", new { key, figure = "85.5%", source = "省政务服务网统计" }));
        var t1 = low.GetProperty("thresholds").EnumerateArray().Single(t => t.GetProperty("key").GetString() == key);
        Assert.False(t1.GetProperty("met").GetBoolean());
        Assert.Equal(85.5m, t1.GetProperty("figure").GetDecimal());
        var overview = await lead.GetFromJsonAsync<JsonElement>($"/api/campaigns/{ind.CampaignId}/assessment");
        Assert.Equal(1, overview.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("nodeId").GetInt32() == ind.NodeId).GetProperty("thresholdsFailing").GetInt32());

        var high = await OkJson(await lead.PutAsJsonAsync($"{url}/figures", new { key, figure = "92", source = "省政务服务网统计" }));
        Assert.True(high.GetProperty("thresholds").EnumerateArray().Single(t => t.GetProperty("key").GetString() == key).GetProperty("met").GetBoolean());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AVetoItemRatedNotMetFailsTheCampaignAndWeightsMoveTheScore(string provider)
    {
        await using var app = new ShifanApp(provider);
        var ind = await IndicatorAsync(app, "14");
        var veto = await IndicatorAsync(app, "1", NodeKind.Veto);
        var office = await app.OfficeClientAsync();
        var api = $"/api/campaigns/{ind.CampaignId}/assessment";

        await OkJson(await office.PutAsJsonAsync($"{api}/{ind.NodeId}/ratings/office", new { level = "达标", reason = "完成" }));
        var before = await office.GetFromJsonAsync<JsonElement>($"{api}/scores");
        Assert.False(before.GetProperty("vetoed").GetBoolean());

        // Doubling the weight of the indicator's area raises its share of the 100 points.
        var areaId = await app.WithDbAsync(async db =>
        {
            var n = await db.FrameworkNodes.SingleAsync(x => x.Id == ind.NodeId);
            while (n.ParentId is int p) n = await db.FrameworkNodes.SingleAsync(x => x.Id == p);
            return n.Id;
        });
        Assert.Equal(HttpStatusCode.NoContent, (await office.PutAsJsonAsync($"{api}/{areaId}/weight", new { weight = "2" })).StatusCode);
        var weighted = await office.GetFromJsonAsync<JsonElement>($"{api}/scores");
        Assert.True(weighted.GetProperty("total").GetDecimal() > before.GetProperty("total").GetDecimal(), $"{weighted} vs {before}");

        var vetoed = await OkJson(await office.PutAsJsonAsync($"{api}/{veto.NodeId}/ratings/office", new { level = "未达标", reason = "发生了否决情形" }));
        Assert.Contains(vetoed.GetProperty("scoreLines").EnumerateArray(), l => l.GetString()!.Contains("创建不通过"));
        var after = await office.GetFromJsonAsync<JsonElement>($"{api}/scores");
        Assert.True(after.GetProperty("vetoed").GetBoolean());
        Assert.Equal(weighted.GetProperty("total").GetDecimal(), after.GetProperty("total").GetDecimal());
        Assert.Contains(after.GetProperty("explanation").EnumerateArray(), l => l.GetString()!.Contains("否决项未达标"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ARatingThatFallsShortPutsOneProblemOnTheListForTheLeadUnit(string provider)
    {
        await using var app = new ShifanApp(provider);
        var ind = await IndicatorAsync(app, "14");
        await app.CreateUserAsync("lead1", Roles.Liaison, ind.LeadUnit);
        var lead = await app.ApiClientAsync("lead1");
        var url = $"/api/campaigns/{ind.CampaignId}/assessment/{ind.NodeId}/ratings/unit";

        await OkJson(await lead.PutAsJsonAsync(url, new { level = "达标", reason = "完成" }));
        Assert.Equal(0, await app.WithDbAsync(db => db.Problems.CountAsync()));
        await OkJson(await lead.PutAsJsonAsync(url, new { level = "未达标", reason = "接入率不足80%" }));
        await OkJson(await lead.PutAsJsonAsync(url, new { level = "未达标", reason = "接入率不足80%，正在整改" }));

        var problem = await app.WithDbAsync(db => db.Problems.SingleAsync());
        Assert.Equal(Core.Problems.ProblemSource.SelfRating, problem.Source);
        Assert.Equal(ind.NodeId, problem.NodeId);
        Assert.Equal(await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == ind.CampaignId && u.Name == ind.LeadUnit).Select(u => u.Id).SingleAsync()), problem.OwnerUnitId);
        Assert.Contains("自评为未达标", problem.Description);
        var list = await lead.GetFromJsonAsync<JsonElement>($"/api/campaigns/{ind.CampaignId}/problems");
        Assert.Contains("自评为未达标", list.ToString());
    }

    [Fact]
    public async Task TheIndicatorPageExplainsItsScoreAndTheFormsRate()
    {
        await using var app = new ShifanApp("sqlite");
        var ind = await IndicatorAsync(app, "14");
        await app.CreateUserAsync("lead1", Roles.Liaison, ind.LeadUnit);
        var cookie = await app.CookieClientAsync("lead1");
        var page = $"/campaigns/{ind.CampaignId}/assessment/{ind.NodeId}";

        var posted = await ShifanApp.PostFormAsync(cookie, page, "rate-unit", new() { ["Rating.Level"] = "NotMet", ["Rating.Reason"] = "接入率未达到80%" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("msg=", posted.Headers.Location!.OriginalString);
        var refused = await ShifanApp.PostFormAsync(cookie, page, "rate-unit", new() { ["Rating.Level"] = "Met", ["Rating.Reason"] = "" });
        Assert.Contains("error=", refused.Headers.Location!.OriginalString);

        var html = WebUtility.HtmlDecode(await cookie.GetStringAsync($"/campaigns/{ind.CampaignId}/indicators/{ind.NodeId}"));
        Assert.Contains("自评与得分", html);
        Assert.Contains("为什么是这个分数", html);
        Assert.Contains("评定未达标，系数0", html);
        var overview = WebUtility.HtmlDecode(await cookie.GetStringAsync($"/campaigns/{ind.CampaignId}/assessment"));
        Assert.Contains("为什么是 0 分", overview);
    }
}
