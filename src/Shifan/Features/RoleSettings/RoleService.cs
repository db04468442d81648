using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.RoleSettings;

public sealed record RoleView(string Role, string Name, IReadOnlyList<string> Permissions, string DataScope, string DataScopeName,
    bool Customised, int Users, bool RequireSecondFactor);

/// <summary>A role's new settings; RequireSecondFactor null keeps the current setting.</summary>
public sealed record RoleEdit(List<string>? Permissions, string? DataScope, bool? RequireSecondFactor = null);

/// <summary>Roles: their permissions and data scope, changed by whoever holds system:role:manage; every change is audited.</summary>
public sealed class RoleService(ShifanDbContext db, RoleCatalog catalog, TimeProvider clock)
{
    public async Task<List<RoleView>> ListAsync()
    {
        var users = await db.Users.GroupBy(u => u.Role).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var list = new List<RoleView>();
        foreach (var role in Core.Users.Roles.All)
        {
            var rights = await catalog.GetAsync(role);
            list.Add(new RoleView(role, Core.Users.Roles.DisplayName(role),
                Permissions.Catalog.Select(c => c.Code).Where(rights.Permissions.Contains).ToList(),
                rights.Scope.ToString(), Core.Users.Roles.ScopeName(rights.Scope), rights.Customised, users.GetValueOrDefault(role), rights.RequireSecondFactor));
        }
        return list;
    }

    /// <summary>Sets a role's permissions, data scope and second-factor requirement; returns the refusal or null.</summary>
    public async Task<Refusal?> UpdateAsync(string role, RoleEdit edit, string actor)
    {
        if (!Core.Users.Roles.All.Contains(role)) throw new Campaigns.NotFoundException("角色不存在");
        if (edit.Permissions is null) return new Refusal("请选择权限", "permissions");
        if (!Enum.TryParse<DataScope>(edit.DataScope, ignoreCase: true, out var scope) || !Enum.IsDefined(scope))
            return new Refusal("数据范围不正确（可选：All、UnitAndBelow、OwnUnit、OwnRecords）", "dataScope");
        var permissions = edit.Permissions.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToList();
        if (Core.Users.Roles.Validate(role, permissions, scope) is { } problem) return new Refusal(problem.Message, problem.Field);
        var stored = await db.RoleDefinitions.FirstOrDefaultAsync(r => r.Role == role);
        if (stored is null)
        {
            stored = new RoleDefinition { Role = role };
            db.RoleDefinitions.Add(stored);
        }
        stored.Permissions = string.Join(' ', Permissions.Catalog.Select(c => c.Code).Where(permissions.Contains));
        stored.DataScope = scope;
        if (edit.RequireSecondFactor is { } required) stored.RequireSecondFactor = required;
        stored.UpdatedAt = clock.GetUtcNow();
        stored.UpdatedBy = actor;
        await db.SaveChangesAsync();
        catalog.Forget(role);
        return null;
    }

    /// <summary>Returns a role to its default permissions and scope.</summary>
    public async Task ResetAsync(string role)
    {
        if (!Core.Users.Roles.All.Contains(role)) throw new Campaigns.NotFoundException("角色不存在");
        if (await db.RoleDefinitions.FirstOrDefaultAsync(r => r.Role == role) is { } stored)
        {
            db.RoleDefinitions.Remove(stored);
            await db.SaveChangesAsync();
        }
        catalog.Forget(role);
    }
}
