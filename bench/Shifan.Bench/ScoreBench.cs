using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.SelfAssessment;
using Shifan.Core.Units;
using Shifan.Documents.Frameworks;
using Shifan.Infrastructure.Persistence;



/// <summary>
/// Issue 12: the scores of a 100-indicator campaign with 60 units recomputed (< 50 ms), on SQLite: what the 自查自评
/// page does — load the framework, its assignments and every rating, compute the scorecard — against a baseline
/// measured in the same run (loading the framework nodes alone, the least any page of the campaign does).
/// </summary>
public static class ScoreBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var units = args.Length > 0 && int.TryParse(args[0], out var u) ? u : 60;
        var dir = Path.Combine(Path.GetTempPath(), "shifan-bench", "scores");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        var cs = Database.SqliteConnectionString(dir);
        int campaignId, frameworkId;
        await using (var db = Database.Create(cs))
        {
            await Database.MigrateAsync(db);
            await using var s = File.OpenRead(Path.Combine(Paths.Root, "src", "Shifan", "SampleData", "demo-framework.json"));
            var (framework, _) = FrameworkMapping.ToDomain(FrameworkJson.Read(s), "bench");
            framework.CreatedAt = DateTimeOffset.UtcNow;
            db.Frameworks.Add(framework);
            await db.SaveChangesAsync();
            var campaign = new Shifan.Core.Campaigns.Campaign { Name = "bench", Region = "bench", FrameworkId = framework.Id, CreatedAt = DateTimeOffset.UtcNow, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31) };
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            var unitRows = Enumerable.Range(1, units).Select(i => new Unit { CampaignId = campaign.Id, Name = $"单位{i}", SortOrder = i }).ToList();
            db.Units.AddRange(unitRows);
            await db.SaveChangesAsync();
            var rated = framework.InOrder().Where(n => n.Kind is NodeKind.Indicator or NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction).ToList();
            var levels = new[] { RatingLevel.Met, RatingLevel.PartlyMet, RatingLevel.NotMet, RatingLevel.Met, RatingLevel.NotApplicable };
            for (var i = 0; i < rated.Count; i++)
            {
                var n = rated[i];
                var lead = unitRows[i % units];
                db.Assignments.Add(new Assignment { CampaignId = campaign.Id, NodeId = n.Id, UnitId = lead.Id, Role = AssignmentRole.Lead });
                db.Assignments.Add(new Assignment { CampaignId = campaign.Id, NodeId = n.Id, UnitId = unitRows[(i + 7) % units].Id, Role = AssignmentRole.Responsible });
                db.IndicatorRatings.Add(new IndicatorRating { CampaignId = campaign.Id, NodeId = n.Id, Side = RatingSide.Unit, UnitId = lead.Id, Level = levels[i % levels.Length], Reason = "理由", RatedAt = DateTimeOffset.UtcNow });
                if (i % 3 == 0)
                    db.IndicatorRatings.Add(new IndicatorRating { CampaignId = campaign.Id, NodeId = n.Id, Side = RatingSide.Office, Level = levels[(i + 1) % levels.Length], Reason = "理由", RatedAt = DateTimeOffset.UtcNow });
            }
            await db.SaveChangesAsync();
            campaignId = campaign.Id;
            frameworkId = framework.Id;
            Console.WriteLine($"campaign: {rated.Count(n => n.Kind == NodeKind.Indicator)} indicators, {rated.Count} rated nodes, {units} units");
        }

        await using var read = Database.Create(cs);
        // The service's own recomputation (ScoreQuery.ComputeAsync, as AssessmentService calls it): nodes and ratings, then the scorecard.
        Task<Scorecard> Recompute() => ScoreQuery.ComputeAsync(read, campaignId, frameworkId);
        async Task Baseline() => _ = await read.FrameworkNodes.AsNoTracking().Where(n => n.FrameworkId == frameworkId).ToListAsync();

        var card = await Recompute();
        var compute = await MeasureAsync(async () => await Recompute());
        var baseline = await MeasureAsync(Baseline);
        var nodes = await read.FrameworkNodes.AsNoTracking().Where(n => n.FrameworkId == frameworkId).ToListAsync();
        var framework2 = new Framework { Name = "", Nodes = nodes }.LinkTree();
        var ratings2 = Scorecard.Effective(await read.IndicatorRatings.AsNoTracking().Where(r => r.CampaignId == campaignId).ToListAsync());
        var pure = await MeasureAsync(() => { _ = Scorecard.Compute(framework2, ratings2); return Task.CompletedTask; });

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"total {Scorecard.F(card.Total)}, vetoed {card.Vetoed}, unrated {card.Unrated}");
        Console.WriteLine("| step | median ms | p95 ms |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| load nodes + ratings, compute scorecard (service path) | {compute.Median:F2} | {compute.P95:F2} |");
        Console.WriteLine($"| compute scorecard only (in memory) | {pure.Median:F3} | {pure.P95:F3} |");
        Console.WriteLine($"| baseline: load the framework's nodes | {baseline.Median:F2} | {baseline.P95:F2} |");
        Console.WriteLine($"ratio recompute / baseline: {compute.Median / baseline.Median:F1}×; target p95 < 50 ms: {(compute.P95 < 50 ? "met" : "NOT met")}");
        return compute.P95 < 50 ? 0 : 1;
    }

    private static async Task<(double Median, double P95)> MeasureAsync(Func<Task> action, int warmup = 10, int runs = 100)
    {
        for (var i = 0; i < warmup; i++) await action();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[runs / 2], times[(int)(runs * 0.95)]);
    }
}
