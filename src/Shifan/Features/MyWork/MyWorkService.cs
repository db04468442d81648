using Microsoft.EntityFrameworkCore;
using Shifan.Core.Reviews;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;
using Shifan.Features.Reviews;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.MyWork;

/// <summary>One thing waiting for the user, one click from where it is done.</summary>
public sealed record WorkItem(string Kind, string Title, string? Detail, string Href, DateOnly? Due = null, bool Urgent = false);

public sealed record CampaignWork(int CampaignId, string CampaignName, string? UnitName, string? StageName, DateOnly? StageDeadline, int? DaysLeft,
    IReadOnlyList<WorkItem> Items, StandingCounts Totals);

/// <summary>
/// 我的待办: per campaign the caller works in, what waits for them. A liaison sees material returned
/// to their unit (with the reason), material reopened after a change, indicators of their unit with
/// material not yet handed in, their deadlines; a reviewer their queue; the office what waits for it.
/// </summary>
public sealed class MyWorkService(ShifanDbContext db, CampaignAccess access, ReviewService reviews, TimeProvider clock, StampedCache kept)
{
    /// <summary>Kept per caller until the next write (every home page load asks it; see <see cref="StampedCache"/>).</summary>
    public Task<List<CampaignWork>> ForMeAsync() =>
        kept.GetAsync("my-work", access.Caller, Shifan.Core.ChinaTime.Today(clock).ToString("O"), ComputeAsync);

    private async Task<List<CampaignWork>> ComputeAsync()
    {
        var today = Shifan.Core.ChinaTime.Today(clock);
        var campaigns = await db.Campaigns.AsNoTracking().Include(c => c.Stages)
            .Where(c => c.Status != Core.Campaigns.CampaignStatus.Closed).OrderBy(c => c.Id).ToListAsync();
        var result = new List<CampaignWork>();
        foreach (var campaign in campaigns.Where(c => access.CanSee(c.Id)).Take(20))
        {
            var items = new List<WorkItem>();
            var own = access.UnitId is int u && await db.Units.AnyAsync(x => x.Id == u && x.CampaignId == campaign.Id) ? u : (int?)null;
            string? unitName = own is int ou ? await db.Units.Where(x => x.Id == ou).Select(x => x.Name).FirstAsync() : null;
            var stage = campaign.Stages.OrderBy(s => s.Order).FirstOrDefault(s => s.Deadline >= today) ?? campaign.Stages.OrderBy(s => s.Order).LastOrDefault();

            var readsMaterial = access.Has(Permissions.EvidenceRead);
            var queue = readsMaterial ? await reviews.QueueCountAsync(campaign.Id) : 0;
            if (queue > 0)
                items.Add(new WorkItem("review", $"待审核材料 {queue} 项", access.Has(Permissions.ReviewApprove) ? "办公室审核" : "牵头单位审核责任单位提交的材料",
                    $"/campaigns/{campaign.Id}/review", Urgent: queue > 20));

            if (own is int unit)
            {
                foreach (var r in readsMaterial ? await reviews.ListAsync(campaign.Id, nameof(ReviewState.Returned), unitId: unit, limit: 30) : [])
                    items.Add(new WorkItem("returned", $"{r.NodeLabel} 材料{r.RequirementNo} 被退回", $"{r.ReturnReason}{(r.ReturnComment is null ? "" : "：" + r.ReturnComment)}",
                        $"/campaigns/{campaign.Id}/indicators/{r.NodeId}#review", Urgent: true));
                foreach (var r in readsMaterial ? await reviews.ListAsync(campaign.Id, nameof(ReviewState.Draft), unitId: unit, limit: 30) : [])
                    items.Add(new WorkItem("reopened", $"{r.NodeLabel} 材料{r.RequirementNo} 需重新提交", r.ReopenedBecause, $"/campaigns/{campaign.Id}/indicators/{r.NodeId}/submit"));
                // Indicators where the unit has material that nobody has seen yet (drafts).
                var drafts = await db.EvidenceItems.Where(i => i.CampaignId == campaign.Id && i.UnitId == unit && i.DeletedAt == null)
                    .SelectMany(i => i.Links)
                    .Where(l => !db.RequirementReviews.Any(r => r.UnitId == unit && r.MaterialRequirementId == l.MaterialRequirementId))
                    .Join(db.MaterialRequirements, l => l.MaterialRequirementId, m => m.Id, (l, m) => m.NodeId).Distinct().Take(30).ToListAsync();
                if (drafts.Count > 0)
                {
                    var nodes = await db.FrameworkNodes.AsNoTracking().Where(n => drafts.Contains(n.Id)).OrderBy(n => n.SortOrder).Take(30).ToListAsync();
                    foreach (var n in nodes)
                        items.Add(new WorkItem("draft", $"{n.Label} 有材料未提交", "上传的材料提交后审核人才看得到", $"/campaigns/{campaign.Id}/indicators/{n.Id}/submit"));
                }
                // Ledgers owed by the unit: due within a week, or overdue and still not handed in.
                if (access.Has(Permissions.LedgerView))
                {
                    var owed = await db.LedgerPeriods.AsNoTracking()
                        .Where(p => p.CampaignId == campaign.Id && p.DueOn <= today.AddDays(7) && p.DueOn >= today.AddDays(-62)
                            && !db.Ledgers.Any(l => l.PeriodId == p.Id && l.UnitId == unit && l.SubmittedAt != null))
                        .OrderBy(p => p.DueOn).Take(5).ToListAsync();
                    foreach (var p in owed)
                    {
                        var left = p.DueOn.DayNumber - today.DayNumber;
                        items.Add(new WorkItem("ledger", left < 0 ? $"{p.Name}工作台账逾期未交（{p.DueOn:yyyy-MM-dd}截止）" : $"{p.Name}工作台账{(left == 0 ? "今天" : $"{left}天后")}截止",
                            "按月报送：逐项填写进度后提交，由单位负责人确认", $"/campaigns/{campaign.Id}/ledgers/{p.Id}/units/{unit}", p.DueOn, left <= 1));
                    }
                }
                var deadlines = await db.Assignments.AsNoTracking().Where(a => a.CampaignId == campaign.Id && a.UnitId == unit && a.Deadline != null && a.Deadline >= today)
                    .OrderBy(a => a.Deadline).Take(10).Select(a => new { a.NodeId, a.Deadline }).ToListAsync();
                var deadlineNodes = deadlines.Select(d => d.NodeId).ToList();
                var labels = await db.FrameworkNodes.Where(n => deadlineNodes.Contains(n.Id))
                    .Select(n => new Core.Frameworks.FrameworkNode { Id = n.Id, Kind = n.Kind, Code = n.Code, Title = n.Title }).ToDictionaryAsync(n => n.Id);
                foreach (var d in deadlines)
                {
                    var label = labels[d.NodeId];
                    var left = d.Deadline!.Value.DayNumber - today.DayNumber;
                    items.Add(new WorkItem("deadline", $"{label.Label} {left}天后截止", null, $"/campaigns/{campaign.Id}/indicators/{d.NodeId}", d.Deadline, left <= 3));
                }
            }
            if (access.Has(Permissions.ReviewApprove))
            {
                var returned = await db.RequirementReviews.CountAsync(r => r.CampaignId == campaign.Id && r.State == ReviewState.Returned);
                if (returned > 0) items.Add(new WorkItem("waiting", $"已退回、待单位修改 {returned} 项", null, $"/campaigns/{campaign.Id}/review?state=Returned"));
                var atLead = await db.RequirementReviews.CountAsync(r => r.CampaignId == campaign.Id && r.State == ReviewState.Submitted && r.NeedsLeadReview);
                if (atLead > 0) items.Add(new WorkItem("waiting", $"待牵头单位审核 {atLead} 项", null, $"/campaigns/{campaign.Id}/review?state=Submitted"));
            }
            if (access.Has(Permissions.LedgerOverview))
            {
                // The last period that fell due: who has not handed in its ledger.
                var last = await db.LedgerPeriods.AsNoTracking().Where(p => p.CampaignId == campaign.Id && p.DueOn < today).OrderByDescending(p => p.DueOn).FirstOrDefaultAsync();
                if (last is not null)
                {
                    var missing = await db.Units.CountAsync(u => u.CampaignId == campaign.Id && db.Assignments.Any(a => a.UnitId == u.Id && a.CampaignId == campaign.Id)
                        && !db.Ledgers.Any(l => l.PeriodId == last.Id && l.UnitId == u.Id && l.SubmittedAt != null));
                    if (missing > 0)
                        items.Add(new WorkItem("late", $"{last.Name}工作台账有{missing}个单位逾期未交", "查看各单位报送情况", $"/campaigns/{campaign.Id}/ledgers?period={last.Id}", last.DueOn, true));
                }
            }
            var totals = readsMaterial ? await reviews.TotalsAsync(campaign.Id) : new StandingCounts(0, 0, 0, 0);
            int? daysLeft = stage is null ? null : stage.Deadline.DayNumber - today.DayNumber;
            result.Add(new CampaignWork(campaign.Id, campaign.Name, unitName, stage?.Name, stage?.Deadline, daysLeft, items, totals));
        }
        return result;
    }
}
