namespace Shifan.Core.Notifications;

/// <summary>A campaign's own reminder days and group robot; what is not set falls back to the installation's settings.</summary>
public sealed class CampaignNotificationSettings
{
    public int CampaignId { get; set; }
    /// <summary>Days before a deadline to remind, e.g. "3,1"; null uses Shifan:Reminders:DaysBefore.</summary>
    public string? ReminderDays { get; set; }
    /// <summary>The 企业微信 or 钉钉 group robot address; null uses Shifan:Webhooks:Url.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>钉钉 加签 secret (optional).</summary>
    public string? WebhookSecret { get; set; }
    /// <summary>钉钉 自定义关键词 (optional): put in front of every message that lacks it.</summary>
    public string? WebhookKeyword { get; set; }

    /// <summary>Parses "3,1" (or "3，1", "3 1") into distinct days 0–60, largest first; null when the text is not valid.</summary>
    public static IReadOnlyList<int>? ParseDays(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var days = new List<int>();
        foreach (var part in text.Split([',', '，', ' ', ';', '、'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, out var d) || d < 0 || d > 60) return null;
            days.Add(d);
        }
        return days.Count == 0 ? null : days.Distinct().OrderDescending().ToList();
    }
}

/// <summary>How a user wants e-mail: one per notification, or one digest a day.</summary>
public enum NotificationDelivery { Immediate, Digest }
