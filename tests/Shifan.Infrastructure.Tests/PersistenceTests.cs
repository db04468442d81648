using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Auditing;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Documents.Frameworks;
using Shifan.Infrastructure.Persistence;
using Shifan.TestSupport;

namespace Shifan.Infrastructure.Tests;

/// <summary>The same persistence behaviour on SQLite and on a real PostgreSQL server.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private sealed class NamedActor(string name) : ICurrentActor
    {
        public string Name => name;
    }

    /// <summary>A caller whose data scope reaches only some units.</summary>
    private sealed class ScopedActor(params int[] units) : ICurrentActor
    {
        public string Name => "scoped";
        public IReadOnlyCollection<int>? ScopeUnits => units;
    }

    /// <summary>A caller whose data scope is 本人: their own unit, and only the rows they made.</summary>
    private sealed class OwnRecordsActor(string name, int unit) : ICurrentActor
    {
        public string Name => name;
        public IReadOnlyCollection<int>? ScopeUnits => [unit];
        public string? OwnRecordsOf => name;
    }

    private async Task<string> NewDatabaseAsync(string provider)
    {
        var cs = Providers.NewConnectionString(provider, dir.Path);
        await using var db = Database.Create(cs);
        await Database.MigrateAsync(db);
        return cs;
    }

    private static Framework SampleFramework()
    {
        var path = Path.Combine(ProjectFixtures.RepositoryRoot, "src", "Shifan", "SampleData", "demo-framework.json");
        using var s = File.OpenRead(path);
        var framework = FrameworkMapping.ToDomain(FrameworkJson.Read(s)).Framework;
        framework.CreatedAt = DateTimeOffset.UtcNow;
        return framework;
    }

    private static async Task<(Campaign Campaign, Framework Framework)> SeedCampaignAsync(ShifanDbContext db)
    {
        var framework = SampleFramework();
        db.Frameworks.Add(framework);
        await db.SaveChangesAsync();
        var campaign = new Campaign
        {
            Name = "测试创建", Region = "测试县", Level = CampaignLevel.County, FrameworkId = framework.Id,
            StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31), CreatedAt = DateTimeOffset.UtcNow,
        };
        campaign.AddDefaultStages();
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return (campaign, framework);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task MigrationsMatchTheModel(string provider)
    {
        var cs = await NewDatabaseAsync(provider);
        await using var db = Database.Create(cs);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration captures");
        Assert.Equal(provider == "postgres" ? typeof(PostgresShifanDbContext) : typeof(SqliteShifanDbContext), db.GetType());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task StoresAndReloadsTheWholeIndicatorTree(string provider)
    {
        var cs = await NewDatabaseAsync(provider);
        var expected = SampleFramework();
        int id;
        await using (var db = Database.Create(cs))
        {
            db.Frameworks.Add(expected);
            await db.SaveChangesAsync();
            id = expected.Id;
        }
        await using (var db = Database.Create(cs))
        {
            var loaded = await db.Frameworks.Include(f => f.Nodes).ThenInclude(n => n.Materials).AsSplitQuery().SingleAsync(f => f.Id == id);
            string Shape(Framework f) => string.Join("\n", f.InOrder().Select(n =>
                $"{n.Kind}|{n.Code}|{n.Parent?.Code}|{n.Text}|{string.Join(",", n.Methods)}|{string.Join(";", n.Tasks)}|{n.NotApplicable}|" +
                string.Join(";", n.Materials.OrderBy(m => m.Id).Select(m => $"{m.No}:{m.Text}:{m.Unit}:{m.Since}:{m.MinCount}:{m.MaxCount}:{m.MaxChars}"))));
            Assert.Equal(Shape(expected), Shape(loaded));
            Assert.True(loaded.Indicators.Count() >= 90);
            Assert.Empty(loaded.CheckInvariants());
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UnitNamesAreUniqueWithinACampaign(string provider)
    {
        var cs = await NewDatabaseAsync(provider);
        await using var db = Database.Create(cs);
        var (campaign, _) = await SeedCampaignAsync(db);
        db.Units.Add(new Unit { CampaignId = campaign.Id, Name = "司法局" });
        await db.SaveChangesAsync();
        db.Units.Add(new Unit { CampaignId = campaign.Id, Name = "司法局" });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public void EveryUnitOwnedTableIsScopedByDeclaringTheInterfaceAlone()
    {
        using var db = Database.Create("Data Source=:memory:");
        var owned = db.Model.GetEntityTypes().Where(t => typeof(IUnitOwned).IsAssignableFrom(t.ClrType)).ToList();
        Assert.Contains(owned, t => t.ClrType == typeof(Core.Evidence.EvidenceItem));
        Assert.Contains(owned, t => t.ClrType == typeof(Core.Reviews.RequirementReview));
        Assert.Contains(owned, t => t.ClrType == typeof(Core.Ledgers.Ledger));
        Assert.Contains(owned, t => t.ClrType == typeof(Core.Problems.Problem));
        Assert.Contains(owned, t => t.ClrType == typeof(Core.SelfAssessment.SelfAssessmentReport));
        Assert.All(owned, t => Assert.NotEmpty(t.GetDeclaredQueryFilters()));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TheUnitFilterShowsACallerOnlyTheirUnitsRowsAndTheCampaignsOwn(string provider)
    {
        var cs = await NewDatabaseAsync(provider);
        int mine, theirs, campaignId, nodeId;
        await using (var db = Database.Create(cs))
        {
            var (campaign, framework) = await SeedCampaignAsync(db);
            var a = new Unit { CampaignId = campaign.Id, Name = "行政审批科" };
            var b = new Unit { CampaignId = campaign.Id, Name = "财务审计科" };
            db.Units.AddRange(a, b);
            await db.SaveChangesAsync();
            (mine, theirs, campaignId, nodeId) = (a.Id, b.Id, campaign.Id, framework.Indicators.First().Id);
            foreach (var u in new[] { a, b })
            {
                db.EvidenceItems.Add(new Core.Evidence.EvidenceItem { CampaignId = campaign.Id, NodeId = nodeId, UnitId = u.Id, Title = u.Name + "的材料", UploadedAt = DateTimeOffset.UtcNow });
                db.Problems.Add(new Core.Problems.Problem { CampaignId = campaign.Id, No = u.Id, OwnerUnitId = u.Id, Description = u.Name + "的问题", CreatedAt = DateTimeOffset.UtcNow });
                db.SelfAssessmentReports.Add(new Core.SelfAssessment.SelfAssessmentReport { CampaignId = campaign.Id, UnitId = u.Id });
            }
            // The campaign's own 自评报告 belongs to no unit.
            db.SelfAssessmentReports.Add(new Core.SelfAssessment.SelfAssessmentReport { CampaignId = campaign.Id, UnitId = null });
            await db.SaveChangesAsync();
        }
        await using (var scoped = Database.Create(cs, new ScopedActor(mine)))
        {
            Assert.Equal(["行政审批科的材料"], await scoped.EvidenceItems.Select(i => i.Title).ToListAsync());
            Assert.Equal(["行政审批科的问题"], await scoped.Problems.Select(p => p.Description).ToListAsync());
            Assert.Equal([null, mine], (await scoped.SelfAssessmentReports.Select(r => r.UnitId).ToListAsync()).Order().ToList());
            // Joins and counts are filtered too, not only the set itself.
            Assert.Equal(1, await scoped.FrameworkNodes.Where(n => n.Id == nodeId).SelectMany(n => scoped.EvidenceItems.Where(i => i.NodeId == n.Id)).CountAsync());
            // What must see across units says so.
            Assert.Equal(2, await scoped.EvidenceItems.IgnoreQueryFilters().CountAsync(i => i.CampaignId == campaignId));
        }
        await using (var none = Database.Create(cs, new ScopedActor()))
            Assert.Equal(0, await none.EvidenceItems.CountAsync());
        // No scope (the system account, roles scoped 全部): everything.
        await using (var all = Database.Create(cs))
            Assert.Equal(2, await all.EvidenceItems.CountAsync(i => i.UnitId == mine || i.UnitId == theirs));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TheOwnRecordsScopeShowsACallerOnlyWhatTheyMadeInTheirUnit(string provider)
    {
        var cs = await NewDatabaseAsync(provider);
        int mine, nodeId;
        await using (var db = Database.Create(cs))
        {
            var (campaign, framework) = await SeedCampaignAsync(db);
            var a = new Unit { CampaignId = campaign.Id, Name = "行政审批科" };
            var b = new Unit { CampaignId = campaign.Id, Name = "财务审计科" };
            db.Units.AddRange(a, b);
            await db.SaveChangesAsync();
            (mine, nodeId) = (a.Id, framework.Indicators.First().Id);
            foreach (var (unit, by) in new[] { (a, "liaison1"), (a, "liaison2"), (b, "liaison1") })
                db.EvidenceItems.Add(new Core.Evidence.EvidenceItem { CampaignId = campaign.Id, NodeId = nodeId, UnitId = unit.Id, Title = $"{unit.Name}·{by}", UploadedBy = by, UploadedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        await using (var own = Database.Create(cs, new OwnRecordsActor("liaison1", mine)))
        {
            Assert.Equal(["行政审批科·liaison1"], await own.EvidenceItems.Select(i => i.Title).ToListAsync());
            Assert.Equal(1, await own.FrameworkNodes.Where(n => n.Id == nodeId).SelectMany(n => own.EvidenceItems.Where(i => i.NodeId == n.Id)).CountAsync());
            Assert.Equal(3, await own.EvidenceItems.IgnoreQueryFilters().CountAsync());
        }
        // The same unit, scoped to the unit rather than to its own records: both of the unit's items.
        await using (var unit = Database.Create(cs, new ScopedActor(mine)))
            Assert.Equal(2, await unit.EvidenceItems.CountAsync());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task DeletingAnIndicatorRemovesItsAssignments(string provider)
    {
        var cs = await NewDatabaseAsync(provider);
        int campaignId, nodeId;
        await using (var db = Database.Create(cs))
        {
            var (campaign, framework) = await SeedCampaignAsync(db);
            var unit = new Unit { CampaignId = campaign.Id, Name = "行政审批科" };
            db.Units.Add(unit);
            await db.SaveChangesAsync();
            var node = framework.Indicators.First(i => i.Materials.Count > 0);
            db.Assignments.Add(new Assignment { CampaignId = campaign.Id, NodeId = node.Id, UnitId = unit.Id, Role = AssignmentRole.Lead });
            await db.SaveChangesAsync();
            (campaignId, nodeId) = (campaign.Id, node.Id);
        }
        await using (var db = Database.Create(cs))
        {
            db.FrameworkNodes.Remove(await db.FrameworkNodes.SingleAsync(n => n.Id == nodeId));
            await db.SaveChangesAsync();
            Assert.Equal(0, await db.Assignments.CountAsync(a => a.CampaignId == campaignId));
            Assert.Equal(0, await db.MaterialRequirements.CountAsync(m => m.NodeId == nodeId));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EveryChangeIsAuditedInAChainThatRevealsTampering(string provider)
    {
        var cs = await NewDatabaseAsync(provider);
        await using (var db = Database.Create(cs, new NamedActor("office1")))
        {
            var (campaign, framework) = await SeedCampaignAsync(db);
            var node = framework.Indicators.First();
            node.Text = "修改后的指标内容";
            await db.SaveChangesAsync();
        }
        await using (var db = Database.Create(cs))
        {
            var entries = await db.AuditEntries.OrderBy(a => a.Id).ToListAsync();
            Assert.True(entries.Count > 100, $"only {entries.Count} audit records");
            Assert.Null(AuditEntry.FirstBroken(entries));
            var update = Assert.Single(entries, e => e.Action == "update" && e.Entity == nameof(FrameworkNode));
            Assert.Equal("office1", update.Actor);
            Assert.Contains("修改后的指标内容", update.Changes);
            Assert.Contains("\"before\"", update.Changes);

            var victim = entries[entries.Count / 2];
            await db.Database.ExecuteSqlRawAsync(
                provider == "postgres" ? "UPDATE \"AuditEntries\" SET \"Actor\" = 'intruder' WHERE \"Id\" = {0}" : "UPDATE AuditEntries SET Actor = 'intruder' WHERE Id = {0}",
                victim.Id);
        }
        await using (var db = Database.Create(cs))
        {
            var broken = AuditEntry.FirstBroken(await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync());
            Assert.NotNull(broken);
            Assert.Equal("intruder", broken.Actor);
        }
    }
}
