using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Problems;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>Next year's round starts from this year's: units, assignments, open problems and still-valid evidence; statuses start afresh.</summary>
public class CampaignFromPastTests
{
    private static readonly Dictionary<string, string> Demo = new() { ["Shifan:Demo:Activity"] = "true" };

    private static MultipartFormDataContent Form(string name, int? from) => new()
    {
        { new StringContent(name), "name" }, { new StringContent("济源示范区"), "region" }, { new StringContent("区"), "level" },
        { new StringContent("2027-01-01"), "startsOn" }, { new StringContent("2027-12-31"), "endsOn" },
        { new StringContent(from?.ToString() ?? ""), "fromCampaignId" },
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ANewRoundCarriesUnitsAssignmentsOpenProblemsAndValidEvidenceWithStatusesReset(string provider)
    {
        await using var app = new ShifanApp(provider, Demo);
        var past = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("root", Roles.Admin);
        var admin = await app.ApiClientAsync("root");

        // One open and one closed problem; one evidence item dated before its requirement's 起始年份.
        var (expiredId, validItems) = await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.FirstAsync(u => u.CampaignId == past && u.Name == "行政审批科");
            var node = await db.Assignments.Where(a => a.UnitId == unit.Id).Select(a => a.NodeId).FirstAsync();
            var now = DateTimeOffset.UtcNow;
            db.Problems.Add(new Problem { CampaignId = past, No = 901, NodeId = node, OwnerUnitId = unit.Id, Description = "制度未及时更新", Measure = "修订制度", Deadline = new DateOnly(2026, 6, 30), Status = ProblemStatus.InProgress, CreatedAt = now, UpdatedAt = now });
            db.Problems.Add(new Problem { CampaignId = past, No = 902, NodeId = node, OwnerUnitId = unit.Id, Description = "已整改的问题", Deadline = new DateOnly(2026, 6, 30), Status = ProblemStatus.Closed, ProofEvidenceIds = "1", CreatedAt = now, UpdatedAt = now });
            var items = await db.EvidenceItems.Include(i => i.Links).Where(i => i.CampaignId == past && i.DeletedAt == null && i.Links.Count > 0).ToListAsync();
            var withSince = await db.MaterialRequirements.Where(m => m.Since != null).Select(m => new { m.Id, m.Since }).ToListAsync();
            var expired = items.First(i => i.Links.Any(l => withSince.Any(m => m.Id == l.MaterialRequirementId)));
            expired.DocumentDate = new DateOnly(2010, 3, 1);
            await db.SaveChangesAsync();
            return (expired.Id, items.Count - 1);
        });
        var pastUnits = await app.WithDbAsync(db => db.Units.CountAsync(u => u.CampaignId == past));
        var pastAssignments = await app.WithDbAsync(db => db.Assignments.CountAsync(a => a.CampaignId == past));
        Assert.True(await app.WithDbAsync(db => db.RequirementReviews.CountAsync(r => r.CampaignId == past)) > 0);

        var created = await admin.PostAsync("/api/campaigns", Form("济源示范区2027年法治政府建设示范创建", past));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await app.WithDbAsync(async db =>
        {
            Assert.Equal(pastUnits, await db.Units.CountAsync(u => u.CampaignId == id));
            Assert.Equal(pastAssignments, await db.Assignments.CountAsync(a => a.CampaignId == id));
            Assert.True(await db.Assignments.Where(a => a.CampaignId == id).AllAsync(a => a.Deadline == null));
            // Every problem not yet closed comes over (the demo's own and the one added here), none that was closed.
            var open = await db.Problems.Where(p => p.CampaignId == past && p.Status != ProblemStatus.Closed).Select(p => p.Description).ToListAsync();
            var carried = await db.Problems.Include(p => p.Steps).Where(p => p.CampaignId == id).ToListAsync();
            Assert.Equal(open.Order(), carried.Select(p => p.Description).Order());
            Assert.DoesNotContain(carried, p => p.Description == "已整改的问题");
            Assert.All(carried, p => Assert.Equal(ProblemStatus.Open, p.Status));
            Assert.Equal(Enumerable.Range(1, carried.Count), carried.Select(p => p.No).Order());
            var problem = carried.Single(p => p.Description == "制度未及时更新");
            Assert.True(problem.Deadline >= new DateOnly(2027, 1, 1));
            Assert.Contains(problem.Steps, s => s.Note!.Contains("第901号问题转入"));
            // Evidence: still-valid items come over on the new version's nodes with their files; the expired one does not.
            var items = await db.EvidenceItems.Include(i => i.Versions).Include(i => i.Links).Where(i => i.CampaignId == id).ToListAsync();
            Assert.Equal(validItems, items.Count);
            var expiredTitle = await db.EvidenceItems.Where(i => i.Id == expiredId).Select(i => i.Title).SingleAsync();
            var newFramework = await db.Campaigns.Where(c => c.Id == id).Select(c => c.FrameworkId).SingleAsync();
            var nodes = await db.FrameworkNodes.Where(n => n.FrameworkId == newFramework).Select(n => n.Id).ToListAsync();
            Assert.All(items, i => Assert.Contains(i.NodeId, nodes));
            Assert.All(items.Where(i => i.Kind != Core.Evidence.EvidenceKind.Explanation), i => Assert.NotEmpty(i.Versions));
            // Statuses start afresh: nothing reviewed, rated or handed in yet.
            Assert.Equal(0, await db.RequirementReviews.CountAsync(r => r.CampaignId == id));
            Assert.Equal(0, await db.IndicatorRatings.CountAsync(r => r.CampaignId == id));
            Assert.Equal(0, await db.Ledgers.CountAsync(l => l.CampaignId == id));
            return 0;
        });

        // Unknown or invisible past campaigns are refused naming the field, and nothing is created.
        var bad = await admin.PostAsync("/api/campaigns", Form("另一个", 99999));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("fromCampaignId", await bad.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Campaigns.AnyAsync(c => c.Name == "另一个")));
    }
}
