using Shifan.Core.Notifications;

namespace Shifan.Features.Notifications;

/// <summary>
/// What to tell: kind, Chinese title and text, a link inside the app and a dedupe key. The key names the
/// event, not the recipient (e.g. "review:returned:123:round:2", "due:assignments:5:17:2026-12-05:3d"):
/// each recipient gets it at most once, ever, whichever process sends it.
/// </summary>
public sealed record NotificationMessage(NotificationKind Kind, int? CampaignId, string Title, string Text, string? Link, string DedupeKey)
{
    /// <summary>Also post it to the campaign's (or the installation's) group robot, once per key.</summary>
    public bool ToGroupRobot { get; init; } = true;
}
