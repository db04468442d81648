namespace Shifan.Core.Users;

/// <summary>A password a user had before (its hash only), so the last few cannot be chosen again.</summary>
public sealed class PasswordHistoryEntry
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public string PasswordHash { get; set; } = "";
    /// <summary>When this password stopped being the current one.</summary>
    public DateTimeOffset ReplacedAt { get; set; }
}
