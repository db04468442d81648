using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Health;

/// <summary>"ok" and which database ("sqlite" or "postgresql"), or "unavailable" when the database does not answer.</summary>
public sealed record HealthView(string Status, string? Database);

public static class HealthEndpoints
{
    /// <summary>/healthz answers without login: 200 when the database answers, 503 otherwise.</summary>
    public static void MapHealthEndpoints(this WebApplication app) =>
        app.MapGet("/healthz", async Task<Results<Ok<HealthView>, JsonHttpResult<HealthView>>> (ShifanDbContext db, CancellationToken ct) =>
        {
            var ok = await db.Database.CanConnectAsync(ct);
            return ok
                ? TypedResults.Ok(new HealthView("ok", db is PostgresShifanDbContext ? "postgresql" : "sqlite"))
                : TypedResults.Json(new HealthView("unavailable", null), statusCode: StatusCodes.Status503ServiceUnavailable);
        }).Produces<HealthView>(StatusCodes.Status503ServiceUnavailable).AllowAnonymous().WithTags("系统").WithName("Health").WithSummary("健康检查（无需登录）");
}
