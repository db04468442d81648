using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>
/// Evaluator access (评估专家): the office grants one frozen package for a period; the evaluator reads that package
/// (its indicators, files and 情况说明 as frozen, previews and downloads) and nothing else of the campaign; every read
/// is audited; after the period, or once revoked, access is refused with the reason in Chinese.
/// </summary>
public class PackageGrantTests
{
    private static string Day(int fromToday) => Core.ChinaTime.Today(TimeProvider.System).AddDays(fromToday).ToString("yyyy-MM-dd");

    [Fact]
    public async Task PackageGrantCommandCreatesTheEvaluatorAndTheGrant()
    {
        var s = await PackageTests.SetUpAsync("sqlite");
        await using var _ = s.App;
        string[] target = ["--data", s.App.DataDirectory, "--database", s.App.ConnectionString];
        var stdout = new StringWriter();
        Assert.Equal(0, await Cli.CommandLine.RunAsync(["package", "freeze", "--campaign", s.Campaign.ToString(), .. target], stdout, new StringReader(""), new StringWriter()));
        stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Cli.CommandLine.RunAsync(["package", "grant", "--campaign", s.Campaign.ToString(), "--freeze", "1", "--user", "expert3", "--name", "王专家", "--until", Day(30), .. target],
            stdout, new StringReader(""), stderr);
        Assert.True(exit == 0, stdout.ToString() + stderr);
        Assert.Contains("一次性密码", stdout.ToString());
        var grant = await s.App.WithDbAsync(db => db.PackageGrants.SingleAsync());
        Assert.Equal(1, grant.FreezeNo);
        Assert.Equal(Core.ChinaTime.StartOf(Core.ChinaTime.Today(TimeProvider.System).AddDays(31)), grant.ValidUntil);
        // A freeze that does not exist: refused (exit 2, as every refused input).
        Assert.Equal(2, await Cli.CommandLine.RunAsync(["package", "grant", "--campaign", s.Campaign.ToString(), "--freeze", "5", "--user", "expert3", "--until", Day(30), .. target],
            new StringWriter(), new StringReader(""), new StringWriter()));
    }

    [Fact]
    public async Task EvaluatorReadsOnlyTheGrantedPackageEveryReadIsAuditedAndAccessEndsWithItsPeriod()
    {
        var s = await PackageTests.SetUpAsync("sqlite");
        await using var _ = s.App;
        Assert.Equal(HttpStatusCode.Created, (await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/packages", null)).StatusCode);

        // A new account is created with the grant, as an evaluator, with a one-time password.
        var made = await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/packages/grants", new { freezeNo = 1, userName = "expert2", displayName = "李专家", validUntil = Day(7) });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.False(string.IsNullOrEmpty((await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()));
        var expert2 = await s.App.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == "expert2"));
        Assert.Equal(Roles.Evaluator, expert2.Role);
        Assert.Null(expert2.UnitId);

        // An existing evaluator account; an office account is refused (it would bring the campaign with it); so is a past date.
        await s.App.CreateUserAsync("expert1", Roles.Evaluator);
        var refused = await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/packages/grants", new { freezeNo = 1, userName = "office1", validUntil = Day(7) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("不是评估专家账号", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/packages/grants", new { freezeNo = 1, userName = "expert1", validUntil = Day(-1) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/packages/grants", new { freezeNo = 9, userName = "expert1", validUntil = Day(3) })).StatusCode);
        var granted = await s.Office.PostAsJsonAsync($"/api/campaigns/{s.Campaign}/packages/grants", new { freezeNo = 1, userName = "expert1", validUntil = Day(7) });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var createdGrant = await granted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, createdGrant.GetProperty("oneTimePassword").ValueKind);
        var grantId = createdGrant.GetProperty("grant").GetProperty("id").GetInt32();
        var otherGrant = await s.App.WithDbAsync(db => db.PackageGrants.Where(g => g.UserId == expert2.Id).Select(g => g.Id).SingleAsync());

        // The evaluator: their grant, the package as frozen, the PDF previewed inline and downloaded byte for byte.
        var expert = await s.App.ApiClientAsync("expert1");
        var mine = await expert.GetFromJsonAsync<JsonElement>("/api/evaluation");
        Assert.Equal(grantId, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetInt32());
        var package = await expert.GetFromJsonAsync<JsonElement>($"/api/evaluation/{grantId}");
        var files = package.GetProperty("manifest").GetProperty("files").EnumerateArray().ToList();
        var pdfNo = files.FindIndex(f => f.GetProperty("itemId").GetInt32() == s.Item) + 1;
        Assert.True(pdfNo > 0);
        var textNo = files.FindIndex(f => f.GetProperty("source").GetString() == "text") + 1;
        Assert.True(textNo > 0, "the demo's approved 情况说明 are in the package");
        var browser = await s.App.CookieClientAsync("expert1");
        var preview = await browser.GetAsync($"/evaluation/{grantId}/files/{pdfNo}?inline=true");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("application/pdf", preview.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PackageTests.MarkedPdf, await preview.Content.ReadAsByteArrayAsync());
        var download = await browser.GetAsync($"/evaluation/{grantId}/files/{pdfNo}");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/evaluation/{grantId}?file={textNo}"));
        Assert.Contains("id=\"preview-text\"", page);
        Assert.Contains(files[textNo - 1].GetProperty("text").GetString()!.Trim(), page);
        Assert.Contains("行政审批制度改革方案", page);
        Assert.Contains("/evaluation", await browser.GetStringAsync("/evaluation"));

        // Nothing else: not the other evaluator's grant, not the campaign, its evidence, its packages or the dashboard.
        Assert.Equal(HttpStatusCode.NotFound, (await expert.GetAsync($"/api/evaluation/{otherGrant}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/evaluation/{otherGrant}/files/1")).StatusCode);
        foreach (var path in new[] { $"/api/campaigns/{s.Campaign}", $"/api/campaigns/{s.Campaign}/evidence", $"/api/campaigns/{s.Campaign}/packages", $"/api/campaigns/{s.Campaign}/packages/1", "/api/campaigns" })
            Assert.True((await expert.GetAsync(path)).StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, path);
        foreach (var path in new[] { "/", $"/campaigns/{s.Campaign}", $"/campaigns/{s.Campaign}/evidence", $"/campaigns/{s.Campaign}/packages", $"/campaigns/{s.Campaign}/packages/1/download", $"/campaigns/{s.Campaign}/dashboard" })
            Assert.True((await browser.GetAsync(path)).StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, path);
        // Even an evaluator account placed in a unit holds no campaign claim.
        await s.App.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "expert1");
            user.UnitId = await db.Units.Where(u => u.CampaignId == s.Campaign).Select(u => u.Id).FirstAsync();
            return await db.SaveChangesAsync();
        });
        using (var scope = s.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ShifanDbContext>();
            var principal = await scope.ServiceProvider.GetRequiredService<Features.Account.AccountService>().PrincipalAsync(await db.Users.SingleAsync(u => u.UserName == "expert1"), "test");
            Assert.DoesNotContain(principal.Claims, c => c.Type is Features.Account.AccountService.CampaignClaim or Features.Account.AccountService.UnitClaim);
        }

        // Every view, preview and download is on the audit trail, with the evaluator's name.
        var audited = await s.App.WithDbAsync(db => db.AuditEntries.Where(a => a.Actor == "expert1" && a.Entity == "PackageGrant").Select(a => a.Action).ToListAsync());
        Assert.Contains("view", audited);
        Assert.Contains("preview", audited);
        Assert.Contains("download", audited);
        Assert.True(audited.Count >= 4, string.Join(",", audited));

        // After the period: refused, with the reason, on the API and the page.
        await s.App.WithDbAsync(async db =>
        {
            var g = await db.PackageGrants.SingleAsync(x => x.Id == grantId);
            g.ValidFrom = DateTimeOffset.UtcNow.AddDays(-10);
            g.ValidUntil = DateTimeOffset.UtcNow.AddDays(-1);
            return await db.SaveChangesAsync();
        });
        var expired = await expert.GetAsync($"/api/evaluation/{grantId}");
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("查阅期限已于", await expired.Content.ReadAsStringAsync());
        var expiredPage = await browser.GetAsync($"/evaluation/{grantId}");
        Assert.Equal(HttpStatusCode.Forbidden, expiredPage.StatusCode);
        Assert.Contains("查阅期限已于", WebUtility.HtmlDecode(await expiredPage.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/evaluation/{grantId}/files/{pdfNo}")).StatusCode);

        // Revoked: refused at once.
        var expert2Grant = await s.App.WithDbAsync(db => db.PackageGrants.SingleAsync(g => g.UserId == expert2.Id));
        Assert.Equal(HttpStatusCode.NoContent, (await s.Office.DeleteAsync($"/api/campaigns/{s.Campaign}/packages/grants/{expert2Grant.Id}")).StatusCode);
        var list = await s.Office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/packages/grants");
        Assert.Equal("Revoked", list.EnumerateArray().Single(g => g.GetProperty("id").GetInt32() == expert2Grant.Id).GetProperty("state").GetString());
    }
}
