using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Notifications;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Notifications;

/// <summary>Null leaves a setting as it is; an empty string clears it (back to the installation's setting).</summary>
public sealed record CampaignNotificationSettingsInput(string? ReminderDays, string? WebhookUrl, string? WebhookSecret, string? WebhookKeyword);

/// <summary>What the office sees: the robot's address is shown only by host, its token and secret never.</summary>
public sealed record CampaignNotificationSettingsView(string? ReminderDays, IReadOnlyList<int> EffectiveDays, bool WebhookConfigured, string? WebhookHost,
    bool WebhookSigned, string? WebhookKeyword, bool UsesGlobalWebhook);

public sealed class CampaignNotificationSettingsService(ShifanDbContext db, NotificationOptions options)
{
    public async Task<CampaignNotificationSettingsView> GetAsync(int campaignId, CancellationToken ct)
    {
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct)) throw new NotFoundException("创建活动不存在");
        var s = await db.CampaignNotificationSettings.AsNoTracking().FirstOrDefaultAsync(x => x.CampaignId == campaignId, ct);
        var url = s?.WebhookUrl ?? options.WebhookUrl;
        return new CampaignNotificationSettingsView(s?.ReminderDays, CampaignNotificationSettings.ParseDays(s?.ReminderDays) ?? options.DaysBefore,
            url is not null, url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : null,
            !string.IsNullOrEmpty(s?.WebhookUrl is null ? options.WebhookSecret : s.WebhookSecret),
            s?.WebhookUrl is null ? options.WebhookKeyword : s.WebhookKeyword, s?.WebhookUrl is null && options.WebhookUrl is not null);
    }

    public async Task<Refusal?> SaveAsync(int campaignId, CampaignNotificationSettingsInput input, CancellationToken ct)
    {
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct)) throw new NotFoundException("创建活动不存在");
        if (input.ReminderDays is { Length: > 0 } days && CampaignNotificationSettings.ParseDays(days) is null)
            return new Refusal("提醒天数须为0-60之间的整数，用逗号分隔，如 3,1", "reminderDays");
        if (input.WebhookUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 500))
            return new Refusal("群机器人地址须为 http(s):// 开头的完整网址", "webhookUrl");
        if (input.WebhookKeyword is { Length: > 50 }) return new Refusal("关键词不能超过50个字", "webhookKeyword");
        if (input.WebhookSecret is { Length: > 200 }) return new Refusal("加签密钥不能超过200个字符", "webhookSecret");

        var s = await db.CampaignNotificationSettings.FirstOrDefaultAsync(x => x.CampaignId == campaignId, ct);
        if (s is null) db.CampaignNotificationSettings.Add(s = new CampaignNotificationSettings { CampaignId = campaignId });
        if (input.ReminderDays is not null) s.ReminderDays = Blank(input.ReminderDays);
        if (input.WebhookUrl is not null) s.WebhookUrl = Blank(input.WebhookUrl);
        if (input.WebhookSecret is not null) s.WebhookSecret = Blank(input.WebhookSecret);
        if (input.WebhookKeyword is not null) s.WebhookKeyword = Blank(input.WebhookKeyword);
        await db.SaveChangesAsync(ct);
        return null;
    }

    private static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
