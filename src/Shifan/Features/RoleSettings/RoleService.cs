using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.RoleSettings;

public sealed record RoleView(string Role, string Name, IReadOnlyList<string> Permissions, string DataScope, string DataScopeName,
    bool Customised, int Users, bool RequireSecondFactor, bool IsCustom = false);

/// <summary>A role's new settings; RequireSecondFactor null keeps the current setting.</summary>
public sealed record RoleEdit(List<string>? Permissions, string? DataScope, bool? RequireSecondFactor = null);

/// <summary>A new role: its code, its Chinese name, and the built-in role whose permissions and scope it starts from.</summary>
public sealed record NewRole(string? Role, string? Name, string? Template);

/// <summary>Roles: their permissions and data scope, changed by whoever holds system:role:manage; every change is audited.</summary>
public sealed class RoleService(ShifanDbContext db, RoleCatalog catalog, TimeProvider clock)
{
    /// <summary>The built-in roles, then the custom ones by name.</summary>
    public async Task<List<string>> CodesAsync() =>
        [.. Core.Users.Roles.All, .. await db.RoleDefinitions.Where(r => r.IsCustom).OrderBy(r => r.DisplayName).Select(r => r.Role).ToListAsync()];

    /// <summary>Whether users may be given the role: a built-in role or a custom one that exists.</summary>
    public async Task<bool> ExistsAsync(string? role) =>
        role is not null && (Core.Users.Roles.All.Contains(role) || await db.RoleDefinitions.AnyAsync(r => r.Role == role && r.IsCustom));

    /// <summary>Every role's Chinese name by code, custom roles included.</summary>
    public async Task<Dictionary<string, string>> NamesAsync()
    {
        var names = Core.Users.Roles.All.ToDictionary(r => r, Core.Users.Roles.DisplayName);
        foreach (var r in await db.RoleDefinitions.Where(r => r.IsCustom).Select(r => new { r.Role, r.DisplayName }).ToListAsync())
            names[r.Role] = r.DisplayName ?? r.Role;
        return names;
    }

    public async Task<List<RoleView>> ListAsync()
    {
        var users = await db.Users.GroupBy(u => u.Role).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var list = new List<RoleView>();
        foreach (var role in await CodesAsync())
        {
            var rights = await catalog.GetAsync(role);
            list.Add(new RoleView(role, rights.Name,
                Permissions.Catalog.Select(c => c.Code).Where(rights.Permissions.Contains).ToList(),
                rights.Scope.ToString(), Core.Users.Roles.ScopeName(rights.Scope), rights.Customised && !rights.IsCustom, users.GetValueOrDefault(role),
                rights.RequireSecondFactor, rights.IsCustom));
        }
        return list;
    }

    /// <summary>Makes a custom role from a built-in template; it can be given to users at once.</summary>
    public async Task<RoleDefinition> CreateAsync(NewRole request, string actor)
    {
        var code = request.Role?.Trim() ?? "";
        if (!RoleDefinition.IsValidCode(code)) throw new RefusedException(new Refusal("角色代码须为2-32位小写字母、数字或连字符，以字母开头（例如 inspector）", "role"));
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 32) throw new RefusedException(new Refusal("请填写角色名称（不超过32个字）", "name"));
        if (request.Template is not { } template || !Core.Users.Roles.All.Contains(template) || template == Core.Users.Roles.Admin)
            throw new RefusedException(new Refusal("请选择作为模板的内置角色（系统管理员除外）", "template"));
        if (await ExistsAsync(code) || await db.RoleDefinitions.AnyAsync(r => r.Role == code)) throw new ConflictException($"角色代码“{code}”已存在");
        var names = await NamesAsync();
        if (names.Values.Contains(name)) throw new ConflictException($"角色名称“{name}”已存在");
        var rights = await catalog.GetAsync(template);
        var role = new RoleDefinition
        {
            Role = code, IsCustom = true, DisplayName = name, DataScope = rights.Scope, RequireSecondFactor = rights.RequireSecondFactor,
            Permissions = string.Join(' ', Permissions.Catalog.Select(c => c.Code).Where(rights.Permissions.Contains)),
            UpdatedAt = clock.GetUtcNow(), UpdatedBy = actor,
        };
        db.RoleDefinitions.Add(role);
        await db.SaveChangesAsync();
        catalog.Forget(code);
        return role;
    }

    /// <summary>Deletes a custom role nobody holds.</summary>
    public async Task DeleteAsync(string role)
    {
        if (Core.Users.Roles.All.Contains(role)) throw new ConflictException("内置角色不能删除（可以修改其权限或恢复默认）");
        var stored = await db.RoleDefinitions.FirstOrDefaultAsync(r => r.Role == role && r.IsCustom) ?? throw new Campaigns.NotFoundException("角色不存在或是内置角色");
        if (await db.Users.AnyAsync(u => u.Role == role)) throw new ConflictException($"还有用户担任“{stored.DisplayName}”，请先调整他们的角色");
        db.RoleDefinitions.Remove(stored);
        await db.SaveChangesAsync();
        catalog.Forget(role);
    }

    /// <summary>Sets a role's permissions, data scope and second-factor requirement; returns the refusal or null.</summary>
    public async Task<Refusal?> UpdateAsync(string role, RoleEdit edit, string actor)
    {
        var stored = await db.RoleDefinitions.FirstOrDefaultAsync(r => r.Role == role);
        var custom = stored?.IsCustom == true;
        if (!custom && !Core.Users.Roles.All.Contains(role)) throw new Campaigns.NotFoundException("角色不存在");
        if (edit.Permissions is null) return new Refusal("请选择权限", "permissions");
        if (!Enum.TryParse<DataScope>(edit.DataScope, ignoreCase: true, out var scope) || !Enum.IsDefined(scope))
            return new Refusal("数据范围不正确（可选：All、UnitAndBelow、OwnUnit、OwnRecords）", "dataScope");
        var permissions = edit.Permissions.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToList();
        if (Core.Users.Roles.Validate(role, permissions, scope, custom) is { } problem) return new Refusal(problem.Message, problem.Field);
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

    /// <summary>Returns a built-in role to its default permissions and scope.</summary>
    public async Task ResetAsync(string role)
    {
        if (!Core.Users.Roles.All.Contains(role)) throw new Campaigns.NotFoundException("角色不存在或不是内置角色");
        if (await db.RoleDefinitions.FirstOrDefaultAsync(r => r.Role == role) is { } stored)
        {
            db.RoleDefinitions.Remove(stored);
            await db.SaveChangesAsync();
        }
        catalog.Forget(role);
    }
}
