using Microsoft.AspNetCore.Authentication.Cookies;

namespace Shifan.Hosting;

/// <summary>
/// A browser's cookie rides along on any request a page of the same host sends, even from another
/// port (SameSite does not separate ports), so a cookie alone does not show that the user meant the
/// call. Cookie-authenticated /api requests must carry <see cref="HeaderName"/> (a cross-origin page
/// cannot send it without a CORS preflight, which is never granted) and must not come from another
/// origin (Sec-Fetch-Site, Origin). Bearer-token callers are not affected. See ADR-011.
/// </summary>
public sealed class RequestIntentGate(RequestDelegate next, ILogger<RequestIntentGate> log)
{
    public const string HeaderName = "X-Shifan-Request";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api")
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
            && Refusal(context.Request) is { } reason)
        {
            log.LogWarning("Refused cookie API request {Method} {Path} by {User}: {Reason}", context.Request.Method, context.Request.Path,
                context.User.Identity.Name, reason);
            await Results.Problem(
                title: "请求未经本系统页面发起，已拒绝",
                detail: "为防止其他网页冒用您的登录状态，浏览器调用接口须由本系统的页面发起。请刷新页面后重试；脚本或其他程序请使用 API 令牌（POST /api/auth/login）。",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    /// <summary>Why a cookie-authenticated request does not show the user's intent (for the log), or null when it does.</summary>
    public static string? Refusal(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site") return $"Sec-Fetch-Site {site}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsOwnOrigin(origin, request)) return $"Origin {origin}";
        if (request.Headers[HeaderName].ToString() != "1") return $"no {HeaderName} header";
        return null;
    }

    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o)
        && string.Equals(o.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
