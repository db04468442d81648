using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Account;

/// <summary>Code: the authenticator's 6 digits (or a recovery code) when the account has a second factor.</summary>
public sealed record LoginRequest(string? UserName, string? Password, string? Code = null);
/// <summary>MustEnrolSecondFactor: the role requires a second factor not yet enrolled; the token then serves only /api/me until it is (on the page).</summary>
public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, bool MustChangePassword, bool MustEnrolSecondFactor = false);
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
public sealed record MeResponse(string UserName, string DisplayName, string Role, string RoleName, int? UnitId, int? CampaignId, IReadOnlyList<string> Permissions);

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("账户").ProducesOutcomes();
        api.MapPost("/auth/login", LoginAsync).WithName("Login").WithSummary("以用户名、密码（已启用双因素认证的，另加 code：动态验证码或恢复码）换取 API 令牌（密码或验证码连续输错5次锁定15分钟，锁定期间返回423）")
            .ProducesProblem(StatusCodes.Status423Locked).AllowAnonymous().DisableAntiforgery(); // rate limited with the /login form (SecurityLimits)
        api.MapGet("/me", Me).WithName("Me").WithSummary("当前用户、单位与权限").RequireAuthorization();
        api.MapPost("/me/password", async (ChangePasswordRequest request, ClaimsPrincipal user, AccountService accounts) =>
            {
                if (string.IsNullOrEmpty(request.CurrentPassword)) throw Refuse.Field("currentPassword", "请输入当前密码");
                if (string.IsNullOrEmpty(request.NewPassword)) throw Refuse.Field("newPassword", "请输入新密码");
                if (await accounts.ChangePasswordAsync(user.Identity!.Name!, request.CurrentPassword, request.NewPassword, user.FindFirstValue(AccountService.SessionClaim)) is { } error)
                    throw Refuse.Field("newPassword", error);
                return TypedResults.NoContent();
            }).WithName("ChangePassword").WithSummary("修改自己的密码（一次性或已过期的密码须先修改）；本人其他会话随之结束").RequireAuthorization();
        app.MapPost("/logout", async (HttpContext ctx, SessionRegistry sessions) =>
        {
            if (ctx.User.FindFirstValue(AccountService.SessionClaim) is { } sid) await sessions.RevokeAsync(sid, ctx.User.Identity?.Name ?? "");
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.Redirect("/login");
        }).ExcludeFromDescription();
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(LoginRequest request, AccountService accounts, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(request.UserName)) throw Refuse.Field("userName", "请输入用户名");
        if (string.IsNullOrEmpty(request.Password)) throw Refuse.Field("password", "请输入密码");
        var (result, user) = await accounts.CheckAsync(request.UserName, request.Password);
        if (result == SignInResult.CodeRequired && user is not null)
        {
            // Without a code nothing was tried: say what is missing. A wrong code counts like a wrong password.
            if (string.IsNullOrWhiteSpace(request.Code))
                return TypedResults.Problem(title: AccountService.Message(result), statusCode: StatusCodes.Status401Unauthorized,
                    extensions: new Dictionary<string, object?> { ["codeRequired"] = true });
            result = await accounts.CheckCodeAsync(user, request.Code);
        }
        if (result != SignInResult.Success || user is null)
            return TypedResults.Problem(title: AccountService.Message(result),
                statusCode: result == SignInResult.LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status401Unauthorized);
        var options = bearer.Get(BearerTokenDefaults.AuthenticationScheme);
        var principal = await accounts.PrincipalAsync(user, BearerTokenDefaults.AuthenticationScheme, await accounts.OpenSessionAsync(user, "token"));
        // The same clock the bearer handler checks the expiry with.
        var expires = clock.GetUtcNow().Add(options.BearerTokenExpiration);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = expires }, BearerTokenDefaults.AuthenticationScheme);
        return TypedResults.Ok(new LoginResponse(options.BearerTokenProtector.Protect(ticket), expires, user.MustChangePassword || accounts.IsExpired(user),
            principal.HasClaim(AccountService.MustEnrolClaim, "1")));
    }

    private static MeResponse Me(ClaimsPrincipal user) => new(
        user.Identity!.Name!,
        user.FindFirstValue(ClaimTypes.GivenName) ?? "",
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        Roles.DisplayName(user.FindFirstValue(ClaimTypes.Role) ?? ""),
        int.TryParse(user.FindFirstValue(AccountService.UnitClaim), out var u) ? u : null,
        int.TryParse(user.FindFirstValue(AccountService.CampaignClaim), out var c) ? c : null,
        user.FindAll(AccountService.PermissionClaim).Select(x => x.Value).ToList());
}
