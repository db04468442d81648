using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Campaigns;
using Shifan.Core.Notifications;
using Shifan.Core.Users;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Notifications;

/// <summary>
/// Turns open work into reminders, with the day counted in China Standard Time: 到期提醒 to the unit's
/// liaisons N days before (the campaign's days, else Shifan:Reminders:DaysBefore), and 逾期 to its liaisons and
/// unit head from the day after a miss. Every reminder has a dedupe key, so running the scan again — hourly, after
/// a restart, or in two instances at once — sends nothing twice.
/// </summary>
public sealed class ReminderScanner(ShifanDbContext db, IEnumerable<IReminderSource> sources, INotifier notifier, TimeProvider clock, NotificationOptions options, ILogger<ReminderScanner> logger)
{
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var campaigns = await db.Campaigns.AsNoTracking()
            .Where(c => c.Status == CampaignStatus.Planning || c.Status == CampaignStatus.Active)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        if (campaigns.Count == 0) return 0;
        var ids = campaigns.Select(c => c.Id).ToList();
        var ownDays = (await db.CampaignNotificationSettings.AsNoTracking().Where(s => ids.Contains(s.CampaignId)).ToListAsync(ct))
            .ToDictionary(s => s.CampaignId, s => CampaignNotificationSettings.ParseDays(s.ReminderDays));
        IReadOnlyList<int> DaysOf(int campaign) => ownDays.GetValueOrDefault(campaign) ?? options.DaysBefore;
        var maxAhead = ids.Max(id => DaysOf(id).DefaultIfEmpty(0).Max());

        var sent = 0;
        foreach (var source in sources)
        {
            var work = await source.DueAsync(ids, today.AddDays(-options.OverdueWindowDays), today.AddDays(maxAhead), ct);
            foreach (var w in work)
            {
                var left = w.DueOn.DayNumber - today.DayNumber;
                var key = $"{w.Key}:{w.CampaignId}:{w.UnitId}:{w.DueOn:yyyy-MM-dd}";
                if (left >= 0 && DaysOf(w.CampaignId).Contains(left))
                {
                    var when = left == 0 ? "今天" : $"{left}天后";
                    sent += await notifier.NotifyUnitAsync(w.UnitId, [Roles.Liaison], new NotificationMessage(NotificationKind.DueSoon, w.CampaignId,
                        $"{w.UnitName}：任务将于{ChinaTime.Day(w.DueOn)}截止（{when}）",
                        $"{w.UnitName}有{w.What}，截止日期为{w.DueOn:yyyy年M月d日}（{when}），请及时处理。", w.Link, $"due:{key}:{left}d"), ct);
                }
                else if (left < 0)
                {
                    // Escalation: the unit head answers for the unit, so the miss goes to them as well.
                    sent += await notifier.NotifyUnitAsync(w.UnitId, [Roles.Liaison, Roles.UnitHead], new NotificationMessage(NotificationKind.Overdue, w.CampaignId,
                        $"{w.UnitName}：任务已逾期（{ChinaTime.Day(w.DueOn)}截止）",
                        $"{w.UnitName}有{w.What}，已于{w.DueOn:yyyy年M月d日}截止，现已逾期{-left}天。请单位负责人督促落实，尽快补报。", w.Link, $"overdue:{key}"), ct);
                }
            }
        }
        if (sent > 0) logger.LogInformation("Reminder scan for {Today}: {Count} notifications stored", today, sent);
        return sent;
    }
}
