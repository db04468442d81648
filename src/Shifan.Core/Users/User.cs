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
    public required string Role { get; set; }
    public int? UnitId { get; set; }
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }

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

/// <summary>Roles and their `module:entity:action` permissions.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Office = "office";
    public const string UnitHead = "unit-head";
    public const string Liaison = "liaison";
    public const string Leader = "leader";
    public const string Reviewer = "reviewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Office, UnitHead, Liaison, Leader, Reviewer];

    public static string DisplayName(string role) => role switch
    {
        Admin => "系统管理员",
        Office => "办公室",
        UnitHead => "单位负责人",
        Liaison => "联络人",
        Leader => "领导",
        Reviewer => "评审",
        _ => role,
    };

    private static readonly string[] ReadAll =
        [Permissions.CampaignRead, Permissions.FrameworkRead, Permissions.UnitRead, Permissions.AssignmentRead, Permissions.EvidenceRead];

    private static readonly string[] Evidence = [Permissions.EvidenceUpload, Permissions.EvidenceDelete];

    private static readonly string[] EditAll =
        [Permissions.CampaignEdit, Permissions.FrameworkEdit, Permissions.UnitEdit, Permissions.AssignmentEdit, Permissions.FrameworkExport];

    public static IReadOnlyList<string> PermissionsOf(string role) => role switch
    {
        Admin => [.. ReadAll, .. EditAll, .. Evidence, Permissions.UnitContactEdit, Permissions.UserManage, Permissions.AuditRead, Permissions.SessionManage],
        Office => [.. ReadAll, .. EditAll, .. Evidence, Permissions.UnitContactEdit, Permissions.AuditRead],
        UnitHead => [.. ReadAll, .. Evidence, Permissions.UnitContactEdit],
        Liaison => [.. ReadAll, .. Evidence],
        Leader or Reviewer => ReadAll,
        _ => [],
    };
}

public static class Permissions
{
    public const string CampaignRead = "campaign:campaign:read";
    public const string CampaignEdit = "campaign:campaign:edit";
    public const string FrameworkRead = "framework:node:read";
    public const string FrameworkEdit = "framework:node:edit";
    public const string FrameworkExport = "framework:framework:export";
    public const string UnitRead = "unit:unit:read";
    public const string UnitEdit = "unit:unit:edit";
    public const string AssignmentRead = "assignment:assignment:read";
    public const string AssignmentEdit = "assignment:assignment:edit";
    public const string UserManage = "system:user:manage";
    public const string AuditRead = "system:audit:read";
    public const string SessionManage = "system:session:manage";
    public const string UnitContactEdit = "unit:contact:edit";
    public const string EvidenceRead = "evidence:item:read";
    public const string EvidenceUpload = "evidence:item:upload";
    public const string EvidenceDelete = "evidence:item:delete";
}
