using Microsoft.EntityFrameworkCore;
using Shifan.Core.Campaigns;
using Shifan.Core.Ledgers;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Demo;

/// <summary>
/// The demo campaign's 工作台账: a monthly period for every month of the campaign, and for the two most recent
/// months already due, ledgers submitted by every unit but one (which stays missing, so the office sees a late
/// unit on first start); one unit handed in late once, and the older month is confirmed.
/// </summary>
public static class DemoLedgers
{
    private static readonly (LedgerProgress Progress, string Note)[] Samples =
    [
        (LedgerProgress.Done, "已按指标要求完成，相关文件和佐证材料已上报。"),
        (LedgerProgress.InProgress, "正在收集整理相关材料，预计下月底前完成。"),
        (LedgerProgress.Done, "制度文件已印发，网站已公开，截图已上传。"),
        (LedgerProgress.InProgress, "已起草工作方案，正在征求意见。"),
        (LedgerProgress.NotStarted, "待市级部署后启动。"),
        (LedgerProgress.NotApplicable, "本单位不涉及该项工作，已作简要说明。"),
    ];

    public static async Task SeedAsync(ShifanDbContext db, Campaign campaign, DateOnly today)
    {
        var periods = LedgerPeriod.MonthsBetween(campaign.StartsOn, campaign.EndsOn)
            .Select(m => LedgerPeriod.Monthly(campaign.Id, m.Year, m.Month, campaign.LedgerDueDay)).ToList();
        foreach (var p in periods) p.CreatedAt = DateTimeOffset.UtcNow;
        db.LedgerPeriods.AddRange(periods);
        await db.SaveChangesAsync();

        var past = periods.Where(p => p.DueOn < today).OrderByDescending(p => p.StartsOn).Take(2).OrderBy(p => p.StartsOn).ToList();
        var assignments = await db.Assignments.Where(a => a.CampaignId == campaign.Id).Select(a => new { a.UnitId, a.NodeId }).Distinct().ToListAsync();
        var nodeIds = assignments.Select(a => a.NodeId).Distinct().ToList();
        var nodes = await db.FrameworkNodes.Where(n => nodeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id);
        var units = await db.Units.Include(u => u.Contacts).Where(u => u.CampaignId == campaign.Id).OrderBy(u => u.SortOrder).ToListAsync();
        var holding = units.Where(u => assignments.Any(a => a.UnitId == u.Id)).ToList();
        if (holding.Count < 3) return;
        var missing = holding[^1];
        var late = holding[^2];
        for (var pi = 0; pi < past.Count; pi++)
        {
            var period = past[pi];
            foreach (var (unit, ui) in holding.Select((u, i) => (u, i)))
            {
                if (unit == missing) continue;
                var submitted = new DateTimeOffset(period.DueOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8))
                    .AddDays(unit == late && pi == 0 ? 2 : -1 - ui % 3).ToUniversalTime();
                var contact = unit.Contacts.OrderByDescending(c => c.IsPrimary).FirstOrDefault();
                var ledger = new Ledger
                {
                    CampaignId = campaign.Id, PeriodId = period.Id, UnitId = unit.Id, Revision = 1, Status = pi == 0 ? LedgerStatus.Confirmed : LedgerStatus.Submitted,
                    Filler = contact?.Name, Contact = contact?.Phone, UpdatedAt = submitted, UpdatedBy = "demo", SubmittedAt = submitted, SubmittedBy = "demo",
                    ConfirmedAt = pi == 0 ? submitted.AddHours(3) : null, ConfirmedBy = pi == 0 ? "单位负责人（演示）" : null,
                };
                var lines = assignments.Where(a => a.UnitId == unit.Id && nodes.ContainsKey(a.NodeId)).Select(a => nodes[a.NodeId])
                    .OrderBy(n => n.Kind).ThenBy(n => int.TryParse(n.Code, out var c) ? c : int.MaxValue).ThenBy(n => n.Code).ToList();
                for (var i = 0; i < lines.Count; i++)
                {
                    var n = lines[i];
                    // The later month shows progress: what was under way is done.
                    var (progress, note) = Samples[(i + ui + pi * 3) % Samples.Length];
                    ledger.Entries.Add(new LedgerEntry
                    {
                        NodeId = n.Id, SortOrder = i + 1, Code = n.Code, Title = n.Title.Length > 500 ? n.Title[..500] : n.Title,
                        Methods = string.Join("、", n.Methods), Materials = "尚未上报材料", Progress = progress, Note = note,
                    });
                }
                db.Ledgers.Add(ledger);
            }
        }
        await db.SaveChangesAsync();
    }
}
