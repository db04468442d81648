using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Evidence;
using Shifan.Core.Users;
using Shifan.Documents.Frameworks;
using Shifan.Features.Evidence;
using Shifan.Features.FrameworkImport;
using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>A new framework version (the same or an updated task table imported again) keeps the work already done.</summary>
public class FrameworkVersionTests
{
    private static async Task<ImportResult> ImportAsync(HttpClient office, int campaign, string json, Action<ImportPreview>? inspect = null)
    {
        var started = await office.PostAsync($"/api/campaigns/{campaign}/framework/import", Form(Encoding.UTF8.GetBytes(json), "指标体系.json"));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var preview = (await started.Content.ReadFromJsonAsync<ImportPreview>(FrameworkJson.Options))!;
        inspect?.Invoke(preview);
        var committed = await office.PostAsJsonAsync($"/api/campaigns/{campaign}/framework/import/{preview.Token}/commit", new { units = new Dictionary<string, int>() });
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        return (await committed.Content.ReadFromJsonAsync<ImportResult>())!;
    }

    private static async Task<IndicatorCheck> IndicatorOneAsync(HttpClient client, int campaign) =>
        (await client.GetFromJsonAsync<List<IndicatorCheck>>($"/api/campaigns/{campaign}/evidence/checks"))!.Single(c => c.Code == "1" && c.Kind == "indicator");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ImportingTheSameTableTwiceLeavesEveryEvidenceItemWhereItWas(string provider)
    {
        await using var app = new ShifanApp(provider);
        var campaign = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(campaign), Form(Pdf, "审批服务.pdf", ("year", "2024")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(campaign, "1", 2), Form(Pdf, "第二项.pdf", ("year", "2024")))).StatusCode);
        var before = await IndicatorOneAsync(office, campaign);
        Assert.True(before.Completeness > 0);
        var oldNode = before.NodeId;

        // A per-unit deadline on indicator 1.
        var lead = (await office.GetFromJsonAsync<List<JsonElement>>($"/api/campaigns/{campaign}/assignments?nodeId={oldNode}"))!.First();
        var deadline = new DateOnly(2027, 3, 31);
        Assert.True((await office.PostAsJsonAsync($"/api/campaigns/{campaign}/assignments",
            new { nodeId = oldNode, unitId = lead.GetProperty("unitId").GetInt32(), role = lead.GetProperty("role").GetString(), deadline })).IsSuccessStatusCode);

        var json = await office.GetStringAsync($"/api/campaigns/{campaign}/framework");
        for (var round = 1; round <= 2; round++)
        {
            var result = await ImportAsync(office, campaign, json, preview =>
            {
                Assert.Equal(2, preview.CarryOver.EvidenceMoving);
                Assert.Empty(preview.CarryOver.NeedRelink);
            });
            Assert.Equal(2, result.EvidenceMoved);
            Assert.Equal(0, result.EvidenceToRelink);
        }

        var after = await IndicatorOneAsync(office, campaign);
        Assert.NotEqual(oldNode, after.NodeId);
        Assert.Equal(before.Completeness, after.Completeness, 3);
        Assert.Equal(before.Requirements.Select(r => r.Count), after.Requirements.Select(r => r.Count));
        Assert.Equal(after.Completeness, (await IndicatorOneAsync(liaison, campaign)).Completeness, 3);
        var items = (await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{campaign}/evidence"))!;
        Assert.All(items, i => Assert.Equal(after.NodeId, i.NodeId));
        Assert.Empty((await office.GetFromJsonAsync<List<RelinkItem>>($"/api/campaigns/{campaign}/evidence/relink"))!);
        var kept = (await office.GetFromJsonAsync<List<JsonElement>>($"/api/campaigns/{campaign}/assignments?nodeId={after.NodeId}"))!;
        Assert.Contains(kept, a => a.GetProperty("deadline").GetString() == "2027-03-31");

        // The old address of indicator 1 still opens indicator 1.
        var page = app.CreateClient(new() { AllowAutoRedirect = false });
        await SignInAsync(page, "office1");
        var old = await page.GetAsync($"/campaigns/{campaign}/indicators/{oldNode}");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.EndsWith($"/campaigns/{campaign}/indicators/{after.NodeId}", old.Headers.Location!.ToString());
    }

    [Fact]
    public async Task EvidenceWhoseRequirementIsGoneIsListedForRelinkingAndRelinksInOneStep()
    {
        await using var app = new ShifanApp("sqlite");
        var campaign = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        var created = await liaison.PostAsync(Url(campaign), Form(Pdf, "审批服务.pdf", ("title", "审批服务情况"), ("year", "2024")));
        var itemId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // The new version rewrites indicator 1's first material requirement and inserts an indicator before it (renumbering all).
        var doc = JsonNode.Parse(await office.GetStringAsync($"/api/campaigns/{campaign}/framework"))!;
        var indicators = doc["nodes"]!.AsArray().SelectMany(Descendants).Where(n => (string?)n["kind"] == "indicator").ToList();
        var first = indicators.First(n => (string?)n["code"] == "1");
        first["materials"]![0]!["text"] = "全新的材料要求，与原来的毫无关系";
        var inserted = JsonNode.Parse(first.ToJsonString())!;
        inserted["text"] = "新增的一项指标：依法公开权责清单。";
        inserted["title"] = "新增的一项指标";
        inserted["materials"] = new JsonArray();
        var siblings = first.Parent!.AsArray();
        siblings.Insert(siblings.IndexOf(first), inserted);
        var n = 0;
        foreach (var ind in doc["nodes"]!.AsArray().SelectMany(Descendants).Where(x => (string?)x["kind"] == "indicator")) ind["code"] = (++n).ToString();

        var result = await ImportAsync(office, campaign, doc.ToJsonString(), preview =>
        {
            var relink = Assert.Single(preview.CarryOver.NeedRelink);
            Assert.Equal("审批服务情况", relink.Title);
        });
        Assert.Equal(1, result.EvidenceToRelink);

        var waiting = Assert.Single((await office.GetFromJsonAsync<List<RelinkItem>>($"/api/campaigns/{campaign}/evidence/relink"))!);
        Assert.Equal(itemId, waiting.Id);
        Assert.Contains("审批", waiting.FormerRequirements.Single());
        Assert.Single((await liaison.GetFromJsonAsync<List<RelinkItem>>($"/api/campaigns/{campaign}/evidence/relink"))!);
        Assert.Single((await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{campaign}/evidence"))!);

        // The page shows it to the office; the old indicator 1 is now indicator 2 and its address follows it.
        var page = app.CreateClient();
        await SignInAsync(page, "office1");
        var html = await page.GetStringAsync($"/campaigns/{campaign}/evidence");
        Assert.Contains("<span id=\"relink-count\">1</span>", html);
        Assert.Contains("name=\"Relink.IndicatorCode\"", html);

        var bad = await liaison.PostAsJsonAsync($"/api/campaigns/{campaign}/evidence/{itemId}/relink", new { indicatorCode = "2", materialNo = 99 });
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        var done = await liaison.PostAsJsonAsync($"/api/campaigns/{campaign}/evidence/{itemId}/relink", new { indicatorCode = "2", materialNo = 1 });
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.Empty((await office.GetFromJsonAsync<List<RelinkItem>>($"/api/campaigns/{campaign}/evidence/relink"))!);
        var check = (await office.GetFromJsonAsync<List<IndicatorCheck>>($"/api/campaigns/{campaign}/evidence/checks"))!.Single(c => c.Code == "2" && c.Kind == "indicator");
        Assert.Equal(1, check.Requirements.Single(r => r.No == 1).Count);
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        if (node["children"] is JsonArray children)
            foreach (var c in children)
                foreach (var d in Descendants(c))
                    yield return d;
    }

    internal static async Task SignInAsync(HttpClient client, string userName)
    {
        var login = await client.GetStringAsync("/login");
        string Attr(string pattern) => System.Text.RegularExpressions.Regex.Match(login, pattern).Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Attr("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\""),
            ["_handler"] = "login",
            [Attr("name=\"([^\"]*UserName)\"")] = userName,
            [Attr("name=\"([^\"]*Password)\"")] = ShifanApp.Password,
        });
        var response = await client.PostAsync("/login", form);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"login answered {response.StatusCode}");
    }
}
