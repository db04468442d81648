using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Users;
using Shifan.Features.Evidence;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Web.Tests;

/// <summary>
/// Issue 14: the checks counted in the database give the answer that loading every item gave, and a search of a
/// word most material holds is paged in the database.
/// </summary>
public class EvidenceAtScaleTests
{
    private const string LiaisonUnit = "行政审批科";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ChecksCountedInTheDatabaseEqualTheChecksOfEveryItemLoaded(string provider)
    {
        await using var app = new ShifanApp(provider);
        var campaignId = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, LiaisonUnit);
        var liaison = await app.ApiClientAsync("liaison1");
        var (liaisonUnitId, nodeIds) = await FillVariedAsync(app, campaignId);

        foreach (var (client, unitOnly) in new[] { (office, (int?)null), (liaison, liaisonUnitId) })
        {
            var expected = await ChecksOfEveryItemAsync(app, campaignId, unitOnly, null);
            var actual = (await client.GetFromJsonAsync<List<IndicatorCheck>>($"/api/campaigns/{campaignId}/evidence/checks"))!;
            // The data set reaches every kind of finding, so equality is not reached by both being empty.
            var codes = expected.SelectMany(c => c.Requirements).SelectMany(r => r.Findings).Select(f => f.Code).ToHashSet();
            if (unitOnly is null)
                Assert.Empty(new[] { "missing", "too-few", "too-many", "too-old", "too-long", "url-without-screenshot", "type-mismatch", "duplicate" }.Except(codes));
            Assert.True(codes.Count >= 4);
            Assert.Equal(Json(expected), Json(actual));
            foreach (var nodeId in nodeIds.Take(6))
            {
                var one = (await client.GetFromJsonAsync<List<IndicatorCheck>>($"/api/campaigns/{campaignId}/evidence/checks?nodeId={nodeId}"))!;
                Assert.Equal(Json(await ChecksOfEveryItemAsync(app, campaignId, unitOnly, nodeId)), Json(one));
            }
        }

        // A change is seen at once (the kept answer is dropped by the write): deleting a duplicate ends its finding.
        var duplicate = (await office.GetFromJsonAsync<List<IndicatorCheck>>($"/api/campaigns/{campaignId}/evidence/checks"))!
            .SelectMany(c => c.Requirements).SelectMany(r => r.Findings).First(f => f.Code == "duplicate");
        Assert.Equal(HttpStatusCode.NoContent, (await office.DeleteAsync($"/api/campaigns/{campaignId}/evidence/{duplicate.EvidenceId}")).StatusCode);
        var after = (await office.GetFromJsonAsync<List<IndicatorCheck>>($"/api/campaigns/{campaignId}/evidence/checks"))!;
        Assert.Equal(Json(await ChecksOfEveryItemAsync(app, campaignId, null, null)), Json(after));
        Assert.DoesNotContain(after.SelectMany(c => c.Requirements).SelectMany(r => r.Findings), f => f.EvidenceId == duplicate.EvidenceId);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ASearchWithMoreMatchesThanAPageIsPagedNewestFirstWithItsTotal(string provider)
    {
        await using var app = new ShifanApp(provider);
        var campaignId = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, LiaisonUnit);
        var liaison = await app.ApiClientAsync("liaison1");
        // 1,030 items name the word (some deleted), 40 do not; a third belong to the liaison's unit.
        var (matching, liaisonMatching) = await app.WithDbAsync(async db =>
        {
            var unitIds = await db.Units.Where(u => u.CampaignId == campaignId).OrderBy(u => u.Id).Select(u => new { u.Id, u.Name }).ToListAsync();
            var own = unitIds.Single(u => u.Name == LiaisonUnit).Id;
            var others = unitIds.Where(u => u.Id != own).Select(u => u.Id).ToList();
            var node = await db.FrameworkNodes.Where(n => n.Materials.Count > 0 && db.Campaigns.Any(c => c.Id == campaignId && c.FrameworkId == n.FrameworkId)).OrderBy(n => n.Id).FirstAsync();
            var items = Enumerable.Range(0, 1070).Select(n => new EvidenceItem
            {
                CampaignId = campaignId, NodeId = node.Id, UnitId = n % 3 == 0 ? own : others[n % others.Count], Title = $"材料{n}", Kind = EvidenceKind.Explanation,
                Text = n < 1030 ? $"第{n}件：推进法治政府建设" : $"第{n}件：其他工作", UploadedBy = "test", UploadedAt = DateTimeOffset.UtcNow,
                DeletedAt = n % 50 == 7 ? DateTimeOffset.UtcNow : null,
            }).ToList();
            db.EvidenceItems.AddRange(items);
            await db.SaveChangesAsync();
            foreach (var item in items) await SearchIndex.IndexAsync(db, item.Id);
            var live = items.Where(i => i.DeletedAt is null && i.Text!.Contains("法治政府")).OrderByDescending(i => i.Id).ToList();
            return (live.Select(i => (i.Id, i.Title)).ToList(), live.Where(i => i.UnitId == own).Select(i => i.Id).ToList());
        });
        Assert.True(matching.Count > EvidenceService.CountLimit);
        var q = Uri.EscapeDataString("法治政府");

        // Page by page, newest first, every match once; the count stops past 1,000.
        var seen = new List<int>();
        for (var page = 1; ; page++)
        {
            var response = await office.GetAsync($"/api/campaigns/{campaignId}/evidence?q={q}&page={page}&pageSize=100");
            Assert.Equal($"{EvidenceService.CountLimit}+", Assert.Single(response.Headers.GetValues("X-Total-Count")));
            var rows = (await response.Content.ReadFromJsonAsync<List<EvidenceView>>())!;
            if (rows.Count == 0) break;
            Assert.True(rows.Count <= 100);
            seen.AddRange(rows.Select(r => r.Id));
        }
        Assert.Equal(matching.Select(m => m.Id), seen);
        // Without a page the API answers the first 500, as it did before it was paged.
        var first = (await office.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{campaignId}/evidence?q={q}"))!;
        Assert.Equal(matching.Take(EvidenceService.MaxPageSize).Select(m => m.Id), first.Select(r => r.Id));

        // The liaison sees their unit's matches only, counted exactly below the limit.
        var mine = await liaison.GetAsync($"/api/campaigns/{campaignId}/evidence?q={q}&pageSize=50&page=2");
        Assert.Equal(liaisonMatching.Count.ToString(), Assert.Single(mine.Headers.GetValues("X-Total-Count")));
        Assert.Equal(liaisonMatching.Skip(50).Take(50), (await mine.Content.ReadFromJsonAsync<List<EvidenceView>>())!.Select(r => r.Id));

        // The page shows 100 rows, says there are more than 1,000 and links to the next page.
        await app.CreateUserAsync("office2", Roles.Office, "示范创建工作领导小组办公室");
        var browser = await app.CookieClientAsync("office2");
        var html = WebUtility.HtmlDecode(await browser.GetStringAsync($"/campaigns/{campaignId}/evidence?q={q}&page=2"));
        Assert.Contains($"<strong id=\"evidence-count\">{EvidenceService.CountLimit}+</strong>", html);
        Assert.Contains($"<td>{matching[100].Title}</td>", html);
        Assert.Contains($"<td>{matching[199].Title}</td>", html);
        Assert.DoesNotContain($"<td>{matching[99].Title}</td>", html);
        Assert.DoesNotContain($"<td>{matching[200].Title}</td>", html);
        Assert.Contains($"共 {EvidenceService.CountLimit}+ 条，第 2 / 11 页", html);
        Assert.Contains("下一页", html);
        Assert.Contains("上一页", html);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>The checks as they were computed before issue 14: every live item the caller can see loaded with its versions and links.</summary>
    private static Task<List<IndicatorCheck>> ChecksOfEveryItemAsync(ShifanApp app, int campaignId, int? unitOnly, int? nodeId) => app.WithDbAsync(async db =>
    {
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.FrameworkId).SingleAsync();
        var nodes = await db.FrameworkNodes.AsNoTracking().Include(n => n.Materials)
            .Where(n => n.FrameworkId == frameworkId && n.Kind != NodeKind.Area && n.Kind != NodeKind.Group && (nodeId == null || n.Id == nodeId))
            .OrderBy(n => n.Id).ToListAsync();
        var items = await db.EvidenceItems.AsNoTracking().Include(i => i.Versions).Include(i => i.Links)
            .Where(i => i.CampaignId == campaignId && i.DeletedAt == null && (unitOnly == null || i.UnitId == unitOnly)).OrderBy(i => i.Id).ToListAsync();
        var byRequirement = items.SelectMany(i => i.Links.Select(l => (l.MaterialRequirementId, i))).ToLookup(x => x.MaterialRequirementId, x => x.i);
        return nodes.Select(n => EvidenceChecks.Check(n, byRequirement)).ToList();
    });

    /// <summary>
    /// About 600 items over the campaign's indicators, units and requirements with every case the checks tell
    /// apart: years and document dates around the requirement's since-year, 情况说明 around their limit (with
    /// whitespace and characters outside the BMP), web addresses with and without a screenshot, files whose newest
    /// or older version does not match its extension (in either case), the same file twice in one requirement or in
    /// two, deleted items, items serving two requirements; requirements with minimum, maximum and limits set.
    /// </summary>
    private static Task<(int LiaisonUnitId, List<int> NodeIds)> FillVariedAsync(ShifanApp app, int campaignId) => app.WithDbAsync(async db =>
    {
        var random = new Random(14);
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.FrameworkId).SingleAsync();
        var nodes = await db.FrameworkNodes.Include(n => n.Materials)
            .Where(n => n.FrameworkId == frameworkId && n.Materials.Count > 0 && n.Kind != NodeKind.Area && n.Kind != NodeKind.Group).OrderBy(n => n.Id).Take(12).ToListAsync();
        foreach (var (m, i) in nodes.SelectMany(n => n.Materials).Select((m, i) => (m, i)))
        {
            m.Since = i % 3 == 0 ? 2021 : i % 3 == 1 ? null : 2023;
            m.MinCount = i % 4 == 0 ? 60 : i % 4 == 1 ? null : 1;
            m.MaxCount = i % 5 == 0 ? 2 : null;
            m.MaxChars = i % 2 == 0 ? 40 : null;
        }
        await db.SaveChangesAsync();
        var units = await db.Units.Where(u => u.CampaignId == campaignId).Select(u => new { u.Id, u.Name }).ToListAsync();
        var liaisonUnit = units.Single(u => u.Name == LiaisonUnit).Id;
        var unitIds = new[] { liaisonUnit, liaisonUnit }.Concat(units.Where(u => u.Id != liaisonUnit).Take(3).Select(u => u.Id)).ToList();
        var shas = Enumerable.Range(0, 40).Select(i => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)))).ToList();
        string[] names = ["a.pdf", "B.PDF", "c.docx", "d.png", "e.jpeg", "f.txt", "g", "h.pdf.exe", "材料.Pdf", "i.xlsx"];
        string[] types = ["pdf", "pdf", "docx", "png", "jpg", "text", "pdf", "pdf", "pdf", "zip"];
        var items = new List<EvidenceItem>();
        for (var n = 0; n < 600; n++)
        {
            var node = nodes[random.Next(nodes.Count)];
            var kind = (EvidenceKind)random.Next(9);
            var item = new EvidenceItem
            {
                CampaignId = campaignId, NodeId = node.Id, UnitId = unitIds[random.Next(unitIds.Count)], Title = $"材料{n}", Kind = kind,
                Year = random.Next(4) == 0 ? null : 2018 + random.Next(8),
                DocumentDate = random.Next(3) == 0 ? new DateOnly(2019 + random.Next(6), 1 + random.Next(12), 1) : null,
                SourceUrl = random.Next(6) switch { 0 => $"https://www.example.gov.cn/{n}", 1 => " ", _ => null },
                UploadedBy = "test", UploadedAt = DateTimeOffset.UtcNow, DeletedAt = random.Next(12) == 0 ? DateTimeOffset.UtcNow : null,
            };
            if (kind == EvidenceKind.Explanation && random.Next(4) > 0)
            {
                var text = new StringBuilder();
                var length = random.Next(10, 700);
                for (var c = 0; c < length; c++) text.Append(random.Next(10) switch { 0 => " ", 1 => "\n", 2 => "𠀀", _ => "法" });
                item.Text = text.ToString();
            }
            var versions = kind == EvidenceKind.Explanation ? 0 : random.Next(3);
            for (var v = 1; v <= versions; v++)
            {
                var f = random.Next(names.Length);
                item.Versions.Add(new EvidenceVersion
                {
                    VersionNo = v, Sha256 = shas[random.Next(shas.Count)], Size = 10, FileName = names[random.Next(3) == 0 ? random.Next(names.Length) : f],
                    DetectedType = types[f], UploadedBy = "test", UploadedAt = DateTimeOffset.UtcNow,
                });
            }
            var requirement = node.Materials[random.Next(node.Materials.Count)];
            item.Links.Add(new EvidenceLink { MaterialRequirementId = requirement.Id });
            var second = nodes[random.Next(nodes.Count)].Materials[0];
            if (random.Next(8) == 0 && second.Id != requirement.Id) item.Links.Add(new EvidenceLink { MaterialRequirementId = second.Id });
            items.Add(item);
        }
        db.EvidenceItems.AddRange(items);
        await db.SaveChangesAsync();
        return (liaisonUnit, nodes.Select(n => n.Id).ToList());
    });
}
