namespace Shifan.Features.Campaigns;

/// <summary>The /api group every feature maps into: signed-in callers only; scope misses answer 404.</summary>
public static class ApiGroup
{
    public static RouteGroupBuilder MapApi(this WebApplication app, string prefix, string tag) =>
        (RouteGroupBuilder)app.MapGroup("/api" + prefix).WithTags(tag).RequireAuthorization().DisableAntiforgery()
            .AddEndpointFilter(async (ctx, next) =>
            {
                // Campaign scope is checked before anything else, so nothing about another
                // campaign's objects (not even a validation message) leaks out.
                if (ctx.HttpContext.GetRouteValue("campaignId") is { } raw && int.TryParse(raw.ToString(), out var campaignId)
                    && !ctx.HttpContext.RequestServices.GetRequiredService<CampaignAccess>().CanSee(campaignId))
                    return TypedResults.Problem(title: "创建活动不存在", statusCode: StatusCodes.Status404NotFound);
                // Every other outcome (not found, forbidden, refused, conflict) is mapped once, by Hosting/Outcomes.
                return await next(ctx);
            });

    /// <summary>For page-side endpoints outside /api: a scope miss is a plain 404.</summary>
    public static RouteHandlerBuilder NotFoundAs404(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            try { return await next(ctx); }
            catch (NotFoundException) { return Results.NotFound(); }
        });
}
