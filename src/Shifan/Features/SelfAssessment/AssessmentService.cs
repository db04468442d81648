using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.SelfAssessment;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;
using Shifan.Features.Frameworks;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.SelfAssessment;

/// <summary>
/// 自查自评: the lead unit rates each indicator it holds, the office rates beside it, units report their figures
/// against the quantitative standards, the office sets weights, and the score follows (ADR-021). Every method
/// checks its permission and the campaign and unit scope itself.
/// </summary>
public sealed class AssessmentService(ShifanDbContext db, CampaignAccess access, FrameworkService frameworks, TimeProvider clock,
    IEnumerable<IRatingFellShortHandler> fellShort)
{
    private void Require(string permission, string message)
    {
        if (!access.Has(permission)) throw new ForbiddenException(message);
    }

    private static bool Rated(FrameworkNode n) => n.Kind is NodeKind.Indicator or NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction;

    private sealed record Loaded(CampaignFramework Framework, HashSet<int>? Visible, List<IndicatorRating> Ratings, Scorecard Card);

    private async Task<Loaded> LoadAsync(int campaignId)
    {
        Require(Permissions.AssessmentView, "没有查看自查自评的权限");
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        var cf = await frameworks.LoadAsync(campaignId);
        var visible = await access.VisibleUnitsAsync(db, campaignId);
        var nodeIds = cf.Framework.Nodes.Select(n => n.Id).ToList();
        var ratings = await db.IndicatorRatings.AsNoTracking().Where(r => r.CampaignId == campaignId && nodeIds.Contains(r.NodeId)).ToListAsync();
        return new Loaded(cf, visible, ratings, Scorecard.Compute(cf.Framework, Scorecard.Effective(ratings)));
    }

    /// <summary>A closed campaign can still be read, but its ratings, figures and weights no longer change.</summary>
    private async Task EnsureOpenAsync(int campaignId)
    {
        if (await db.Campaigns.AnyAsync(c => c.Id == campaignId && c.Status == Core.Campaigns.CampaignStatus.Closed))
            throw new ConflictException("创建活动已结束，不能再评定、填报或修改权重");
    }

    private static bool MaySee(Loaded l, FrameworkNode n) => l.Visible is null || l.Framework.Assignees[n.Id].Any(a => l.Visible.Contains(a.UnitId));

    /// <summary>The lead unit the current user rates for, or null when they may not rate this indicator as its unit.</summary>
    private int? RatingUnitFor(Loaded l, FrameworkNode n)
    {
        if (!access.Has(Permissions.RatingUnit)) return null;
        var leads = l.Framework.Leads(n).Select(a => a.UnitId).ToList();
        if (l.Visible is null) return null; // the office rates as the office, not in a unit's name
        return leads.FirstOrDefault(l.Visible.Contains) is var u and > 0 ? u : null;
    }

    private bool MayRateOffice(Loaded l) => l.Visible is null && access.Has(Permissions.RatingOffice);

    private RatingView View(IndicatorRating r, IReadOnlyDictionary<int, string> unitNames) =>
        new(r.Side == RatingSide.Office ? "office" : "unit", r.Level.ToString(), RatingLevels.Name(r.Level), r.Reason, r.Evidence,
            r.UnitId is int u ? unitNames.GetValueOrDefault(u) : null, r.RatedBy, r.RatedAt);

    public async Task<AssessmentOverview> OverviewAsync(int campaignId)
    {
        var l = await LoadAsync(campaignId);
        var names = l.Framework.Units.ToDictionary(u => u.Id, u => u.Name);
        var figures = await db.ThresholdFigures.AsNoTracking().Where(f => f.CampaignId == campaignId).ToListAsync();
        var figuresByNode = figures.ToLookup(f => f.NodeId);
        var rows = new List<AssessmentRow>();
        foreach (var n in l.Framework.Framework.InOrder().Where(Rated))
        {
            if (!MaySee(l, n)) continue;
            var unit = l.Ratings.FirstOrDefault(r => r.NodeId == n.Id && r.Side == RatingSide.Unit);
            var office = l.Ratings.FirstOrDefault(r => r.NodeId == n.Id && r.Side == RatingSide.Office);
            var thresholds = ThresholdParser.Read(TextOf(n)).Thresholds;
            var failing = thresholds.Count(t => figuresByNode[n.Id].FirstOrDefault(f => f.ThresholdKey == t.Key) is { } f && !t.IsMetBy(f.Figure));
            var score = l.Card.For(n.Id);
            rows.Add(new AssessmentRow(n.Id, NodeKinds.ToJson(n.Kind), n.Code, n.Label, n.Area?.Label, l.Framework.Leads(n).Select(a => a.UnitName).ToList(),
                unit is null ? null : View(unit, names), office is null ? null : View(office, names),
                unit is not null && office is not null && unit.Level != office.Level,
                score?.Points ?? 0, score?.Score ?? 0, score?.Counted ?? false, thresholds.Count, failing));
        }
        var summary = await SummaryAsync(campaignId, l.Card, snapshot: false);
        return new AssessmentOverview(campaignId, summary, rows, rows.Count(r => r.Differs), MayRateOffice(l), l.Visible is null && access.Has(Permissions.WeightEdit));
    }

    private static string TextOf(FrameworkNode n) => string.IsNullOrWhiteSpace(n.Text) ? n.Title : n.Text;

    /// <summary>The campaign's score with its explanation and the monthly trend.</summary>
    public async Task<ScoreSummary> ScoresAsync(int campaignId) => await SummaryAsync(campaignId, await ScorecardAsync(campaignId), snapshot: false);

    /// <summary>
    /// The scorecard alone: the framework's nodes (without materials or assignments) and the ratings — what a
    /// recomputation needs and no more (bench/ScoreBench measures this path).
    /// </summary>
    public async Task<Scorecard> ScorecardAsync(int campaignId)
    {
        Require(Permissions.AssessmentView, "没有查看自查自评的权限");
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => (int?)c.FrameworkId).FirstOrDefaultAsync()
            ?? throw new NotFoundException("创建活动不存在");
        return await ScoreQuery.ComputeAsync(db, campaignId, frameworkId);
    }


    private async Task<ScoreSummary> SummaryAsync(int campaignId, Scorecard card, bool snapshot)
    {
        if (snapshot) await SnapshotAsync(campaignId, card);
        var trend = await db.ScoreSnapshots.AsNoTracking().Where(s => s.CampaignId == campaignId).OrderBy(s => s.Month)
            .Select(s => new TrendPoint(s.Month, s.Total, s.Vetoed, s.Unrated)).ToListAsync();
        var areas = card.Nodes.Where(n => n.Kind == NodeKind.Area).Select(n => new AreaScore(n.NodeId, n.Label, Round(n.Score), Round(n.Points), n.Counted)).ToList();
        return new ScoreSummary(Round(card.Total), Round(card.BaseScore), Round(card.Bonus), Round(card.Deduction), card.Ceiling, card.Vetoed, card.VetoedBy,
            card.Unrated, card.Explain(), areas, trend);
    }

    private static decimal Round(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero);

    /// <summary>Keeps this month's score for the trend; the latest computation of the month wins.</summary>
    private async Task SnapshotAsync(int campaignId, Scorecard card)
    {
        var month = ChinaTime.Now(clock).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var row = await db.ScoreSnapshots.FirstOrDefaultAsync(s => s.CampaignId == campaignId && s.Month == month);
        if (row is null) db.ScoreSnapshots.Add(row = new ScoreSnapshot { CampaignId = campaignId, Month = month });
        row.Total = Round(card.Total);
        row.BaseScore = Round(card.BaseScore);
        row.Bonus = Round(card.Bonus);
        row.Deduction = Round(card.Deduction);
        row.Vetoed = card.Vetoed;
        row.Unrated = card.Unrated;
        row.Areas = string.Join('\n', card.Nodes.Where(n => n.Kind == NodeKind.Area).Select(n => $"{n.Label}\t{Scorecard.F(n.Score)}\t{Scorecard.F(n.Points)}"));
        row.TakenAt = clock.GetUtcNow();
        await db.SaveChangesAsync();
    }

    /// <summary>Takes this month's snapshot now (every rating and weight change calls this).</summary>
    public async Task<ScoreSummary> RecordScoreAsync(int campaignId) => await SummaryAsync(campaignId, await ScorecardAsync(campaignId), snapshot: true);

    public async Task<NodeAssessment> NodeAsync(int campaignId, int nodeId)
    {
        var l = await LoadAsync(campaignId);
        var n = l.Framework.Framework.Find(nodeId);
        if (n is null || !Rated(n) || !MaySee(l, n)) throw new NotFoundException("指标不存在");
        var names = l.Framework.Units.ToDictionary(u => u.Id, u => u.Name);
        var unit = l.Ratings.FirstOrDefault(r => r.NodeId == n.Id && r.Side == RatingSide.Unit);
        var office = l.Ratings.FirstOrDefault(r => r.NodeId == n.Id && r.Side == RatingSide.Office);
        var reading = ThresholdParser.Read(TextOf(n));
        var figures = await db.ThresholdFigures.AsNoTracking().Where(f => f.CampaignId == campaignId && f.NodeId == n.Id).ToListAsync();
        var thresholds = reading.Thresholds.Select(t =>
        {
            var f = figures.FirstOrDefault(x => x.ThresholdKey == t.Key);
            return new ThresholdView(t.Key, t.Subject, t.Rule, t.Comparison == Comparison.AtLeast ? "atLeast" : "atMost", t.Value, t.UnitOfMeasure,
                f?.Figure, f?.Source, f?.EnteredBy, f is null ? null : t.IsMetBy(f.Figure));
        }).ToList();
        var evidenceQuery = db.EvidenceItems.AsNoTracking().Where(e => e.CampaignId == campaignId && e.NodeId == n.Id && e.DeletedAt == null);
        if (l.Visible is not null) evidenceQuery = evidenceQuery.Where(e => l.Visible.Contains(e.UnitId));
        var evidence = await evidenceQuery.OrderBy(e => e.Id).Select(e => new EvidenceChoice(e.Id, e.Title)).ToListAsync();
        var score = l.Card.For(n.Id);
        return new NodeAssessment(campaignId, n.Id, NodeKinds.ToJson(n.Kind), n.Code, n.Label, n.Text, n.Weight,
            l.Framework.Leads(n).Select(a => a.UnitName).ToList(), unit is null ? null : View(unit, names), office is null ? null : View(office, names),
            unit is not null && office is not null && unit.Level != office.Level, thresholds, reading.Unparsed,
            Round(score?.Points ?? 0), Round(score?.Score ?? 0), score?.Counted ?? false, score?.Lines ?? [], evidence,
            RatingUnitFor(l, n) is not null, MayRateOffice(l), l.Visible is null && access.Has(Permissions.WeightEdit));
    }

    /// <summary>Rates an indicator as its lead unit (<paramref name="side"/> "unit") or as the office ("office").</summary>
    public async Task<NodeAssessment> RateAsync(int campaignId, int nodeId, string side, RatingInput input)
    {
        var l = await LoadAsync(campaignId);
        var n = l.Framework.Framework.Find(nodeId);
        if (n is null || !Rated(n) || !MaySee(l, n)) throw new NotFoundException("指标不存在");
        RatingSide ratingSide;
        int? unitId = null;
        if (side == "office")
        {
            if (!MayRateOffice(l)) throw new ForbiddenException("没有以办公室名义评定指标的权限");
            ratingSide = RatingSide.Office;
        }
        else if (side == "unit")
        {
            unitId = RatingUnitFor(l, n) ?? throw new ForbiddenException("只有该指标的牵头单位可以自评");
            ratingSide = RatingSide.Unit;
        }
        else throw new RefusedException(new Refusal("评定方只能是牵头单位或办公室", "side"));
        await EnsureOpenAsync(campaignId);

        if (!RatingLevels.TryParse(input.Level, out var level)) throw new RefusedException(new Refusal("请选择评定结果（达标、基本达标、未达标或不涉及）", "level"));
        if (IndicatorRating.Validate(level, input.Reason) is { } refusal) throw new RefusedException(refusal);
        var evidenceIds = (input.EvidenceIds ?? []).Distinct().ToList();
        if (evidenceIds.Count > 0)
        {
            var known = await db.EvidenceItems.Where(e => e.CampaignId == campaignId && e.NodeId == n.Id && e.DeletedAt == null && evidenceIds.Contains(e.Id))
                .Where(e => l.Visible == null || l.Visible.Contains(e.UnitId)).CountAsync();
            if (known != evidenceIds.Count) throw new RefusedException(new Refusal("所选佐证材料不属于该指标或已删除", "evidenceIds"));
        }

        var row = await db.IndicatorRatings.FirstOrDefaultAsync(r => r.CampaignId == campaignId && r.NodeId == n.Id && r.Side == ratingSide);
        if (row is null) db.IndicatorRatings.Add(row = new IndicatorRating { CampaignId = campaignId, NodeId = n.Id, Side = ratingSide });
        row.UnitId = unitId;
        row.Level = level;
        row.Reason = input.Reason!.Trim();
        row.EvidenceIds = IndicatorRating.JoinEvidence(evidenceIds);
        row.RatedBy = access.UserName;
        row.RatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync();

        if (RatingLevels.FallsShort(level) && (unitId ?? l.Framework.Leads(n).Select(a => (int?)a.UnitId).FirstOrDefault()) is int owner)
            foreach (var handler in fellShort)
                await handler.HandleAsync(new RatingFellShort(campaignId, n.Id, owner, row.Id, level, row.Reason));

        await RecordScoreAsync(campaignId);
        return await NodeAsync(campaignId, nodeId);
    }

    /// <summary>Reports the figure against one quantitative standard of the indicator, with its source.</summary>
    public async Task<NodeAssessment> SetFigureAsync(int campaignId, int nodeId, FigureInput input)
    {
        var l = await LoadAsync(campaignId);
        var n = l.Framework.Framework.Find(nodeId);
        if (n is null || !Rated(n) || !MaySee(l, n)) throw new NotFoundException("指标不存在");
        var unitId = RatingUnitFor(l, n);
        if (unitId is null && !MayRateOffice(l)) throw new ForbiddenException("只有该指标的牵头单位或办公室可以填报指标数值");
        await EnsureOpenAsync(campaignId);
        var threshold = ThresholdParser.Read(TextOf(n)).Thresholds.FirstOrDefault(t => t.Key == input.Key)
            ?? throw new RefusedException(new Refusal("该指标没有这项量化标准", "key"));
        if (ThresholdFigure.Validate(input.Figure, input.Source, out var value) is { } refusal) throw new RefusedException(refusal);
        var row = await db.ThresholdFigures.FirstOrDefaultAsync(f => f.CampaignId == campaignId && f.NodeId == n.Id && f.ThresholdKey == threshold.Key);
        if (row is null) db.ThresholdFigures.Add(row = new ThresholdFigure { CampaignId = campaignId, NodeId = n.Id, ThresholdKey = threshold.Key });
        row.Figure = value;
        row.Source = input.Source!.Trim();
        row.UnitId = unitId;
        row.EnteredBy = access.UserName;
        row.EnteredAt = clock.GetUtcNow();
        await db.SaveChangesAsync();
        return await NodeAsync(campaignId, nodeId);
    }

    /// <summary>Sets a node's weight (or a 加分/减分项's points); empty goes back to equal shares.</summary>
    public async Task<NodeAssessment?> SetWeightAsync(int campaignId, int nodeId, WeightInput input)
    {
        var l = await LoadAsync(campaignId);
        if (l.Visible is not null || !access.Has(Permissions.WeightEdit)) throw new ForbiddenException("没有设置指标权重的权限");
        if (l.Framework.Framework.Find(nodeId) is null) throw new NotFoundException("指标不存在");
        await EnsureOpenAsync(campaignId);
        decimal? weight = null;
        var text = input.Weight?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var w)) throw new RefusedException(new Refusal("权重必须是数字", "weight"));
            if (w < 0) throw new RefusedException(new Refusal("权重不能为负数", "weight"));
            if (w > 1000) throw new RefusedException(new Refusal("权重不能超过1000", "weight"));
            weight = w;
        }
        var node = await db.FrameworkNodes.FirstAsync(x => x.Id == nodeId);
        node.Weight = weight;
        await db.SaveChangesAsync();
        await RecordScoreAsync(campaignId);
        var n = l.Framework.Framework.Find(nodeId)!;
        return Rated(n) ? await NodeAsync(campaignId, nodeId) : null;
    }
}
