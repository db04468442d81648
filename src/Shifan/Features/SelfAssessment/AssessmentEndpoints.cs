using Microsoft.AspNetCore.Http.HttpResults;
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
        api.MapPut("/{nodeId:int}/ratings/unit", (int campaignId, int nodeId, RatingInput input, AssessmentService s) => s.RateAsync(campaignId, nodeId, "unit", input))
            .RequireAuthorization(Permissions.RatingUnit).WithName("RateIndicatorAsUnit").WithSummary("牵头单位自评；未达标、基本达标自动登记问题");
        api.MapPut("/{nodeId:int}/ratings/office", (int campaignId, int nodeId, RatingInput input, AssessmentService s) => s.RateAsync(campaignId, nodeId, "office", input))
            .RequireAuthorization(Permissions.RatingOffice).WithName("RateIndicatorAsOffice").WithSummary("办公室评定（与单位自评并列，计分以办公室评定为准）");
        api.MapPut("/{nodeId:int}/figures", (int campaignId, int nodeId, FigureInput input, AssessmentService s) => s.SetFigureAsync(campaignId, nodeId, input))
            .RequireAuthorization(Permissions.FigureEdit).WithName("SetThresholdFigure").WithSummary("填报量化标准的实际数值和数据来源（牵头单位或办公室）");
        api.MapPut("/{nodeId:int}/weight", async Task<Results<Ok<NodeAssessment>, NoContent>> (int campaignId, int nodeId, WeightInput input, AssessmentService s) =>
                await s.SetWeightAsync(campaignId, nodeId, input) is { } view ? TypedResults.Ok(view) : TypedResults.NoContent())
            .RequireAuthorization(Permissions.WeightEdit).WithName("SetNodeWeight").WithSummary("设置指标权重（加分项、减分项为分值）；留空为等权");
    }
}
