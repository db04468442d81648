using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.SelfAssessment;

/// <summary>The 自查自评 API: overview with scores, one indicator's ratings and figures, rating, figures and weights.</summary>
public static class AssessmentEndpoints
{
    public static void MapAssessmentEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}/assessment", "自查自评");
        api.MapGet("/", (int campaignId, AssessmentService s) => s.OverviewAsync(campaignId))
            .RequireAuthorization(Permissions.AssessmentView).WithName("AssessmentOverview").WithSummary("自查自评总表：各指标的单位自评、办公室评定、差异和得分");
        api.MapGet("/scores", (int campaignId, AssessmentService s) => s.ScoresAsync(campaignId))
            .RequireAuthorization(Permissions.AssessmentView).WithName("AssessmentScores").WithSummary("得分、逐项说明和按月趋势");
        api.MapGet("/{nodeId:int}", (int campaignId, int nodeId, AssessmentService s) => s.NodeAsync(campaignId, nodeId))
            .RequireAuthorization(Permissions.AssessmentView).WithName("NodeAssessment").WithSummary("一项指标的评定、量化标准与得分说明");
        api.MapPut("/{nodeId:int}/ratings/{side}", (int campaignId, int nodeId, string side, RatingInput input, AssessmentService s) => s.RateAsync(campaignId, nodeId, side, input))
            .RequireAuthorization().WithName("RateIndicator").WithSummary("评定指标：side 为 unit（牵头单位自评）或 office（办公室评定）；未达标、基本达标自动登记问题");
        api.MapPut("/{nodeId:int}/figures", (int campaignId, int nodeId, FigureInput input, AssessmentService s) => s.SetFigureAsync(campaignId, nodeId, input))
            .RequireAuthorization().WithName("SetThresholdFigure").WithSummary("填报量化标准的实际数值和数据来源");
        api.MapPut("/{nodeId:int}/weight", async (int campaignId, int nodeId, WeightInput input, AssessmentService s) =>
                await s.SetWeightAsync(campaignId, nodeId, input) is { } view ? Results.Ok(view) : Results.NoContent())
            .RequireAuthorization(Permissions.WeightEdit).WithName("SetNodeWeight").WithSummary("设置指标权重（加分项、减分项为分值）；留空为等权");
    }
}
