using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Shifan.Features.Account;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Cli;

/// <summary>
/// Whom a command acts as: the user named by <c>--as NAME</c> (their role, permissions, data scope and
/// campaigns, exactly as if they had signed in), or the system account. The audit records that name.
/// </summary>
public static class CommandIdentity
{
    /// <summary>
    /// The principal to act as; the caller starts acting with <see cref="ActingUser.Begin"/> in its own frame
    /// (an async-local value set inside this method would be gone when it returns).
    /// </summary>
    public static async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(IServiceProvider sp, string? userName)
    {
        if (userName is null) return SystemAccount.Principal;
        var db = sp.GetRequiredService<ShifanDbContext>();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName && !u.Disabled)
            ?? throw new UsageException($"用户“{userName}”不存在或已停用");
        var principal = await sp.GetRequiredService<IClaimsTransformation>()
            .TransformAsync(await sp.GetRequiredService<AccountService>().PrincipalAsync(user, "cli"));
        return principal;
    }
}
