using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Notifications;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Notifications;

public sealed record NotificationRow(long Id, string Kind, string KindName, string Title, string Text, string? Link, int? CampaignId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationList(IReadOnlyList<NotificationRow> Items, int Total, int Unread, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The signed-in user's own notifications: every query is filtered by their id, so nobody reads another's.</summary>
public sealed class NotificationService(ShifanDbContext db, ICurrentUser current, TimeProvider clock)
{
    /// <summary>The caller's user id; a caller without one (no sign-in) has no notifications.</summary>
    private int Me => int.TryParse(current.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : 0;

    private IQueryable<Notification> Mine => db.Notifications.AsNoTracking().Where(n => n.UserId == Me);

    public Task<int> UnreadCountAsync(CancellationToken ct = default) => Me == 0 ? Task.FromResult(0) : Mine.CountAsync(n => n.ReadAt == null, ct);

    public async Task<NotificationList> ListAsync(bool unreadOnly, int page, int pageSize = 20, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        page = Math.Max(1, page);
        var q = unreadOnly ? Mine.Where(n => n.ReadAt == null) : Mine;
        var total = await q.CountAsync(ct);
        var unread = unreadOnly ? total : await Mine.CountAsync(n => n.ReadAt == null, ct);
        var rows = await q.OrderByDescending(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new NotificationList(rows.Select(n => new NotificationRow(n.Id, n.Kind.ToString(), NotificationKinds.Name(n.Kind), n.Title, n.Text, n.Link, n.CampaignId,
            n.CreatedAt.ToOffset(ChinaTime.Offset), n.ReadAt?.ToOffset(ChinaTime.Offset))).ToList(), total, unread, page, pageSize);
    }

    /// <summary>Marks one of the caller's notifications read; another user's answers "not found", like one that does not exist.</summary>
    public async Task MarkReadAsync(long id, CancellationToken ct = default)
    {
        var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.UserId == Me, ct) ?? throw new NotFoundException("通知不存在");
        if (n.ReadAt is not null) return;
        n.ReadAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    public async Task<int> MarkAllReadAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var me = Me;
        return await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    public async Task<NotificationDelivery> DeliveryAsync(CancellationToken ct = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == Me).Select(u => u.Delivery).FirstOrDefaultAsync(ct);

    public async Task SetDeliveryAsync(NotificationDelivery delivery, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == Me, ct) ?? throw new NotFoundException("用户不存在");
        user.Delivery = delivery;
        await db.SaveChangesAsync(ct);
    }

    public static string DeliveryName(NotificationDelivery d) => d == NotificationDelivery.Digest ? "每日摘要（每天一封邮件汇总）" : "即时（每条通知一封邮件）";
}
