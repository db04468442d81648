using Shifan.Core.Notifications;

namespace Shifan.Features.Notifications;

/// <summary>Shifan:Reminders:*, Shifan:Webhooks:*, Shifan:PublicUrl and Shifan:Scheduler, read once at start.</summary>
public sealed record NotificationOptions
{
    /// <summary>Days before a deadline to remind (Shifan:Reminders:DaysBefore, default "3,1").</summary>
    public IReadOnlyList<int> DaysBefore { get; init; } = [3, 1];
    /// <summary>Days after a missed deadline during which the overdue notice is still sent once (the scan may have been down on the day after).</summary>
    public int OverdueWindowDays { get; init; } = 3;
    public string? WebhookUrl { get; init; }
    public string? WebhookSecret { get; init; }
    public string? WebhookKeyword { get; init; }
    /// <summary>The address users open the app at, for links in e-mails and group messages (e.g. https://shifan.example.gov.cn).</summary>
    public string? PublicUrl { get; init; }
    /// <summary>False when Shifan:Scheduler is "off": nothing runs on its own (commands, some tests).</summary>
    public bool SchedulerEnabled { get; init; } = true;
    public TimeSpan OutboxInterval { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Cron (China Standard Time) of the reminder scan: hourly 08:05–20:05, so a restart catches up the same day.</summary>
    public string ReminderCron { get; init; } = "0 5 8-20 * * ?";
    /// <summary>Cron (China Standard Time) of the daily digest.</summary>
    public string DigestCron { get; init; } = "0 0 18 * * ?";
    /// <summary>The hour (CST) the digest day ends: the digest sent on day D covers D-1 at this hour until D at this hour.</summary>
    public int DigestHour { get; init; } = 18;

    public static NotificationOptions From(IConfiguration c) => new()
    {
        DaysBefore = CampaignNotificationSettings.ParseDays(c["Shifan:Reminders:DaysBefore"]) ?? [3, 1],
        OverdueWindowDays = int.TryParse(c["Shifan:Reminders:OverdueWindowDays"], out var w) ? Math.Clamp(w, 1, 30) : 3,
        WebhookUrl = Blank(c["Shifan:Webhooks:Url"]),
        WebhookSecret = Blank(c["Shifan:Webhooks:Secret"]),
        WebhookKeyword = Blank(c["Shifan:Webhooks:Keyword"]),
        PublicUrl = Blank(c["Shifan:PublicUrl"])?.TrimEnd('/'),
        SchedulerEnabled = !string.Equals(c["Shifan:Scheduler"], "off", StringComparison.OrdinalIgnoreCase),
        OutboxInterval = TimeSpan.TryParse(c["Shifan:Outbox:Interval"], out var i) && i > TimeSpan.Zero ? i : TimeSpan.FromSeconds(15),
        ReminderCron = Blank(c["Shifan:Reminders:Cron"]) ?? "0 5 8-20 * * ?",
        DigestCron = Blank(c["Shifan:Digest:Cron"]) ?? "0 0 18 * * ?",
        DigestHour = int.TryParse(c["Shifan:Digest:Hour"], out var h) ? Math.Clamp(h, 0, 23) : 18,
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
