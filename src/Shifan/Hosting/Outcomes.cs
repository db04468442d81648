using System.Net;
using Shifan.Core.Frameworks;
using Shifan.Documents.Frameworks;
using Shifan.Features.Campaigns;
using Shifan.Features.Evidence;

namespace Shifan.Hosting;

/// <summary>
/// The one place where a service's outcome becomes an answer, wherever it is met (an endpoint, a page's
/// form handler, a form endpoint; also when wrapped in another exception): not found → 404, forbidden →
/// 403, a refusal of the input → 400 naming the field, as ProblemDetails under /api. A page GET gets the
/// status code page (/status/403 无权限, /status/404 页面不存在); a page form post a short page with the message.
/// </summary>
public sealed class Outcomes(RequestDelegate next, ILogger<Outcomes> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception thrown) when (!context.Response.HasStarted && Find(thrown) is { } ex)
        {
            var status = StatusOf(ex)!.Value;
            log.LogInformation("{Method} {Path} answered {Status}: {Type}", context.Request.Method, context.Request.Path, status, ex.GetType().Name);
            context.Response.Clear();
            context.Response.StatusCode = status;
            var (field, message) = Describe(ex);
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                var result = field is not null
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message, statusCode: status)
                    : Results.Problem(title: message, statusCode: status);
                await result.ExecuteAsync(context);
                return;
            }
            if (HttpMethods.IsGet(context.Request.Method)) return; // the status code page shows it
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(message)} - 示范创建管理系统</title><link rel=\"stylesheet\" href=\"/css/app.css\"></head>" +
                $"<body><main class=\"empty-state\"><h1>{(status == 403 ? "无权限" : status == 404 ? "未找到" : "无法办理")}</h1><p>{WebUtility.HtmlEncode(message)}</p><p><a href=\"/\">返回首页</a></p></main></body></html>");
        }
    }

    /// <summary>
    /// The user's message when the exception is a refusal of the input (400) or of the object's state (409);
    /// null for anything else (not found and forbidden keep their own answers).
    /// </summary>
    public static string? RefusalMessage(Exception thrown) =>
        Find(thrown) is { } ex && StatusOf(ex) is StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict ? Describe(ex).Message : null;

    /// <summary>The outcome behind an exception, looking through the wrappers a page's form handler adds.</summary>
    private static Exception? Find(Exception? ex)
    {
        for (var depth = 0; ex is not null && depth < 8; depth++, ex = ex.InnerException)
            if (StatusOf(ex) is not null) return ex;
        return null;
    }

    private static int? StatusOf(Exception ex) => ex switch
    {
        NotFoundException => StatusCodes.Status404NotFound,
        ForbiddenException => StatusCodes.Status403Forbidden,
        EvidenceRefusedException or FrameworkRuleException or DocumentReadException or Core.RefusedException or Features.Ledgers.LedgerRefusedException => StatusCodes.Status400BadRequest,
        Core.ConflictException => StatusCodes.Status409Conflict,
        _ => null,
    };

    private static (string? Field, string Message) Describe(Exception ex) => ex switch
    {
        EvidenceRefusedException e => (e.Refusal.Field, e.Refusal.Message),
        FrameworkRuleException e => (e.Refusal.Field, e.Refusal.Message),
        Core.RefusedException e => (e.Refusal.Field, e.Refusal.Message),
        Features.Ledgers.LedgerRefusedException e => (e.Refusal.Field, e.Refusal.Message),
        _ => (null, ex.Message),
    };
}

/// <summary>How the browser's form posts (outside /api) answer a refusal.</summary>
public static class FormOutcomes
{
    /// <summary>
    /// A refused form post goes back to the page it came from, with the reason in <c>?error=</c> for the page to
    /// show beside the form, instead of a bare message page. Everything else still goes to <see cref="Outcomes"/>.
    /// </summary>
    public static RouteHandlerBuilder BackOnRefusal(this RouteHandlerBuilder builder, Func<HttpContext, string> page) =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            try
            {
                return await next(ctx);
            }
            catch (Exception ex) when (Outcomes.RefusalMessage(ex) is { } message)
            {
                return TypedResults.Redirect(WithQuery(page(ctx.HttpContext), "error", message));
            }
        });

    /// <summary>The address with one more query parameter, before any #fragment.</summary>
    public static string WithQuery(string address, string key, string value)
    {
        var hash = address.IndexOf('#');
        var (path, fragment) = hash < 0 ? (address, "") : (address[..hash], address[hash..]);
        return $"{path}{(path.Contains('?') ? '&' : '?')}{key}={Uri.EscapeDataString(value)}{fragment}";
    }
}
