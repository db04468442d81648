using System.Text.Json;
using System.Text.RegularExpressions;

namespace Shifan.Hosting;

/// <summary>
/// Requests the API cannot even bind (JSON of the wrong shape, a date that is not a date, a number that is
/// not a number) answer 400 with a Chinese message under the name of the field at fault, like every other
/// validation error, instead of an empty body or an English exception.
/// </summary>
public sealed partial class ApiBadRequests(RequestDelegate next, ILogger<ApiBadRequests> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            log.LogInformation("Bad API request {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, ex.InnerException?.Message ?? ex.Message);
            var (field, message) = Describe(ex);
            context.Response.Clear();
            await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message).ExecuteAsync(context);
        }
    }

    /// <summary>The field (as the API spells it) and a Chinese message for a binding failure.</summary>
    public static (string Field, string Message) Describe(BadHttpRequestException ex)
    {
        if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("body", "请求内容过大");
        if (ex.InnerException is JsonException json)
        {
            var path = json.Path ?? "$";
            var field = JsonField().Match(path) is { Success: true } m ? m.Groups[1].Value : "body";
            return field == "body"
                ? ("body", "请求内容不是有效的 JSON")
                : (field, $"“{field}”的格式不正确" + (json.InnerException is FormatException && path.Length > 0 ? "（日期请写成 2026-01-31，数字请写阿拉伯数字）" : ""));
        }
        if (ParameterName().Match(ex.Message) is { Success: true } p)
        {
            var name = p.Groups[1].Value;
            return (char.ToLowerInvariant(name[0]) + name[1..], $"“{name}”的值不正确");
        }
        if (ex.Message.Contains("body", StringComparison.OrdinalIgnoreCase)) return ("body", "缺少请求内容或内容格式不正确");
        return ("request", "请求格式不正确");
    }

    [GeneratedRegex(@"^\$\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex JsonField();

    [GeneratedRegex(@"parameter ""\S+ (\w+)""")]
    private static partial Regex ParameterName();
}
