using System.Text;
using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Notifications;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Notifications;

/// <summary>
/// The daily digest: users who chose 每日摘要 get one message with the day's notifications instead of one
/// e-mail each. The day ends at <see cref="NotificationOptions.DigestHour"/> (CST); the digest of a day has the
/// key "digest:DATE", so it goes out once whatever runs it.
/// </summary>
public sealed class DigestBuilder(ShifanDbContext db, INotifier notifier, TimeProvider clock, NotificationOptions options)
{
    public const int MaxLines = 30;

    public async Task<int> SendAsync(CancellationToken ct)
    {
        var now = ChinaTime.Now(clock);
        var day = DateOnly.FromDateTime(now.DateTime);
        var end = ChinaTime.At(day, new TimeOnly(options.DigestHour, 0));
        // Before the hour, the digest due is yesterday's (a late start catches up; a repeat is deduplicated).
        if (now < end)
        {
            day = day.AddDays(-1);
            end = end.AddDays(-1);
        }
        var start = end.AddDays(-1);
        var users = await db.Users.AsNoTracking().Where(u => u.Delivery == NotificationDelivery.Digest && !u.Disabled).Select(u => u.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var userId in users)
        {
            var items = await db.Notifications.AsNoTracking()
                .Where(n => n.UserId == userId && n.Kind != NotificationKind.Digest && n.CreatedAt >= start && n.CreatedAt < end)
                .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
                .Select(n => new { n.Kind, n.Title, n.CreatedAt, n.ReadAt }).ToListAsync(ct);
            if (items.Count == 0) continue;
            var text = new StringBuilder($"{ChinaTime.Day(day)}共有{items.Count}条通知，其中{items.Count(i => i.ReadAt == null)}条未读：\n");
            var no = 0;
            foreach (var i in items.Take(MaxLines))
                text.Append($"\n{++no}. 【{NotificationKinds.Name(i.Kind)}】{i.Title}（{i.CreatedAt.ToOffset(ChinaTime.Offset):HH:mm}）");
            if (items.Count > MaxLines) text.Append($"\n……另有{items.Count - MaxLines}条，请登录系统查看。");
            sent += await notifier.NotifyAsync([userId], new NotificationMessage(NotificationKind.Digest, null,
                $"每日通知摘要（{ChinaTime.Day(day)}，共{items.Count}条）", text.ToString(), "/notifications", $"digest:{day:yyyy-MM-dd}") { ToGroupRobot = false }, ct);
        }
        return sent;
    }
}
