using System.Threading.RateLimiting;

namespace Shifan.Features.Account;

/// <summary>
/// Rate limits against guessing passwords and flooding uploads. Sign-in attempts share one budget per
/// client address whether they come through the /login form or POST /api/auth/login.
/// </summary>
public static class SecurityLimits
{
    public const string UploadPolicy = "upload";
    public const string TooMany = "请求过于频繁，请稍后再试";

    private static bool IsSignIn(HttpContext ctx) => HttpMethods.IsPost(ctx.Request.Method)
        && (ctx.Request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase) || ctx.Request.Path.Equals("/api/auth/login", StringComparison.OrdinalIgnoreCase));

    public static IServiceCollection AddSecurityLimits(this IServiceCollection services, int loginAttemptsPerMinute = 20) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (ctx, ct) =>
        {
            // Tells the uploader (and any client) when to try again.
            if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (ctx.HttpContext.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(title: TooMany, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(ctx.HttpContext);
                return;
            }
            ctx.HttpContext.Response.ContentType = "text/html; charset=utf-8";
            await ctx.HttpContext.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{TooMany}</title><link rel=\"stylesheet\" href=\"/css/app.css\"></head>" +
                $"<body><div class=\"login-card\"><div class=\"alert alert-error\">登录尝试过于频繁，请一分钟后再试。</div><a href=\"/login\">返回登录</a></div></body></html>", ct);
        };
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx => IsSignIn(ctx)
            ? RateLimitPartition.GetFixedWindowLimiter("login:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "local"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = loginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(""));
        // Counts files, not bytes or chunks: a chunked upload is counted once, when it starts.
        o.AddPolicy(UploadPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.User.Identity?.Name ?? ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = UploadsPerMinute(ctx), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    });

    /// <summary>Files a user may start uploading per minute: `Shifan:UploadsPerMinute`, default 30.</summary>
    private static int UploadsPerMinute(HttpContext ctx) =>
        int.TryParse(ctx.RequestServices.GetService<IConfiguration>()?["Shifan:UploadsPerMinute"], out var n) && n > 0 ? n : 30;
}
