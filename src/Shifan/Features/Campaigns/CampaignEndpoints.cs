using Shifan.Core.Users;
using Shifan.Features.Account;

namespace Shifan.Features.Campaigns;

public static class CampaignEndpoints
{
    public static void MapCampaignEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns", "创建活动");
        api.MapGet("/", (CampaignService s) => s.ListAsync())
            .RequireAuthorization(Permissions.CampaignRead).WithName("ListCampaigns").WithSummary("可见的创建活动及其指标、单位数");
        api.MapGet("/{campaignId:int}", (int campaignId, CampaignService s) => s.OverviewAsync(campaignId))
            .RequireAuthorization(Permissions.CampaignRead).WithName("GetCampaign").WithSummary("创建活动概况：阶段、截止日期、统计");
        api.MapPut("/{campaignId:int}/stages/{stageId:int}", async (int campaignId, int stageId, StageEdit edit, CampaignService s) =>
                await s.UpdateStageAsync(campaignId, stageId, edit) is { } error ? ApiErrors.Rule(error) : Results.NoContent())
            .RequireAuthorization(Permissions.CampaignEdit).WithName("UpdateStage").WithSummary("修改阶段名称与日期");
    }
}
