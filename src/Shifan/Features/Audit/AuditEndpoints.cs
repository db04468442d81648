using Microsoft.AspNetCore.Http.HttpResults;
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
        api.MapGet("/export", ExportAsync).ProducesFile(false, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .RequireAuthorization(Permissions.AuditRead).WithName("ExportAudit").WithSummary("按同样的筛选条件导出操作日志（Excel，含每条记录的哈希）");
        // The page's download link (a plain link carries no intent header, so not under /api; ADR-011).
        app.MapGet("/system/audit/export", ExportAsync).RequireAuthorization(Permissions.AuditRead).ExcludeFromDescription();
        api.MapGet("/verify", async (AuditService s) =>
            {
                var report = await s.VerifyAsync();
                return TypedResults.Ok(new { verified = report.Verified, intact = report.Intact, firstBrokenId = report.FirstBroken?.Id, problem = report.Problem });
            })
            .RequireAuthorization(Permissions.AuditRead).WithName("VerifyAudit").WithSummary("校验操作日志哈希链");
    }

    private static async Task<FileContentHttpResult> ExportAsync(DateTimeOffset? from, DateTimeOffset? to, string? actor, string? entity, string? action, string? unit, string? objectId,
        AuditService s, TimeProvider clock)
    {
        var output = new MemoryStream();
        await s.ExportAsync(new AuditFilter(from, to, actor, entity, action, null, unit, objectId), output);
        return TypedResults.File(output.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"操作日志-{Core.ChinaTime.Today(clock):yyyyMMdd}.xlsx");
    }

    /// <summary>A page of records as people read them (object names, Chinese field names, from → to).</summary>
    private static async Task<Units.Paged<AuditLine>> ReadableAsync(Units.Paged<AuditRow> page, AuditReading reading) =>
        new(await reading.ReadAsync(page.Items), page.Total, page.Page, page.PageSize);
}
