using Shifan.Core.Frameworks;
using Shifan.Documents.Frameworks;
using Shifan.Features.Campaigns;
using Shifan.Features.Evidence;

namespace Shifan.Hosting;

/// <summary>
/// The one place where a service's outcome becomes an answer: not found → 404, forbidden → 403, a refusal
/// of the input → 400 naming the field, all as ProblemDetails under /api. Pages get the 404 and 无权限 pages.
/// </summary>
public sealed class Outcomes(RequestDelegate next, ILogger<Outcomes> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && StatusOf(ex) is int status)
        {
            log.LogInformation("{Method} {Path} answered {Status}: {Type}", context.Request.Method, context.Request.Path, status, ex.GetType().Name);
            context.Response.Clear();
            context.Response.StatusCode = status;
            if (!context.Request.Path.StartsWithSegments("/api")) return; // the status code page shows the message
            var (field, message) = Describe(ex);
            var result = field is not null
                ? Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message, statusCode: status)
                : Results.Problem(title: message, statusCode: status);
            await result.ExecuteAsync(context);
        }
    }

    private static int? StatusOf(Exception ex) => ex switch
    {
        NotFoundException => StatusCodes.Status404NotFound,
        ForbiddenException => StatusCodes.Status403Forbidden,
        EvidenceRefusedException or FrameworkRuleException or DocumentReadException => StatusCodes.Status400BadRequest,
        _ => null,
    };

    private static (string? Field, string Message) Describe(Exception ex) => ex switch
    {
        EvidenceRefusedException e => (e.Refusal.Field, e.Refusal.Message),
        FrameworkRuleException e => (e.Refusal.Field, e.Refusal.Message),
        _ => (null, ex.Message),
    };
}
