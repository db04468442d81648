using System.Threading.RateLimiting;

namespace Shifan.Features.Account;

/// <summary>Rate limits against guessing passwords and flooding uploads, per client address.</summary>
public static class SecurityLimits
{
    public const string LoginPolicy = "login";
    public const string UploadPolicy = "upload";

    public static IServiceCollection AddSecurityLimits(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (ctx, ct) =>
        {
            // Tells the uploader (and any client) when to try again.
            if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ctx.HttpContext.Response.WriteAsJsonAsync(new { error = "请求过于频繁，请稍后再试" }, ct);
        };
        o.AddPolicy(LoginPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        // Counts files, not bytes or chunks: a chunked upload is counted once, when it starts.
        o.AddPolicy(UploadPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.User.Identity?.Name ?? ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = UploadsPerMinute(ctx), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    });

    /// <summary>Files a user may start uploading per minute: `Shifan:UploadsPerMinute`, default 30.</summary>
    private static int UploadsPerMinute(HttpContext ctx) =>
        int.TryParse(ctx.RequestServices.GetService<IConfiguration>()?["Shifan:UploadsPerMinute"], out var n) && n > 0 ? n : 30;
}
