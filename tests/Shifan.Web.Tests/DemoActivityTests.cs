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

        // The office lands on its work: the queue is one click from the home page.
        var page = await app.CookieClientAsync("office1");
        var home = System.Net.WebUtility.HtmlDecode(await page.GetStringAsync("/"));
        Assert.Contains("我的待办", home);
        Assert.Contains("待审核材料 3 项", home);
        Assert.Contains($"/campaigns/{campaign}/review", home);
    }
}
