using Microsoft.AspNetCore.Http.Features;

namespace Shifan.Hosting;

/// <summary>
/// Endpoints that take files answer to the file limits the product documents (the evidence upload
/// limit, 50 MB for imports), not to ASP.NET's 30 MB default request size: the request size and the
/// multipart form limits are raised for them before anything reads the body (antiforgery reads forms).
/// A body over the limit gets a Chinese message: ProblemDetails for the API, back to the page with
/// the message for a browser form, never an empty 413 or a bare 400.
/// </summary>
public static class LargeRequestBodies
{
    private sealed record Limit(long? Bytes);

    /// <summary>Request-size slack above the file limit, for the multipart framing and the form's other fields.</summary>
    private const long Slack = 1024 * 1024;

    /// <summary>Allows a body of the evidence upload limit (Shifan:MaxUploadBytes), or of <paramref name="bytes"/>.</summary>
    public static TBuilder AllowsLargeBody<TBuilder>(this TBuilder builder, long? bytes = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Limit(bytes));

    public static void UseLargeRequestBodies(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Limit>() is not { } limit)
        {
            await next(context);
            return;
        }
        var fileLimit = limit.Bytes ?? Features.Evidence.EvidenceService.MaxUploadBytesFrom(context.RequestServices.GetRequiredService<IConfiguration>());
        var bodyLimit = fileLimit + Slack;
        if (context.Request.ContentLength > bodyLimit)
        {
            await TooLargeAsync(context, fileLimit);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = bodyLimit;
        if (context.Request.HasFormContentType)
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = bodyLimit }));
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLargeAsync(context, fileLimit);
        }
    });

    private static async Task TooLargeAsync(HttpContext context, long fileLimit)
    {
        var message = $"文件超过上限（{fileLimit / 1024 / 1024} MB）";
        context.Response.Clear();
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(title: message, statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
            return;
        }
        // A browser form: back to the page it came from, with the message shown there.
        if (Uri.TryCreate(context.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) && referer.Authority == context.Request.Host.Value)
        {
            context.Response.Redirect($"{referer.AbsolutePath}?error={Uri.EscapeDataString(message)}{(referer.AbsolutePath.Contains("/indicators/") ? "#evidence" : "")}");
            return;
        }
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message);
    }
}
