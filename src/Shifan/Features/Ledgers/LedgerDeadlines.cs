using Microsoft.EntityFrameworkCore;
using Shifan.Features.Notifications;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Ledgers;

/// <summary>
/// The ledgers due in the window: every unit that holds indicators owes one per period, and it stays
/// open until a revision of it is submitted. The reminder scan turns these into 到期提醒 before the due
/// day and 逾期 (escalated to the unit head) from the day after.
/// </summary>
public sealed class LedgerDeadlines(ShifanDbContext db) : IReminderSource
{
    public async Task<IReadOnlyList<DueWork>> DueAsync(IReadOnlyCollection<int> campaignIds, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var periods = await db.LedgerPeriods.AsNoTracking()
            .Where(p => campaignIds.Contains(p.CampaignId) && p.DueOn >= first && p.DueOn <= last).ToListAsync(ct);
        var due = new List<DueWork>();
        foreach (var period in periods)
        {
            var open = await db.Units.AsNoTracking()
                .Where(u => u.CampaignId == period.CampaignId && db.Assignments.Any(a => a.UnitId == u.Id && a.CampaignId == period.CampaignId)
                    && !db.Ledgers.Any(l => l.PeriodId == period.Id && l.UnitId == u.Id && l.SubmittedAt != null))
                .Select(u => new { u.Id, u.Name }).ToListAsync(ct);
            due.AddRange(open.Select(u => new DueWork(period.CampaignId, u.Id, u.Name, period.DueOn, $"ledger:{period.Id}",
                $"{period.Name}工作台账（{period.DueOn:yyyy-MM-dd}截止）尚未提交", $"/campaigns/{period.CampaignId}/ledgers/{period.Id}/units/{u.Id}")));
        }
        return due;
    }
}
