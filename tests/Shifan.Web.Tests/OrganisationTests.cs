using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;
using Shifan.Features.Organisations;

namespace Shifan.Web.Tests;

/// <summary>The organisation tree above campaigns: a city office sees its counties' campaigns and nothing else.</summary>
public class OrganisationTests
{
    private static async Task<int> AddOrgAsync(HttpClient admin, string name, string kind, int? parentId)
    {
        var response = await admin.PostAsJsonAsync("/api/organisations", new { name, kind, parentId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task<int> AddCampaignAsync(HttpClient admin, string name, int organisationId)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" }, { new StringContent(name[..3]), "region" }, { new StringContent("县"), "level" },
            { new StringContent("2027-01-01"), "startsOn" }, { new StringContent("2027-12-31"), "endsOn" }, { new StringContent(organisationId.ToString()), "organisationId" },
        };
        var response = await admin.PostAsync("/api/campaigns", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CampaignCreated>())!.Id;
    }

    private static async Task AddUserAsync(HttpClient security, string userName, string role, int organisationId)
    {
        var response = await security.PostAsJsonAsync("/api/users", new { userName, role, organisationId, password = ShifanApp.Password });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<string>> CampaignNamesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<CampaignSummary>>("/api/campaigns"))!.Select(c => c.Name).Order().ToList();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ACityOfficeSeesItsCountiesCampaignsAndACountyOnlyItsOwn(string provider)
    {
        await using var app = new ShifanApp(provider);
        var demo = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.Admin);
        await app.CreateUserAsync("sec1", Roles.SecurityAdmin);
        var admin = await app.ApiClientAsync("root");
        // 三员分立: the system admin builds the organisations and campaigns, the security admin makes the accounts.
        var security = await app.ApiClientAsync("sec1");

        var henan = await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == "河南省").Select(o => o.Id).SingleAsync());
        var pingdingshan = await AddOrgAsync(admin, "平顶山市", "City", henan);
        var lushan = await AddOrgAsync(admin, "鲁山县", "County", pingdingshan);
        var yexian = await AddOrgAsync(admin, "叶县", "County", pingdingshan);
        var justice = await AddOrgAsync(admin, "鲁山县司法局", "Department", lushan);
        var luoyang = await AddOrgAsync(admin, "洛阳市", "City", henan);
        var luanchuan = await AddOrgAsync(admin, "栾川县", "County", luoyang);

        var lushanCampaign = await AddCampaignAsync(admin, "鲁山县法治政府建设示范创建", lushan);
        await AddCampaignAsync(admin, "叶县法治政府建设示范创建", yexian);
        var luanchuanCampaign = await AddCampaignAsync(admin, "栾川县法治政府建设示范创建", luanchuan);

        await AddUserAsync(security, "pds-office", Roles.Office, pingdingshan);
        await AddUserAsync(security, "lushan-leader", Roles.Leader, lushan);
        var city = await app.ApiClientAsync("pds-office");
        var county = await app.ApiClientAsync("lushan-leader");

        Assert.Equal(["叶县法治政府建设示范创建", "鲁山县法治政府建设示范创建"], await CampaignNamesAsync(city));
        Assert.Equal(["鲁山县法治政府建设示范创建"], await CampaignNamesAsync(county));
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync($"/api/campaigns/{lushanCampaign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/api/campaigns/{luanchuanCampaign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/api/campaigns/{demo}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/campaigns/{luanchuanCampaign}/units")).StatusCode);
        // The side-by-side view of the city office: its two counties' campaigns, each with its figures; the county sees its own.
        var overview = (await city.GetFromJsonAsync<List<JsonElement>>("/api/dashboard/overview"))!;
        Assert.Equal(["叶县法治政府建设示范创建", "鲁山县法治政府建设示范创建"], overview.Select(o => o.GetProperty("name").GetString()!).Order().ToList());
        Assert.All(overview, o => Assert.Equal(93, o.GetProperty("indicators").GetInt32()));
        Assert.Single((await county.GetFromJsonAsync<List<JsonElement>>("/api/dashboard/overview"))!);
        // Each campaign in the city's view opens its own dashboard, API and page; a campaign outside the city does not exist for it.
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync($"/api/campaigns/{lushanCampaign}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync($"/campaigns/{lushanCampaign}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/api/campaigns/{luanchuanCampaign}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/campaigns/{luanchuanCampaign}/dashboard")).StatusCode);

        // Nor may they keep the tree: that is the system administrator's.
        Assert.Equal(HttpStatusCode.Forbidden, (await city.GetAsync("/api/organisations")).StatusCode);

        // The tree reads in order with paths; the demo's bureau runs the demo campaign and its sections are its units.
        var tree = (await admin.GetFromJsonAsync<List<OrganisationRow>>("/api/organisations"))!;
        Assert.Equal("河南省 / 平顶山市 / 鲁山县 / 鲁山县司法局", tree.Single(o => o.Id == justice).Path);
        Assert.True(tree.FindIndex(o => o.Id == lushan) < tree.FindIndex(o => o.Id == justice));
        Assert.Equal(1, tree.Single(o => o.Id == lushan).Campaigns);
        var bureau = await app.WithDbAsync(db => db.Campaigns.Where(c => c.Id == demo).Select(c => c.OrganisationId).SingleAsync());
        Assert.NotNull(bureau);
        Assert.Equal(await app.WithDbAsync(db => db.Units.CountAsync(u => u.CampaignId == demo)),
            await app.WithDbAsync(db => db.Units.CountAsync(u => u.CampaignId == demo && u.OrganisationId != null)));

        // Mistakes are refused with the field or as a conflict, and nothing changes.
        var cycle = await admin.PutAsJsonAsync($"/api/organisations/{pingdingshan}", new { name = "平顶山市", kind = "City", parentId = lushan });
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Equal("不能把组织移到它自己或它的下级之下", (await cycle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("parentId")[0].GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/organisations", new { name = "叶县", kind = "County", parentId = pingdingshan })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/organisations", new { name = "", kind = "County", parentId = pingdingshan })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/organisations/{lushan}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/organisations/{justice}")).StatusCode);

        // Moving 叶县 under 洛阳市 takes its campaign out of 平顶山市's view at the next sign-in.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/organisations/{yexian}", new { name = "叶县", kind = "County", parentId = luoyang })).StatusCode);
        Assert.Equal(["鲁山县法治政府建设示范创建"], await CampaignNamesAsync(await app.ApiClientAsync("pds-office")));
    }

    [Fact]
    public async Task OrganisationCommandsBuildTheTreeAndCampaignsJoinIt()
    {
        await using var app = new ShifanApp("sqlite");
        await app.DemoCampaignIdAsync();
        var output = new StringWriter();
        var errors = new StringWriter();
        async Task<int> Run(params string[] args) =>
            await Shifan.Cli.CommandLine.RunAsync([.. args, "--data", app.DataDirectory, "--database", app.ConnectionString], output, new StringReader(""), errors);

        Assert.Equal(0, await Run("org", "add", "许昌市", "--kind", "市"));
        var xuchang = await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == "许昌市").Select(o => o.Id).SingleAsync());
        Assert.Equal(0, await Run("org", "add", "禹州市", "--kind", "县", "--parent", xuchang.ToString()));
        Assert.Equal(2, await Run("org", "add", "禹州市", "--kind", "镇"));
        Assert.Contains("类别“镇”不正确", errors.ToString());
        Assert.Equal(1, await Run("org", "add", "禹州市", "--kind", "县", "--parent", xuchang.ToString()));
        Assert.Equal(2, await Run("org", "add", "建安区", "--kind", "县", "--parent", "999999"));
        Assert.Contains("上级组织不存在", errors.ToString());
        Assert.Equal(0, await Run("org", "list"));
        Assert.Contains("禹州市（县（市、区））", output.ToString());

        var yuzhou = await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == "禹州市").Select(o => o.Id).SingleAsync());
        Assert.Equal(0, await Run("campaign", "create", "--name", "禹州市法治政府建设示范创建", "--region", "禹州市", "--from", "2027-01-01", "--to", "2027-12-31",
            "--organisation", yuzhou.ToString()));
        Assert.Equal(yuzhou, await app.WithDbAsync(db => db.Campaigns.Where(c => c.Name == "禹州市法治政府建设示范创建").Select(c => c.OrganisationId).SingleAsync()));
        Assert.Equal(2, await Run("campaign", "create", "--name", "无此组织的活动", "--region", "某地", "--from", "2027-01-01", "--to", "2027-12-31", "--organisation", "abc"));
    }
}
