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
        [Permissions.CampaignRead, Permissions.FrameworkRead, Permissions.UnitRead, Permissions.AssignmentRead];

    private static readonly string[] EditAll =
        [Permissions.CampaignEdit, Permissions.FrameworkEdit, Permissions.UnitEdit, Permissions.AssignmentEdit, Permissions.FrameworkExport];

    public static IReadOnlyList<string> PermissionsOf(string role) => role switch
    {
        Admin => [.. ReadAll, .. EditAll, Permissions.UserManage, Permissions.AuditRead],
        Office => [.. ReadAll, .. EditAll, Permissions.AuditRead],
        UnitHead or Liaison or Leader or Reviewer => ReadAll,
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
}
