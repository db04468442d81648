namespace Shifan.Features.Campaigns;

/// <summary>The /api group every feature maps into: signed-in callers only; scope misses answer 404.</summary>
public static class ApiGroup
{
    public static RouteGroupBuilder MapApi(this WebApplication app, string prefix, string tag) =>
        app.MapGroup("/api" + prefix).WithTags(tag).RequireAuthorization().DisableAntiforgery().ProducesOutcomes()
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

    /// <summary>
    /// The answers Hosting/Outcomes gives for a refused, unauthenticated, forbidden, missing or conflicting
    /// request, described once for the OpenAPI document: endpoints return only their typed success results.
    /// </summary>
    public static RouteGroupBuilder ProducesOutcomes(this RouteGroupBuilder group) =>
        group.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>
    /// A download, described for the OpenAPI document (file results carry no description of their own): 200 with
    /// the bytes in one of the content types named, and 206 for a range when the endpoint serves ranges.
    /// </summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, bool ranges, string contentType, params string[] more)
    {
        builder.Produces<Stream>(StatusCodes.Status200OK, contentType, more);
        return ranges ? builder.Produces<Stream>(StatusCodes.Status206PartialContent, contentType, more) : builder;
    }
}
