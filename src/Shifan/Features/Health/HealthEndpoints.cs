using Microsoft.EntityFrameworkCore;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Health;

public static class HealthEndpoints
{
    /// <summary>/healthz answers without login: 200 when the database answers, 503 otherwise.</summary>
    public static void MapHealthEndpoints(this WebApplication app) =>
        app.MapGet("/healthz", async (ShifanDbContext db, CancellationToken ct) =>
        {
            var ok = await db.Database.CanConnectAsync(ct);
            return ok
                ? Results.Ok(new { status = "ok", database = db is PostgresShifanDbContext ? "postgresql" : "sqlite" })
                : Results.Json(new { status = "unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous().WithTags("系统").WithName("Health").WithSummary("健康检查（无需登录）");
}
