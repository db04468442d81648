namespace Shifan.Core.Notifications;

/// <summary>
/// One message to one user, shown in the app and delivered by e-mail or digest. The pair
/// (<see cref="UserId"/>, <see cref="DedupeKey"/>) is unique in the database: storing the same
/// reminder twice fails, whichever process tries, so nothing is ever sent twice.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public int? CampaignId { get; set; }
    public NotificationKind Kind { get; set; }
    public required string Title { get; set; }
    public string Text { get; set; } = "";
    /// <summary>A path inside the app (starting with "/") where the user acts on it.</summary>
    public string? Link { get; set; }
    public required string DedupeKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    public const int TitleLength = 200;
    public const int TextLength = 4000;
    public const int LinkLength = 500;
    public const int KeyLength = 200;

    /// <summary>Only app-relative links are kept, so a notification cannot send a user to another site.</summary>
    public static string? SafeLink(string? link) =>
        link is { Length: > 0 and <= LinkLength } && link.StartsWith('/') && !link.StartsWith("//") && !link.Contains('\\') ? link : null;
}
