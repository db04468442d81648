using Shifan.Core;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Campaigns;

public sealed record CampaignSummary(int Id, string Name, string Level, string Region, string Status, DateOnly StartsOn, DateOnly EndsOn,
    int FrameworkId, string FrameworkName, int FrameworkVersion, int IndicatorCount, int UnitCount, int AssignmentCount, string? CurrentStage);

public sealed record StageView(int Id, int Order, string Name, DateOnly StartsOn, DateOnly Deadline, bool IsCurrent, bool IsPast);

public sealed record AreaCount(int NodeId, string Label, int Indicators, int WithoutLead);

public sealed record CampaignOverview(CampaignSummary Summary, IReadOnlyList<StageView> Stages, IReadOnlyList<AreaCount> Areas,
    int IndicatorsWithoutLead, int UnitsWithoutAssignment, int MaterialRequirementCount);

public sealed record StageEdit(string? Name, DateOnly? StartsOn, DateOnly? Deadline);

public sealed class CampaignService(ShifanDbContext db, CampaignAccess access)
{
    public async Task<List<CampaignSummary>> ListAsync()
    {
        var campaigns = await db.Campaigns.AsNoTracking().Include(c => c.Stages).Include(c => c.Framework).OrderBy(c => c.Id).ToListAsync();
        var visible = campaigns.Where(c => access.CanSee(c.Id)).ToList();
        var ids = visible.Select(c => c.Id).ToList();
        var frameworkIds = visible.Select(c => c.FrameworkId).Distinct().ToList();
        var indicatorCounts = await db.FrameworkNodes.Where(n => frameworkIds.Contains(n.FrameworkId) && n.Kind == NodeKind.Indicator)
            .GroupBy(n => n.FrameworkId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var unitCounts = await db.Units.Where(u => ids.Contains(u.CampaignId)).GroupBy(u => u.CampaignId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var assignmentCounts = await db.Assignments.Where(a => ids.Contains(a.CampaignId)).GroupBy(a => a.CampaignId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        return visible.Select(c => Summarize(c, indicatorCounts.GetValueOrDefault(c.FrameworkId), unitCounts.GetValueOrDefault(c.Id), assignmentCounts.GetValueOrDefault(c.Id))).ToList();
    }

    private static CampaignSummary Summarize(Campaign c, int indicators, int units, int assignments) => new(
        c.Id, c.Name, Campaign.LevelName(c.Level), c.Region, Campaign.StatusName(c.Status), c.StartsOn, c.EndsOn,
        c.FrameworkId, c.Framework?.Name ?? "", c.Framework?.Version ?? 0, indicators, units, assignments,
        c.CurrentStage(DateOnly.FromDateTime(DateTime.Today))?.Name);

    public async Task<CampaignOverview> OverviewAsync(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        var c = await db.Campaigns.AsNoTracking().Include(x => x.Stages).Include(x => x.Framework).FirstOrDefaultAsync(x => x.Id == campaignId)
            ?? throw new NotFoundException("创建活动不存在");
        var nodes = await db.FrameworkNodes.AsNoTracking().Where(n => n.FrameworkId == c.FrameworkId).ToListAsync();
        var leads = (await db.Assignments.Where(a => a.CampaignId == campaignId && a.Role == AssignmentRole.Lead).Select(a => a.NodeId).ToListAsync()).ToHashSet();
        var assignedUnits = (await db.Assignments.Where(a => a.CampaignId == campaignId).Select(a => a.UnitId).Distinct().ToListAsync()).ToHashSet();
        var unitIds = await db.Units.Where(u => u.CampaignId == campaignId).Select(u => u.Id).ToListAsync();
        var materials = await db.MaterialRequirements.CountAsync(m => nodes.Select(n => n.Id).Contains(m.NodeId));
        var byId = nodes.ToDictionary(n => n.Id);
        int? AreaOf(FrameworkNode n)
        {
            for (var p = n; p is not null; p = p.ParentId is int pid ? byId.GetValueOrDefault(pid) : null)
                if (p.Kind == NodeKind.Area) return p.Id;
            return null;
        }
        var indicators = nodes.Where(n => n.Kind == NodeKind.Indicator).ToList();
        var areas = nodes.Where(n => n.Kind == NodeKind.Area).OrderBy(n => n.SortOrder)
            .Select(a => new AreaCount(a.Id, $"{a.Code}、{a.Title}",
                indicators.Count(i => AreaOf(i) == a.Id), indicators.Count(i => AreaOf(i) == a.Id && !leads.Contains(i.Id))))
            .ToList();
        var today = DateOnly.FromDateTime(DateTime.Today);
        var current = c.CurrentStage(today);
        var stages = c.Stages.OrderBy(s => s.Order)
            .Select(s => new StageView(s.Id, s.Order, s.Name, s.StartsOn, s.Deadline, s.Id == current?.Id, s.Deadline < today)).ToList();
        return new CampaignOverview(
            Summarize(c, indicators.Count, unitIds.Count, await db.Assignments.CountAsync(a => a.CampaignId == campaignId)),
            stages, areas, indicators.Count(i => !leads.Contains(i.Id)), unitIds.Count(u => !assignedUnits.Contains(u)), materials);
    }

    /// <summary>Renames or re-dates a stage; returns a Chinese error or null.</summary>
    public async Task<Refusal?> UpdateStageAsync(int campaignId, int stageId, StageEdit edit)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        var stage = await db.CampaignStages.FirstOrDefaultAsync(s => s.Id == stageId && s.CampaignId == campaignId)
            ?? throw new NotFoundException("阶段不存在");
        if (edit.Name is not null) stage.Name = edit.Name.Trim();
        if (edit.StartsOn is { } s) stage.StartsOn = s;
        if (edit.Deadline is { } d) stage.Deadline = d;
        if (stage.Validate() is { } error) return error;
        await db.SaveChangesAsync();
        return null;
    }
}
