using Microsoft.AspNetCore.Http.HttpResults;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.MyWork;

public static class MyWorkEndpoints
{
    public static void MapMyWorkEndpoints(this WebApplication app) =>
        app.MapApi("/me/work", "我的待办").MapGet("/", async (MyWorkService s) => TypedResults.Ok(await s.ForMeAsync()))
            .RequireAuthorization(Permissions.CampaignRead).WithName("MyWork").WithSummary("我的待办：每个创建活动中等我办理的事项（退回的材料及原因、待提交、待审核、截止日期）");
}
