namespace Shifan.Core.Notifications;

public enum DeliveryChannel { Email, Webhook }

public enum OutboxStatus { Pending, Sent, Failed }

/// <summary>
/// One delivery to an outside channel (an e-mail address, a group robot), written in the same
/// transaction as the notification and sent later by the outbox sender, with retries and backoff.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public DeliveryChannel Channel { get; set; }
    /// <summary>The e-mail address, or the webhook address.</summary>
    public required string Target { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public int? CampaignId { get; set; }
    public long? NotificationId { get; set; }
    /// <summary>Unique: the same delivery is queued once, whichever process queues it.</summary>
    public required string DedupeKey { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Not before this time (the backoff after a failure).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>A sender that claimed the message owns it until then; another may take it over afterwards.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    public const int MaxAttempts = 8;

    /// <summary>30 s, 1, 2, 4 … minutes after each failure, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), TimeSpan.FromHours(6).TotalSeconds));

    /// <summary>Records a failed attempt: retried later, or given up after <see cref="MaxAttempts"/>.</summary>
    public void Failed(string error, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        ClaimedUntil = null;
        if (Attempts >= MaxAttempts) Status = OutboxStatus.Failed;
        else NextAttemptAt = now + Backoff(Attempts);
    }

    public void Sent(DateTimeOffset now)
    {
        Attempts++;
        Status = OutboxStatus.Sent;
        SentAt = now;
        LastError = null;
        ClaimedUntil = null;
    }
}
