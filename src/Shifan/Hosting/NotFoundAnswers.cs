using System.Net;
using Shifan.Features.Campaigns;

namespace Shifan.Hosting;

/// <summary>
/// An id that is unknown or outside the caller's scope answers 404 wherever it is met: in a page's
/// form handler, a form endpoint or the API, instead of surfacing as a 500 (the API group maps its
/// own; this catches the rest).
/// </summary>
public sealed class NotFoundAnswers(RequestDelegate next, ILogger<NotFoundAnswers> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (Find(ex) is { } notFound && !context.Response.HasStarted)
        {
            log.LogInformation("Not found on {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, notFound.Message);
            context.Response.Clear();
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(title: notFound.Message, statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>未找到 - 示范创建管理系统</title><link rel=\"stylesheet\" href=\"/css/app.css\"></head>" +
                $"<body><main class=\"not-found\"><h1>未找到</h1><p>{WebUtility.HtmlEncode(notFound.Message)}</p><p><a href=\"/\">返回首页</a></p></main></body></html>");
        }
    }

    private static NotFoundException? Find(Exception? ex)
    {
        for (var depth = 0; ex is not null && depth < 8; depth++, ex = ex.InnerException)
            if (ex is NotFoundException nf) return nf;
        return null;
    }
}
