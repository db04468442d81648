namespace Shifan.Features.Account;

/// <summary>
/// A user signed in with a one-time (or expired) password may only change it (or sign out) until they
/// do; then a user whose role requires a second factor may only enrol it. Pages redirect to the form,
/// the API answers 403.
/// </summary>
public sealed class OneTimePasswordGate(RequestDelegate next)
{
    private static readonly string[] OpenPaths = ["/account/password", "/logout", "/login", "/_framework", "/_content", "/css", "/healthz", "/not-found", "/error", "/api/me", "/api/auth"];
    private static readonly string[] EnrolPaths = [.. OpenPaths.Where(p => p != "/account/password"), SecondFactorEndpoints.EnrolPage];

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(AccountService.MustChangeClaim, "1") && !OpenPaths.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            await RefuseAsync(context, "请先修改一次性密码（POST /api/me/password）", "/account/password");
            return;
        }
        if (!context.User.HasClaim(AccountService.MustChangeClaim, "1") && context.User.HasClaim(AccountService.MustEnrolClaim, "1")
            && !EnrolPaths.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            await RefuseAsync(context, $"您的角色须使用双因素认证，请先在页面 {SecondFactorEndpoints.EnrolPage} 启用", SecondFactorEndpoints.EnrolPage);
            return;
        }
        await next(context);
    }

    private static async Task RefuseAsync(HttpContext context, string apiMessage, string page)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(title: apiMessage, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        context.Response.Redirect(page);
    }
}
