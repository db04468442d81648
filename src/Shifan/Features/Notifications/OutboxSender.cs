using Microsoft.EntityFrameworkCore;
using Shifan.Core.Notifications;
using Shifan.Infrastructure.Notifications;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Notifications;

/// <summary>
/// Sends what the outbox holds. Each message is claimed with a conditional update before it is sent, so two
/// app instances never send the same one; a sender that dies leaves its claim to expire and another takes over.
/// Failures are retried with backoff and logged; after <see cref="OutboxMessage.MaxAttempts"/> the message is given up.
/// </summary>
public sealed class OutboxSender(ShifanDbContext db, TimeProvider clock, SmtpSender mail, WebhookSender webhooks, NotificationOptions options, ILogger<OutboxSender> logger)
{
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    /// <summary>Sends every message that is due; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var sent = 0;
        var seen = new HashSet<long>();
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var due = await db.Outbox.AsNoTracking()
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .OrderBy(m => m.Id).Select(m => m.Id).Take(50).ToListAsync(ct);
            due.RemoveAll(seen.Contains);
            if (due.Count == 0) break;
            foreach (var id in due)
            {
                seen.Add(id);
                if (await SendOneAsync(id, ct)) sent++;
            }
        }
        return sent;
    }

    private async Task<bool> SendOneAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + ClaimTime;
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until), ct);
        if (claimed == 0) return false;
        var message = await db.Outbox.FirstAsync(m => m.Id == id, ct);
        try
        {
            switch (message.Channel)
            {
                case DeliveryChannel.Email:
                    await mail.SendAsync(message.Target, message.Subject, message.Body, ct);
                    break;
                default:
                    var (secret, keyword) = await RobotSettingsAsync(message, ct);
                    await webhooks.SendAsync(message.Target, message.Body, secret, keyword, ct);
                    break;
            }
            message.Sent(clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogInformation("Outbox message {Id} sent by {Channel} to {Target}", message.Id, message.Channel, Mask(message));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            message.Failed($"{ex.GetType().Name}: {ex.Message}", clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            if (message.Status == OutboxStatus.Failed)
                logger.LogError(ex, "Outbox message {Id} by {Channel} to {Target} failed {Attempts} times and is given up: {Error}", message.Id, message.Channel, Mask(message), message.Attempts, ex.Message);
            else
                logger.LogWarning("Outbox message {Id} by {Channel} to {Target} failed (attempt {Attempts}), retrying at {Next:u}: {Error}", message.Id, message.Channel, Mask(message), message.Attempts, message.NextAttemptAt, ex.Message);
            return false;
        }
    }

    /// <summary>The robot's 加签 secret and keyword come from the settings at send time, so they are never copied into the outbox.</summary>
    private async Task<(string? Secret, string? Keyword)> RobotSettingsAsync(OutboxMessage message, CancellationToken ct)
    {
        var settings = message.CampaignId is int c ? await db.CampaignNotificationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.CampaignId == c, ct) : null;
        return settings?.WebhookUrl == message.Target ? (settings.WebhookSecret, settings.WebhookKeyword) : (options.WebhookSecret, options.WebhookKeyword);
    }

    /// <summary>Webhook addresses carry their access token in the query: logs show only the host and path.</summary>
    private static string Mask(OutboxMessage m) =>
        m.Channel == DeliveryChannel.Webhook && Uri.TryCreate(m.Target, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Authority}{u.AbsolutePath}" : m.Target;
}
