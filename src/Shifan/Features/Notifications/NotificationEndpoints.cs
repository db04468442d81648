using Shifan.Core;
using Shifan.Core.Notifications;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Notifications;

public sealed record DeliveryChoice(string? Delivery);

public static class NotificationEndpoints
{
    /// <summary>
    /// Every signed-in user may read their own notifications, whatever their role's permissions: the policy
    /// only requires a sign-in, and the service filters by the caller's id.
    /// </summary>
    public const string OwnPolicy = "notification:notification:own";

    public static void MapNotificationEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/notifications", "通知");
        api.MapGet("/", (bool? unread, int? page, int? pageSize, NotificationService s, CancellationToken ct) => s.ListAsync(unread ?? false, page ?? 1, pageSize ?? 20, ct))
            .RequireAuthorization(OwnPolicy).WithName("ListNotifications").WithSummary("本人的通知（最新在前），含未读数；unread=true 只列未读");
        api.MapPost("/{notificationId:long}/read", async (long notificationId, NotificationService s, CancellationToken ct) =>
            {
                await s.MarkReadAsync(notificationId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(OwnPolicy).WithName("MarkNotificationRead").WithSummary("标记一条本人的通知为已读");
        api.MapPost("/read-all", async (NotificationService s, CancellationToken ct) => TypedResults.Ok(new { marked = await s.MarkAllReadAsync(ct) }))
            .RequireAuthorization(OwnPolicy).WithName("MarkAllNotificationsRead").WithSummary("本人的通知全部标记为已读");
        api.MapPut("/delivery", async (DeliveryChoice choice, NotificationService s, CancellationToken ct) =>
            {
                if (!Enum.TryParse<NotificationDelivery>(choice.Delivery, ignoreCase: true, out var d) || !Enum.IsDefined(d))
                    throw Refuse.Field("delivery", "接收方式须为 Immediate（即时）或 Digest（每日摘要）");
                await s.SetDeliveryAsync(d, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(OwnPolicy).WithName("SetNotificationDelivery").WithSummary("本人的邮件接收方式：即时或每日摘要");

        var settings = app.MapApi("/campaigns/{campaignId:int}/notification-settings", "通知");
        settings.MapGet("/", (int campaignId, CampaignNotificationSettingsService s, CancellationToken ct) => s.GetAsync(campaignId, ct))
            .RequireAuthorization(Core.Users.Permissions.CampaignEdit).WithName("CampaignNotificationSettings").WithSummary("创建活动的提醒天数与群机器人设置（密钥不回显）");
        settings.MapPut("/", async (int campaignId, CampaignNotificationSettingsInput input, CampaignNotificationSettingsService s, CancellationToken ct) =>
            { Refuse.IfAny(await s.SaveAsync(campaignId, input, ct)); return TypedResults.NoContent(); })
            .RequireAuthorization(Core.Users.Permissions.CampaignEdit).WithName("SaveCampaignNotificationSettings").WithSummary("设置提醒天数（如 3,1）与企业微信/钉钉群机器人");
    }
}
