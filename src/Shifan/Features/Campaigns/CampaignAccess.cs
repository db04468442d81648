using System.Security.Claims;
using Shifan.Core.Users;
using Shifan.Features.Account;

namespace Shifan.Features.Campaigns;

/// <summary>
/// Campaign scope: a system admin sees every campaign; everyone else only the campaign of their unit.
/// Outside the scope the answer is "not found", so ids cannot be probed.
/// </summary>
public sealed class CampaignAccess(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    /// <summary>Outside an HTTP request (the `shifan` commands run by the operator) there is no scope to apply.</summary>
    private bool IsOperator => accessor.HttpContext is null;

    public bool IsAdmin => IsOperator || User.IsInRole(Roles.Admin);

    public bool CanSee(int campaignId) =>
        IsAdmin || (int.TryParse(User.FindFirstValue(AccountService.CampaignClaim), out var c) && c == campaignId);

    public bool Has(string permission) => IsOperator || User.HasClaim(AccountService.PermissionClaim, permission);
}

public sealed class NotFoundException(string message = "未找到") : Exception(message);
