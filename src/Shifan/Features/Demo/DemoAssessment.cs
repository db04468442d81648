using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.SelfAssessment;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Demo;

/// <summary>
/// The demo's 自查自评 under way: lead units have rated the first indicators (most 达标, some 基本达标, one 未达标),
/// the office has rated some beside them (one differently), a figure is reported against a standard, a 否决项 is
/// rated, and the score of the two past months is kept for the trend (computed from the ratings given by then).
/// </summary>
internal static class DemoAssessment
{
    public static async Task AddAsync(ShifanDbContext db, int campaignId, DateTimeOffset now)
    {
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.FrameworkId).SingleAsync();
        var nodes = await db.FrameworkNodes.AsNoTracking().Where(n => n.FrameworkId == frameworkId).ToListAsync();
        var framework = new Framework { Name = "", Nodes = nodes }.LinkTree();
        var byId = nodes.ToDictionary(n => n.Id);
        var leads = (await db.Assignments.AsNoTracking().Where(a => a.CampaignId == campaignId && a.Role == AssignmentRole.Lead).ToListAsync())
            .GroupBy(a => a.NodeId).ToDictionary(g => g.Key, g => g.First().UnitId);
        var indicators = framework.InOrder().Where(n => n.Kind == NodeKind.Indicator && !n.NotApplicable && leads.ContainsKey(n.Id)).Take(45).ToList();

        var ratings = new List<IndicatorRating>();
        for (var i = 0; i < indicators.Count; i++)
        {
            var n = indicators[i];
            var level = i == 9 ? RatingLevel.NotMet : i % 7 == 3 ? RatingLevel.PartlyMet : RatingLevel.Met;
            var reason = level switch
            {
                RatingLevel.Met => "已按指标要求完成，佐证材料齐全。",
                RatingLevel.PartlyMet => "主体工作已完成，部分年度材料尚在收集。",
                _ => "相关制度尚未印发，正在起草。",
            };
            var at = now.AddDays(-60 + i);
            ratings.Add(new IndicatorRating { CampaignId = campaignId, NodeId = n.Id, Side = RatingSide.Unit, UnitId = leads[n.Id], Level = level, Reason = reason, RatedBy = "demo", RatedAt = at });
            if (i < 20)
            {
                var office = i == 5 ? RatingLevel.PartlyMet : level;
                ratings.Add(new IndicatorRating
                {
                    CampaignId = campaignId, NodeId = n.Id, Side = RatingSide.Office, Level = office, RatedBy = "demo", RatedAt = at.AddDays(2),
                    Reason = office == level ? "经核对，同意单位自评。" : "2022年度材料缺失，按基本达标评定。",
                });
            }
        }
        if (framework.InOrder().FirstOrDefault(n => n.Kind == NodeKind.Veto) is { } veto)
            ratings.Add(new IndicatorRating { CampaignId = campaignId, NodeId = veto.Id, Side = RatingSide.Office, Level = RatingLevel.Met, Reason = "创建周期内未发生否决情形。", RatedBy = "demo", RatedAt = now.AddDays(-10) });
        db.IndicatorRatings.AddRange(ratings);
        await db.SaveChangesAsync();

        // The 未达标 rating put a problem on the 问题清单 for its lead unit, as rating in the app does.
        if (ratings.FirstOrDefault(r => r.Level == RatingLevel.NotMet && r.Side == RatingSide.Unit) is { } fell)
        {
            var no = (await db.Problems.Where(p => p.CampaignId == campaignId).MaxAsync(p => (int?)p.No) ?? 0) + 1;
            var code = byId[fell.NodeId].Code;
            var problem = new Core.Problems.Problem
            {
                CampaignId = campaignId, No = no, NodeId = fell.NodeId, OwnerUnitId = fell.UnitId!.Value, Source = Core.Problems.ProblemSource.SelfRating,
                SourceId = fell.Id, Description = $"第{code}项指标自评为未达标：{fell.Reason}", Measure = "起草并印发相关制度，补充佐证材料",
                Deadline = ChinaTime.Today(TimeProvider.System).AddDays(20), Status = Core.Problems.ProblemStatus.Open,
                CreatedAt = fell.RatedAt, CreatedBy = "demo", UpdatedAt = fell.RatedAt,
            };
            problem.Record(Core.Problems.ProblemAction.Raise, "demo", fell.RatedAt, "自查自评");
            db.Problems.Add(problem);
        }

        // A figure against a quantitative standard ("网上可办率不低于90%").
        foreach (var n in indicators)
        {
            var t = ThresholdParser.Read(n.Text).Thresholds.FirstOrDefault(x => x.UnitOfMeasure == "%");
            if (t is null) continue;
            db.ThresholdFigures.Add(new ThresholdFigure { CampaignId = campaignId, NodeId = n.Id, ThresholdKey = t.Key, Figure = t.Value + 2.5m, Source = "省政务服务网2026年10月统计", UnitId = leads[n.Id], EnteredBy = "demo", EnteredAt = now.AddDays(-20) });
            break;
        }

        // The trend: each month's score from the ratings given by the end of that month.
        for (var back = 2; back >= 0; back--)
        {
            var monthStart = ChinaTime.Now(TimeProvider.System).AddMonths(-back);
            var month = monthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var end = new DateTimeOffset(monthStart.Year, monthStart.Month, 1, 0, 0, 0, ChinaTime.Offset).AddMonths(1);
            var given = ratings.Where(r => back == 0 || r.RatedAt < end).ToList();
            var card = Scorecard.Compute(framework, Scorecard.Effective(given));
            db.ScoreSnapshots.Add(new ScoreSnapshot
            {
                CampaignId = campaignId, Month = month, Total = Math.Round(card.Total, 2), BaseScore = Math.Round(card.BaseScore, 2), Bonus = card.Bonus,
                Deduction = card.Deduction, Vetoed = card.Vetoed, Unrated = card.Unrated, TakenAt = back == 0 ? now : end.AddMinutes(-1).ToUniversalTime(),
                Areas = string.Join('\n', card.Nodes.Where(x => x.Kind == NodeKind.Area).Select(x => $"{x.Label}\t{Scorecard.F(x.Score)}\t{Scorecard.F(x.Points)}")),
            });
        }
        await db.SaveChangesAsync();
    }
}
