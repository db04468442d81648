namespace Shifan.Core.Users;

/// <summary>An account. Passwords are stored only as ASP.NET Core Identity hashes.</summary>
public sealed class User
{
    public int Id { get; set; }
    public required string UserName { get; set; }
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    /// <summary>True for one-time passwords: the user must choose a new one after signing in.</summary>
    public bool MustChangePassword { get; set; }
    /// <summary>When the password was last set; null until the first sign-in after an upgrade starts the clock.</summary>
    public DateTimeOffset? PasswordChangedAt { get; set; }
    public required string Role { get; set; }
    public int? UnitId { get; set; }
    /// <summary>
    /// The organisation the user works for, when the role is held over an organisation subtree rather than one
    /// campaign's unit (a city office supervising its counties' campaigns): the user's role then applies to every
    /// campaign run by that organisation or one below it.
    /// </summary>
    public int? OrganisationId { get; set; }
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>Where notifications are e-mailed when an SMTP server is configured.</summary>
    public string? Email { get; set; }
    /// <summary>One e-mail per notification, or one digest a day.</summary>
    public Notifications.NotificationDelivery Delivery { get; set; }

    /// <summary>A plain check of an address's form (one @, a dot in the domain, no spaces); the mail server has the last word.</summary>
    public static bool IsEmail(string? value) =>
        value is { Length: > 5 and <= 200 } v && v.IndexOf('@') is var at and > 0 && at == v.LastIndexOf('@')
        && v.IndexOf('.', at) > at + 1 && !v.EndsWith('.') && !v.Any(char.IsWhiteSpace);

    /// <summary>The authenticator secret, protected by the app's data-protection keys (never stored in clear); set from the start of enrolment.</summary>
    public string? TotpSecret { get; set; }
    /// <summary>When the user confirmed enrolment with a first code; null while enrolment is pending or absent.</summary>
    public DateTimeOffset? TotpEnabledAt { get; set; }
    /// <summary>The last time step whose code was accepted: that code and older ones are refused (RFC 6238 section 5.2).</summary>
    public long? TotpLastStep { get; set; }

    public bool HasSecondFactor => TotpEnabledAt is not null && !string.IsNullOrEmpty(TotpSecret);

    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a wrong password; the fifth in a row locks the account for 15 minutes.</summary>
    public void RegisterFailure(DateTimeOffset now)
    {
        FailedLogins++;
        if (FailedLogins >= MaxFailedLogins)
        {
            LockedUntil = now + LockoutDuration;
            FailedLogins = 0;
        }
    }

    public void RegisterSuccess()
    {
        FailedLogins = 0;
        LockedUntil = null;
    }
}

/// <summary>A one-time recovery code for a lost authenticator, stored as a SHA-256 hash; used once.</summary>
public sealed class RecoveryCode
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public string CodeHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>One sign-in attempt, kept for the login log.</summary>
public sealed class LoginRecord
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string UserName { get; set; } = "";
    public string Ip { get; set; } = "";
    public string UserAgent { get; set; } = "";
    public bool Success { get; set; }
    public string Result { get; set; } = "";
}

/// <summary>A signed-in session (browser or API token); revoking it signs the user out everywhere it is used.</summary>
public sealed class UserSession
{
    public required string Id { get; set; }
    public int UserId { get; set; }
    public string UserName { get; set; } = "";
    public string Kind { get; set; } = "cookie";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public string Ip { get; set; } = "";
    public string UserAgent { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsActive(DateTimeOffset now, TimeSpan idle) => RevokedAt is null && now - LastSeenAt <= idle;
}

/// <summary>A reviewer's read access to one campaign's submitted material.</summary>
public sealed class ReviewerGrant
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public int CampaignId { get; set; }
}


/// <summary>
/// A role a user holds besides their account's own (<see cref="User.Role"/> with its unit or organisation): in one
/// campaign's unit (<see cref="UnitId"/>), over one whole campaign (<see cref="CampaignId"/>), or over an organisation
/// subtree (<see cref="OrganisationId"/>) — exactly one of the three. The user acts in one role at a time and switches
/// in the header (切换身份), so rights never mix between campaigns.
/// </summary>
public sealed class RoleGrant
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public required string Role { get; set; }
    public int? UnitId { get; set; }
    public int? CampaignId { get; set; }
    public int? OrganisationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}
