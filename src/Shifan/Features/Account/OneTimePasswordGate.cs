namespace Shifan.Features.Account;

/// <summary>
/// A user signed in with a one-time password may only change it (or sign out) until they do:
/// pages redirect to the password form, the API answers 403.
/// </summary>
public sealed class OneTimePasswordGate(RequestDelegate next)
{
    private static readonly string[] OpenPaths = ["/account/password", "/logout", "/login", "/_framework", "/_content", "/css", "/healthz", "/not-found", "/error", "/api/me", "/api/auth"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(AccountService.MustChangeClaim, "1") && !OpenPaths.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new { error = "请先修改一次性密码（POST /api/me/password）" });
                return;
            }
            context.Response.Redirect("/account/password");
            return;
        }
        await next(context);
    }
}
