namespace Shifan.Features.Campaigns;

/// <summary>The /api group every feature maps into: signed-in callers only; scope misses answer 404.</summary>
public static class ApiGroup
{
    public static RouteGroupBuilder MapApi(this WebApplication app, string prefix, string tag) =>
        (RouteGroupBuilder)app.MapGroup("/api" + prefix).WithTags(tag).RequireAuthorization().DisableAntiforgery()
            .AddEndpointFilter(async (ctx, next) =>
            {
                try
                {
                    return await next(ctx);
                }
                catch (NotFoundException ex)
                {
                    return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status404NotFound);
                }
            });
}
