using Microsoft.EntityFrameworkCore;
using Shifan.Core.Problems;
using Shifan.Features.Notifications;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Problems;

/// <summary>
/// Problems due in the window, one reminder per owner unit and deadline: 到期提醒 before the day, 逾期 (escalated to the
/// unit head) after it. Only problems still with the owner count (待整改, 整改中); one 待销号 waits for the office, not the unit.
/// </summary>
public sealed class ProblemDeadlines(ShifanDbContext db) : IReminderSource
{
    public async Task<IReadOnlyList<DueWork>> DueAsync(IReadOnlyCollection<int> campaignIds, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var rows = await (from p in db.Problems.AsNoTracking()
                          join u in db.Units on p.OwnerUnitId equals u.Id
                          where campaignIds.Contains(p.CampaignId) && p.Deadline >= first && p.Deadline <= last
                                && (p.Status == ProblemStatus.Open || p.Status == ProblemStatus.InProgress)
                          select new { p.CampaignId, p.OwnerUnitId, UnitName = u.Name, p.Deadline, p.No }).ToListAsync(ct);
        return rows.GroupBy(r => (r.CampaignId, r.OwnerUnitId, r.UnitName, r.Deadline))
            .Select(g =>
            {
                var nos = g.Select(r => r.No).Order().ToList();
                var what = $"{nos.Count}个整改问题（{g.Key.Deadline:yyyy-MM-dd}前整改）尚未提交销号材料（问题{string.Join("、", nos.Take(10))}{(nos.Count > 10 ? "等" : "")}）";
                return new DueWork(g.Key.CampaignId, g.Key.OwnerUnitId, g.Key.UnitName, g.Key.Deadline, "problems", what,
                    $"/campaigns/{g.Key.CampaignId}/problems?unit={g.Key.OwnerUnitId}");
            }).ToList();
    }
}
