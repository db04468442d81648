using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Account;

/// <summary>
/// Security settings read from configuration: Shifan:IdleTimeout (default 30 minutes), Shifan:Password:*
/// (see <see cref="PasswordPolicy"/>), Shifan:LoginAttemptsPerMinute per client address (default 20).
/// </summary>
public sealed record SecurityOptions(TimeSpan IdleTimeout, PasswordPolicy? Password = null, int LoginAttemptsPerMinute = 20)
{
    public static SecurityOptions From(IConfiguration configuration) =>
        new(TimeSpan.TryParse(configuration["Shifan:IdleTimeout"], out var idle) && idle > TimeSpan.Zero ? idle : TimeSpan.FromMinutes(30),
            PasswordPolicy.From(configuration),
            int.TryParse(configuration["Shifan:LoginAttemptsPerMinute"], out var n) && n > 0 ? n : 20);
}

/// <summary>Active sessions: listing, forced logout, and the idle timeout.</summary>
public sealed class SessionRegistry(ShifanDbContext db, TimeProvider clock, SecurityOptions options)
{
    public async Task<List<Core.Users.UserSession>> ActiveAsync()
    {
        var cutoff = clock.GetUtcNow() - options.IdleTimeout;
        var open = await db.UserSessions.AsNoTracking().Where(s => s.RevokedAt == null).ToListAsync();
        return open.Where(s => s.LastSeenAt >= cutoff).OrderByDescending(s => s.LastSeenAt).ToList();
    }

    public async Task<bool> RevokeAsync(string sessionId, string by)
    {
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.RevokedAt == null);
        if (session is null) return false;
        session.RevokedAt = clock.GetUtcNow();
        session.RevokedBy = by;
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>Ends every open session of a user but <paramref name="except"/> (the one changing the password).</summary>
    public async Task<int> RevokeAllAsync(int userId, string by, string? except = null)
    {
        var now = clock.GetUtcNow();
        var open = await db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != except).ToListAsync();
        foreach (var s in open)
        {
            s.RevokedAt = now;
            s.RevokedBy = by;
        }
        if (open.Count > 0) await db.SaveChangesAsync();
        return open.Count;
    }

    /// <summary>True when the session may go on; refreshes its last-seen time now and then.</summary>
    public async Task<bool> TouchAsync(string sessionId)
    {
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == sessionId);
        var now = clock.GetUtcNow();
        if (session is null || !session.IsActive(now, options.IdleTimeout)) return false;
        var refresh = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, options.IdleTimeout.Ticks / 4));
        if (now - session.LastSeenAt >= refresh)
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync();
        }
        return true;
    }
}

/// <summary>
/// Ends requests of revoked or idle sessions: the browser is signed out and sent to the login page,
/// an API caller gets 401.
/// </summary>
public sealed class SessionGate(RequestDelegate next)
{
    private static readonly string[] StaticPaths = ["/_framework", "/css", "/js"];

    public async Task InvokeAsync(HttpContext context, SessionRegistry sessions)
    {
        // Stylesheets and scripts carry the cookie too; they need no session lookup.
        if (context.User.Identity?.IsAuthenticated == true && !StaticPaths.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            var sid = context.User.FindFirstValue(AccountService.SessionClaim);
            if (sid is null || !await sessions.TouchAsync(sid))
            {
                if (context.User.Identity.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
                    await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                if (context.Request.Path.StartsWithSegments("/api") || context.Request.Headers.Authorization.Count > 0)
                {
                    await Results.Problem(title: "会话已过期或已被强制下线，请重新登录", statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
                    return;
                }
                context.Response.Redirect("/login?expired=1");
                return;
            }
        }
        await next(context);
    }
}
