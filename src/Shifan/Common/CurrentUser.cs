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
}
