using Microsoft.Net.Http.Headers;

namespace Shifan.Hosting;

/// <summary>
/// The headers a reviewer expects on every answer (pages, API, files): a Content-Security-Policy that
/// allows only the app's own script files (no inline script or handlers), no framing, no MIME sniffing,
/// and no full address in the Referer. See ADR-011.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// A stored PDF or image opened for preview (…/evidence/{id}/file?inline=true) may be framed by the app's
    /// own review page, and nothing else: it runs no script and loads nothing but itself.
    /// </summary>
    public const string PreviewPolicy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public static bool IsPreview(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Value is { } path && path.EndsWith("/file", StringComparison.Ordinal) && path.Contains("/evidence/", StringComparison.Ordinal)
        && string.Equals(request.Query["inline"], "true", StringComparison.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            var type = http.Response.ContentType ?? "";
            var preview = IsPreview(http.Request) && (type.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) || type.StartsWith("image/", StringComparison.OrdinalIgnoreCase));
            headers[HeaderNames.ContentSecurityPolicy] = preview ? PreviewPolicy : ContentSecurityPolicy;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.XFrameOptions] = preview ? "SAMEORIGIN" : "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
