using Microsoft.AspNetCore.Mvc;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Dashboard;

/// <summary>The 督导看板 API: the same figures the page shows, the list behind each, the ranking and the campaign's rules.</summary>
public static class DashboardEndpoints
{
    public static void MapDashboardEndpoints(this WebApplication app)
    {
        app.MapApi("/dashboard", "督导看板").MapGet("/overview", (CampaignOverviewService s) => s.ListAsync())
            .RequireAuthorization(Permissions.DashboardView).WithName("CampaignOverview")
            .WithSummary("各地创建活动总览：调用者可见的全部创建活动并列（完成率、被退回、红黄灯单位、逾期台账）");
        var api = app.MapApi("/campaigns/{campaignId:int}/dashboard", "督导看板");
        api.MapGet("/", (int campaignId, int? period, DashboardService s) => s.GetAsync(campaignId, period))
            .RequireAuthorization(Permissions.DashboardView).WithName("GetDashboard")
            .WithSummary("督导看板数据：指标按状态、一级指标、单位、测评方法统计，红黄绿灯，本期台账，各期趋势（按调用者的数据范围）");
        api.MapGet("/list", (int campaignId, [AsParameters] DrillQuery query, DashboardService s) => s.ListAsync(campaignId, query))
            .RequireAuthorization(Permissions.DashboardView).WithName("DashboardList")
            .WithSummary("看板数字背后的清单（kind=indicators|shares|units|ledgers|overdue|returned|nolead|untouched，可按 state、light、area、unit、method、period 筛选）");
        api.MapGet("/ranking", (int campaignId, int? period, DashboardService s) => s.RankingAsync(campaignId, period))
            .RequireAuthorization(Permissions.DashboardView).WithName("GetRanking").WithSummary("单位排名（按产品内写明的公式和本活动的权重，逐项说明得分）");
        api.MapGet("/settings", (int campaignId, DashboardService s) => s.GetSettingsAsync(campaignId))
            .RequireAuthorization(Permissions.DashboardView).WithName("GetSupervisionSettings").WithSummary("红黄绿灯规则与排名权重");
        api.MapPut("/settings", (int campaignId, SettingsInput input, DashboardService s) => s.SaveSettingsAsync(campaignId, input))
            .RequireAuthorization(Permissions.SupervisionSettingsEdit).WithName("SaveSupervisionSettings").WithSummary("修改红黄绿灯阈值、排名权重、通报发文机关与字号");
    }
}
