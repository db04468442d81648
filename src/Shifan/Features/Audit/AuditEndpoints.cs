using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Audit;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/audit", "操作日志");
        api.MapGet("/", async (DateTimeOffset? from, DateTimeOffset? to, string? actor, string? entity, string? action, string? unit, string? objectId, int? page, AuditService s, AuditReading reading) =>
                await ReadableAsync(await s.QueryAsync(new AuditFilter(from, to, actor, entity, action, null, unit, objectId), page ?? 1), reading))
            .RequireAuthorization(Permissions.AuditRead).WithName("AuditLog").WithSummary("操作日志，按时间、操作人、操作人所在单位、对象类别与编号、操作筛选；管理员以外只含本人可见创建活动的记录");
        var campaign = app.MapApi("/campaigns/{campaignId:int}/audit", "操作日志");
        campaign.MapGet("/", async (int campaignId, DateTimeOffset? from, DateTimeOffset? to, string? actor, string? entity, string? action, string? unit, string? objectId, int? page, AuditService s, AuditReading reading) =>
                await ReadableAsync(await s.QueryAsync(new AuditFilter(from, to, actor, entity, action, campaignId, unit, objectId), page ?? 1), reading))
            .RequireAuthorization(Permissions.AuditRead).WithName("CampaignAuditLog").WithSummary("一个创建活动的操作日志");
        api.MapGet("/verify", async (AuditService s) =>
            {
                var report = await s.VerifyAsync();
                return Results.Ok(new { verified = report.Verified, intact = report.Intact, firstBrokenId = report.FirstBroken?.Id, problem = report.Problem });
            })
            .RequireAuthorization(Permissions.AuditRead).WithName("VerifyAudit").WithSummary("校验操作日志哈希链");
    }

    /// <summary>A page of records as people read them (object names, Chinese field names, from → to).</summary>
    private static async Task<Units.Paged<AuditLine>> ReadableAsync(Units.Paged<AuditRow> page, AuditReading reading) =>
        new(await reading.ReadAsync(page.Items), page.Total, page.Page, page.PageSize);
}
