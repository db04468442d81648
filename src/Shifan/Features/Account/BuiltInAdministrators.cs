using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Account;

/// <summary>An account made by the system with a one-time password, to be printed once and kept in its owner-only file.</summary>
public sealed record OneTimeAccount(string UserName, string Role, string Password)
{
    public string RoleName => Roles.DisplayName(Role);
}

/// <summary>
/// The three administrators of 三员分立 (ADR-028): 系统管理员 admin, 安全管理员 secadmin, 审计管理员 auditadmin, each its own
/// account with its own one-time password. A database made before the separation gets the missing two at start-up,
/// and stored role settings that mix the three groups lose the security and audit permissions they may no longer hold.
/// </summary>
public static class BuiltInAdministrators
{
    public static IReadOnlyList<(string UserName, string Role, string DisplayName)> Accounts { get; } =
    [
        ("admin", Roles.Admin, "系统管理员"), ("secadmin", Roles.SecurityAdmin, "安全管理员"), ("auditadmin", Roles.AuditAdmin, "审计管理员"),
    ];

    /// <summary>Adds an administrator account that must change its one-time password at first sign-in (saved by the caller).</summary>
    public static OneTimeAccount Add(ShifanDbContext db, string userName, string role, string displayName, DateTimeOffset now)
    {
        var password = AccountService.GenerateOneTimePassword();
        var user = new User { UserName = userName, DisplayName = displayName, Role = role, MustChangePassword = true, CreatedAt = now };
        user.PasswordHash = AccountService.Hash(user, password);
        db.Users.Add(user);
        return new OneTimeAccount(userName, role, password);
    }

    /// <summary>
    /// For a database in use (it has users): creates an account for each administrator role nobody holds (secadmin and
    /// auditadmin on a database made before 三员分立; a taken name gets a number), and strips stored role settings of
    /// mixed groups. Returns the accounts created, for their passwords to be printed and filed.
    /// </summary>
    public static async Task<List<OneTimeAccount>> EnsureAsync(ShifanDbContext db, ILogger log, DateTimeOffset now, CancellationToken ct = default)
    {
        var created = new List<OneTimeAccount>();
        if (!await db.Users.AnyAsync(ct)) return created;
        var changed = await SeparateStoredRolesAsync(db, log, now, ct);
        foreach (var (name, role, displayName) in Accounts)
        {
            if (await db.Users.AnyAsync(u => u.Role == role, ct)) continue;
            var userName = name;
            for (var n = 2; await db.Users.AnyAsync(u => u.UserName == userName, ct); n++) userName = $"{name}{n}";
            created.Add(Add(db, userName, role, displayName, now));
            log.LogWarning("Created the built-in {Role} account {UserName} with a one-time password (separation of the three administrators)", role, userName);
        }
        if (created.Count > 0 || changed.Count > 0) await db.SaveChangesAsync(ct);
        return created;
    }

    /// <summary>
    /// Role settings saved before the separation (the admin's with user, role and log rights; the office's with the log): a role
    /// keeps its main group (system and business first, then security) and loses the permissions of the other groups.
    /// </summary>
    private static async Task<List<string>> SeparateStoredRolesAsync(ShifanDbContext db, ILogger log, DateTimeOffset now, CancellationToken ct)
    {
        var changed = new List<string>();
        foreach (var stored in await db.RoleDefinitions.ToListAsync(ct))
        {
            var permissions = stored.PermissionList;
            if (Roles.SeparationProblem(permissions) is null) continue;
            var keep = stored.Role switch
            {
                Roles.SecurityAdmin => AdminGroup.Security,
                Roles.AuditAdmin => AdminGroup.Audit,
                _ => permissions.Any(p => Roles.GroupOf(p) == AdminGroup.System) ? AdminGroup.System : AdminGroup.Security,
            };
            var removed = permissions.Where(p => Roles.GroupOf(p) is { } g && g != keep).ToList();
            stored.Permissions = string.Join(' ', permissions.Except(removed));
            stored.UpdatedAt = now;
            stored.UpdatedBy = "system";
            changed.Add(stored.Role);
            log.LogWarning("Role {Role} mixed the three administrators' groups; removed {Permissions}", stored.Role, string.Join(' ', removed));
        }
        return changed;
    }
}
