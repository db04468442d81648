using System.Security.Claims;
using Shifan.Infrastructure.Persistence;

namespace Shifan;

/// <summary>
/// Who is asking, whatever the surface: the signed-in user of a web request, the user a command acts as
/// (<c>--as NAME</c>), or the system account for commands without <c>--as</c>, scheduled jobs and start-up.
/// Nobody gets rights for want of an HTTP context: outside a request and outside <see cref="ActingUser"/> the
/// caller is anonymous and holds nothing.
/// </summary>
public interface ICurrentUser
{
    ClaimsPrincipal Principal { get; }

    /// <summary>The account name the audit records ("system" for the system account).</summary>
    string Name { get; }

    /// <summary>The system account: every permission, every campaign (start-up, jobs, commands without --as).</summary>
    bool IsSystem { get; }

    bool IsAuthenticated { get; }
}

/// <summary>The system account's identity (系统账号): never a row in the user table, so nobody can sign in as it.</summary>
public static class SystemAccount
{
    public const string Name = "system";
    public const string Claim = "shifan_system";

    public static ClaimsPrincipal Principal { get; } = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, Name), new Claim(ClaimTypes.GivenName, "系统"), new Claim(Claim, "1")], "system"));
}

/// <summary>
/// The identity that work outside a web request runs as: set by a command (the named user, or the system
/// account) or a background job for the work it starts, and carried into the scopes and tasks that work opens.
/// Inside a web request the request's own user always wins.
/// </summary>
public static class ActingUser
{
    private static readonly AsyncLocal<ClaimsPrincipal?> current = new();

    public static ClaimsPrincipal? Current => current.Value;

    public static IDisposable Begin(ClaimsPrincipal principal)
    {
        var before = current.Value;
        current.Value = principal;
        return new Restore(before);
    }

    public static IDisposable AsSystem() => Begin(SystemAccount.Principal);

    private sealed class Restore(ClaimsPrincipal? before) : IDisposable
    {
        public void Dispose() => current.Value = before;
    }
}

/// <summary>The one <see cref="ICurrentUser"/>: the request's user, else the acting user, else anonymous.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser, ICurrentActor
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? ActingUser.Current ?? Anonymous;

    public bool IsSystem => accessor.HttpContext is null && Principal.HasClaim(SystemAccount.Claim, "1");

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    // Sign-in attempts and other anonymous writes are recorded under the system account's name, as before.
    public string Name => Principal.Identity?.Name ?? SystemAccount.Name;

    /// <summary>
    /// The units the caller's data scope reaches, for the unit filter of the database context: null (everything) for the
    /// system account, administrators and roles scoped 全部; otherwise the <see cref="ScopeUnitClaim"/>s the role's
    /// claims carry (own unit, or own unit and below), possibly none. Code running for nobody (no request, no acting
    /// user) is not filtered: it holds no permission, so no use case lets it read anything.
    /// </summary>
    public IReadOnlyCollection<int>? ScopeUnits
    {
        get
        {
            var p = Principal;
            if (p.Identity?.IsAuthenticated != true || IsSystem || p.IsInRole(Core.Users.Roles.Admin)) return null;
            var scope = p.FindFirstValue(Features.RoleSettings.RoleClaims.ScopeClaim);
            if (scope is null || scope == nameof(Core.Users.DataScope.All)) return null;
            return p.FindAll(ScopeUnitClaim).Select(c => int.TryParse(c.Value, out var id) ? id : 0).Where(id => id > 0).ToHashSet();
        }
    }

    /// <summary>The caller's user name when their data scope is 本人 (own records); null otherwise (see <see cref="ScopeUnits"/>).</summary>
    public string? OwnRecordsOf
    {
        get
        {
            var p = Principal;
            if (p.Identity?.IsAuthenticated != true || IsSystem || p.IsInRole(Core.Users.Roles.Admin)) return null;
            return p.FindFirstValue(Features.RoleSettings.RoleClaims.ScopeClaim) == nameof(Core.Users.DataScope.OwnRecords) ? p.Identity.Name : null;
        }
    }

    /// <summary>One unit the caller's data scope reaches (added per request with the role's rights).</summary>
    public const string ScopeUnitClaim = "scope_unit";
}
