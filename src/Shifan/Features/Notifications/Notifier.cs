using Microsoft.EntityFrameworkCore;
using Shifan.Core.Notifications;
using Shifan.Core.Users;
using Shifan.Infrastructure.Notifications;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Notifications;

/// <summary>
/// Insert-first delivery: the notification row (unique per user and dedupe key) and its outbox rows are
/// written in one transaction; a unique-key conflict means another process (or an earlier run) already
/// notified that user, and the call moves on without sending anything.
/// </summary>
public sealed class Notifier(IServiceScopeFactory scopes, TimeProvider clock, SmtpSettings smtp, NotificationOptions options, ILogger<Notifier> logger) : INotifier
{
    public async Task<int> NotifyUnitAsync(int unitId, IReadOnlyCollection<string> roles, NotificationMessage message, CancellationToken ct = default)
    {
        List<int> users;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
            users = await db.Users.AsNoTracking().Where(u => u.UnitId == unitId && roles.Contains(u.Role) && !u.Disabled).Select(u => u.Id).ToListAsync(ct);
        }
        return await NotifyAsync(users, message, ct);
    }

    public async Task<int> NotifyAsync(IReadOnlyCollection<int> userIds, NotificationMessage message, CancellationToken ct = default)
    {
        var title = Cut(message.Title.Trim(), Notification.TitleLength);
        var text = Cut(message.Text.Trim(), Notification.TextLength);
        var key = Cut(message.DedupeKey, Notification.KeyLength);
        if (title.Length == 0) throw new ArgumentException("a notification needs a title", nameof(message));
        if (key.Length == 0) throw new ArgumentException("a notification needs a dedupe key", nameof(message));
        var link = Notification.SafeLink(message.Link);

        List<User> recipients;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
            var ids = userIds.Distinct().ToList();
            recipients = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && !u.Disabled).OrderBy(u => u.Id).ToListAsync(ct);
        }

        var stored = 0;
        foreach (var user in recipients)
            if (await StoreAsync(user, message with { Title = title, Text = text, DedupeKey = key, Link = link }, ct)) stored++;

        if (message.ToGroupRobot && message.Kind != NotificationKind.Digest && recipients.Count > 0)
            await QueueGroupRobotAsync(message with { Title = title, Text = text, DedupeKey = key, Link = link }, ct);
        return stored;
    }

    private async Task<bool> StoreAsync(User user, NotificationMessage m, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
        var now = clock.GetUtcNow();
        var notification = new Notification
        {
            UserId = user.Id, CampaignId = m.CampaignId, Kind = m.Kind, Title = m.Title, Text = m.Text, Link = m.Link, DedupeKey = m.DedupeKey, CreatedAt = now,
            // The digest repeats what the list already shows; it does not add to the unread count.
            ReadAt = m.Kind == NotificationKind.Digest ? now : null,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Notifications.Add(notification);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            return false;
        }
        var wantsNow = m.Kind == NotificationKind.Digest || user.Delivery == NotificationDelivery.Immediate;
        if (smtp.Enabled && wantsNow && User.IsEmail(user.Email))
        {
            db.Outbox.Add(new OutboxMessage
            {
                Channel = DeliveryChannel.Email, Target = user.Email!, Subject = $"【示范创建】{m.Title}", Body = EmailBody(user, m),
                CampaignId = m.CampaignId, NotificationId = notification.Id, DedupeKey = $"email:{user.Id}:{m.DedupeKey}",
                CreatedAt = now, NextAttemptAt = now,
            });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task QueueGroupRobotAsync(NotificationMessage m, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
        var settings = m.CampaignId is int c ? await db.CampaignNotificationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.CampaignId == c, ct) : null;
        var url = settings?.WebhookUrl ?? options.WebhookUrl;
        if (url is null) return;
        var now = clock.GetUtcNow();
        db.Outbox.Add(new OutboxMessage
        {
            Channel = DeliveryChannel.Webhook, Target = url, Subject = m.Title, Body = GroupText(m), CampaignId = m.CampaignId,
            DedupeKey = Cut($"webhook:{m.DedupeKey}", 250), CreatedAt = now, NextAttemptAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            logger.LogDebug("Group robot message {Key} was already queued", m.DedupeKey);
        }
    }

    private string EmailBody(User user, NotificationMessage m)
    {
        var lines = new List<string> { $"{(string.IsNullOrEmpty(user.DisplayName) ? user.UserName : user.DisplayName)}：", "", m.Text.Length > 0 ? m.Text : m.Title };
        if (m.Link is not null) lines.AddRange(["", $"查看：{options.PublicUrl}{m.Link}"]);
        lines.AddRange(["", "—— 示范创建管理系统（本邮件由系统自动发送，请勿直接回复）"]);
        return string.Join("\n", lines);
    }

    private string GroupText(NotificationMessage m)
    {
        var text = $"【{NotificationKinds.Name(m.Kind)}】{m.Title}";
        if (m.Text.Length > 0 && m.Text != m.Title) text += "\n" + m.Text;
        if (m.Link is not null && options.PublicUrl is not null) text += $"\n{options.PublicUrl}{m.Link}";
        return Cut(text, 2000);
    }

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
