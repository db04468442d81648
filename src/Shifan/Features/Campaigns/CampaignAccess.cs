using System.Security.Claims;
using Shifan.Core.Users;
using Shifan.Features.Account;

namespace Shifan.Features.Campaigns;

/// <summary>
/// Campaign scope: a system admin sees every campaign; everyone else only the campaign of their unit.
/// Outside the scope the answer is "not found", so ids cannot be probed.
/// </summary>
public sealed class CampaignAccess(ICurrentUser current)
{
    private ClaimsPrincipal User => current.Principal;

    /// <summary>Who is asking, with every claim (the key of answers kept per caller).</summary>
    public ClaimsPrincipal Caller => User;

    /// <summary>The system account (start-up, scheduled jobs, commands run without --as): every campaign, every right.</summary>
    private bool IsOperator => current.IsSystem;

    public bool IsAdmin => IsOperator || User.IsInRole(Roles.Admin);

    /// <summary>The audit administrator (or the system account): reads the whole operation log, every campaign's and the system-wide records.</summary>
    public bool IsAuditor => IsOperator || User.IsInRole(Roles.AuditAdmin);

    public string? Role => User.FindFirstValue(ClaimTypes.Role);

    public string UserName => current.Name;

    /// <summary>The signed-in (or acting) user's account id; null for the system account.</summary>
    public int? UserId => int.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>
    /// Whether the campaign is within reach: the system admin's and the audit admin's are all of them (the audit admin holds
    /// no right but the log, so all it reaches in any campaign is that campaign's log); anyone else's, the campaigns of their claims.
    /// </summary>
    public bool CanSee(int campaignId) =>
        IsAdmin || IsAuditor || User.FindAll(AccountService.CampaignClaim).Any(c => c.Value == campaignId.ToString());

    /// <summary>The campaigns the caller may see (meaningless for admins, who see all).</summary>
    public IReadOnlyList<int> CampaignIds =>
        User.FindAll(AccountService.CampaignClaim).Select(c => int.TryParse(c.Value, out var id) ? id : 0).Where(id => id > 0).Distinct().ToList();

    /// <summary>The unit of the signed-in user, for unit-scoped rights (a unit head's own unit and below).</summary>
    public int? UnitId => int.TryParse(User.FindFirstValue(AccountService.UnitClaim), out var u) ? u : null;

    /// <summary>The data scope of the caller's role (from <see cref="RoleSettings.RoleClaims"/>); the system account sees everything.</summary>
    public DataScope Scope => IsAdmin ? DataScope.All
        : Enum.TryParse<DataScope>(User.FindFirstValue(RoleSettings.RoleClaims.ScopeClaim), out var scope) ? scope
        : Core.Users.Roles.DefaultScope(Role ?? "");

    public bool Has(string permission) => IsOperator || User.HasClaim(AccountService.PermissionClaim, permission);
}

public sealed class NotFoundException(string message = "未找到") : Exception(message);
