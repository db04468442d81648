using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.RoleSettings;

/// <summary>One role's effective rights: its permissions and its data scope.</summary>
public sealed record RoleRights(string Role, IReadOnlySet<string> Permissions, DataScope Scope, bool Customised, bool RequireSecondFactor,
    string Name = "", bool IsCustom = false);

/// <summary>
/// The effective rights of every role, read from the database (or the defaults) and cached until an
/// administrator changes a role; the change applies to every signed-in user on their next request.
/// </summary>
public sealed class RoleCatalog(IServiceScopeFactory scopes, IConfiguration configuration)
{
    /// <summary>
    /// Roles that require a second factor until an administrator sets it on the role:
    /// `Shifan:SecondFactor:RequiredByDefault` (role codes separated by spaces or commas; empty = none), else admin and office.
    /// </summary>
    public bool RequiredByDefault(string role) => configuration["Shifan:SecondFactor:RequiredByDefault"] is { } list
        ? list.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries).Contains(role)
        : Roles.DefaultRequiresSecondFactor(role);

    private readonly ConcurrentDictionary<string, RoleRights> cache = new();
    private long generation;

    public async Task<RoleRights> GetAsync(string role)
    {
        if (cache.TryGetValue(role, out var rights)) return rights;
        // A read that overlaps a change must not put the old rights back into the cache.
        var seen = Interlocked.Read(ref generation);
        using var system = ActingUser.AsSystem();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
        var stored = await db.RoleDefinitions.AsNoTracking().FirstOrDefaultAsync(r => r.Role == role);
        rights = stored is null
            ? new RoleRights(role, Roles.DefaultPermissions(role).ToHashSet(), Roles.DefaultScope(role), false, RequiredByDefault(role), Roles.DisplayName(role))
            : new RoleRights(role, stored.PermissionList.Where(Core.Users.Permissions.All.Contains).ToHashSet(), stored.DataScope, true,
                stored.RequireSecondFactor ?? RequiredByDefault(role), stored.DisplayName ?? Roles.DisplayName(role), stored.IsCustom);
        cache[role] = rights;
        if (Interlocked.Read(ref generation) != seen) cache.TryRemove(role, out _);
        return rights;
    }

    public void Forget(string role)
    {
        Interlocked.Increment(ref generation);
        cache.TryRemove(role, out _);
    }
}

/// <summary>
/// Adds the role's current permissions and data scope to every authenticated request, so sign-in cookies
/// and API tokens never carry stale rights.
/// </summary>
public sealed class RoleClaims(RoleCatalog catalog, ShifanDbContext db) : IClaimsTransformation
{
    public const string ScopeClaim = "data_scope";
    /// <summary>The role's Chinese name (custom roles are named by the office).</summary>
    public const string RoleNameClaim = "role_name";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity) return principal;
        if (principal.HasClaim(c => c.Type == ScopeClaim)) return principal;
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (role is null) return principal;
        var rights = await catalog.GetAsync(role);
        var copy = identity.Clone();
        foreach (var stale in copy.FindAll(AccountService.PermissionClaim).ToList()) copy.RemoveClaim(stale);
        foreach (var p in rights.Permissions) copy.AddClaim(new Claim(AccountService.PermissionClaim, p));
        copy.AddClaim(new Claim(ScopeClaim, rights.Scope.ToString()));
        // The units a narrower scope reaches, read now so the database's unit filter needs no query of its own.
        foreach (var stale in copy.FindAll(CurrentUser.ScopeUnitClaim).ToList()) copy.RemoveClaim(stale);
        if (rights.Scope != DataScope.All && role != Roles.Admin && int.TryParse(principal.FindFirstValue(AccountService.UnitClaim), out var own))
            foreach (var unit in await ScopeUnitsAsync(own, rights.Scope)) copy.AddClaim(new Claim(CurrentUser.ScopeUnitClaim, unit.ToString()));
        copy.AddClaim(new Claim(RoleNameClaim, rights.Name));
        return new ClaimsPrincipal(copy);
    }

    private async Task<IReadOnlyCollection<int>> ScopeUnitsAsync(int own, DataScope scope)
    {
        if (scope != DataScope.UnitAndBelow) return [own];
        var units = await db.Units.AsNoTracking().Where(u => u.CampaignId == db.Units.Where(x => x.Id == own).Select(x => x.CampaignId).FirstOrDefault())
            .Select(u => new Core.Units.Unit { Id = u.Id, CampaignId = u.CampaignId, ParentId = u.ParentId, Name = u.Name }).ToListAsync();
        return Core.Units.Unit.Subtree(units, own);
    }
}
