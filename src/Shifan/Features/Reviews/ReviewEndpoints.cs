using Microsoft.AspNetCore.Http.HttpResults;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Reviews;

public sealed record SubmitRequest(int? UnitId, IReadOnlyList<int>? RequirementIds);

public sealed record ReturnRequest(int? ReasonId, string? Comment);

public sealed record BulkApproveRequest(IReadOnlyList<int>? Ids);

public sealed record ReasonRequest(string? Name, bool? NeedsComment, bool? Active);

public sealed record DecisionResult(int Id, string State, string StateName);

public sealed record NodeStanding(int NodeId, int Approved, int Pending, int Returned, int NotSubmitted);

/// <summary>The review API: hand in, decide, the queue, the standing of every indicator and the list of return reasons.</summary>
public static class ReviewEndpoints
{
    public static void MapReviewEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}", "材料审核");
        api.MapGet("/indicators/{nodeId:int}/submission", GetSubmission)
            .RequireAuthorization(Permissions.ReviewSubmit).WithName("PreviewSubmission").WithSummary("提交前预览：本单位本项指标要提交的材料和检查仍提示的问题");
        api.MapPost("/indicators/{nodeId:int}/submission", Submit)
            .RequireAuthorization(Permissions.ReviewSubmit).WithName("SubmitMaterial").WithSummary("提交本单位本项指标的材料（草稿提交后审核人才看得到）");
        api.MapGet("/reviews", List)
            .RequireAuthorization(Permissions.EvidenceRead).WithName("ListReviews").WithSummary("审核事项（每项材料要求×单位），可按状态、单位、指标筛选");
        api.MapGet("/reviews/queue", Queue)
            .RequireAuthorization(Permissions.EvidenceRead).WithName("ReviewQueue").WithSummary("待我审核的事项（按指标顺序，默认前100项，limit 最多500）");
        api.MapGet("/reviews/standing", Standing)
            .RequireAuthorization(Permissions.EvidenceRead).WithName("ReviewStanding").WithSummary("每项指标的材料要求：通过、待审、退回、未提交（任何人看到的都一样）");
        api.MapGet("/reviews/{reviewId:int}", Detail)
            .RequireAuthorization(Permissions.EvidenceRead).WithName("GetReview").WithSummary("审核事项详情：提交的材料版本、检查结果、审核经过");
        api.MapPost("/reviews/{reviewId:int}/approve", (int campaignId, int reviewId, ReviewService s) => Approve(campaignId, reviewId, false, s))
            .RequireAuthorization(Permissions.ReviewApprove).WithName("ApproveReview").WithSummary("办公室审核通过");
        api.MapPost("/reviews/{reviewId:int}/return", (int campaignId, int reviewId, ReturnRequest r, ReviewService s) => Return(campaignId, reviewId, r, false, s))
            .RequireAuthorization(Permissions.ReviewApprove).WithName("ReturnReview").WithSummary("办公室退回（必须选择退回原因；“其他”须写明意见）");
        api.MapPost("/reviews/{reviewId:int}/lead/approve", (int campaignId, int reviewId, ReviewService s) => Approve(campaignId, reviewId, true, s))
            .RequireAuthorization(Permissions.ReviewLead).WithName("LeadApproveReview").WithSummary("牵头单位审核通过责任单位的材料（转办公室审核）");
        api.MapPost("/reviews/{reviewId:int}/lead/return", (int campaignId, int reviewId, ReturnRequest r, ReviewService s) => Return(campaignId, reviewId, r, true, s))
            .RequireAuthorization(Permissions.ReviewLead).WithName("LeadReturnReview").WithSummary("牵头单位退回责任单位的材料");
        api.MapPost("/reviews/approve", ApproveMany)
            .RequireAuthorization(Permissions.ReviewApprove).WithName("ApproveReviews").WithSummary("批量通过所选事项");
        api.MapGet("/return-reasons", Reasons)
            .RequireAuthorization(Permissions.EvidenceRead).WithName("ListReturnReasons").WithSummary("退回原因列表");
        api.MapPost("/return-reasons", AddReason)
            .RequireAuthorization(Permissions.ReviewReasonEdit).WithName("AddReturnReason").WithSummary("新增退回原因");
        api.MapPut("/return-reasons/{reasonId:int}", UpdateReason)
            .RequireAuthorization(Permissions.ReviewReasonEdit).WithName("UpdateReturnReason").WithSummary("修改或停用退回原因");
    }

    private static async Task<Ok<SubmissionPreview>> GetSubmission(int campaignId, int nodeId, int? unitId, ReviewService s) =>
        TypedResults.Ok(await s.PreviewAsync(campaignId, nodeId, unitId));

    private static async Task<Ok<SubmissionResult>> Submit(int campaignId, int nodeId, SubmitRequest request, ReviewService s) =>
        TypedResults.Ok(await s.SubmitAsync(campaignId, nodeId, request.UnitId, request.RequirementIds));

    private static async Task<Ok<List<ReviewLine>>> List(int campaignId, string? state, int? unitId, int? nodeId, int? limit, ReviewService s) =>
        TypedResults.Ok(await s.ListAsync(campaignId, state, unitId, nodeId, limit ?? ReviewService.ListLimit));

    private static async Task<Ok<List<ReviewLine>>> Queue(int campaignId, int? limit, ReviewService s) => TypedResults.Ok(await s.QueueAsync(campaignId, limit ?? 100));

    private static async Task<Ok<List<NodeStanding>>> Standing(int campaignId, ReviewService s) =>
        TypedResults.Ok((await s.StandingsAsync(campaignId)).OrderBy(p => p.Key)
            .Select(p => new NodeStanding(p.Key, p.Value.Approved, p.Value.Pending, p.Value.Returned, p.Value.NotSubmitted)).ToList());

    private static async Task<Ok<ReviewDetail>> Detail(int campaignId, int reviewId, ReviewService s) => TypedResults.Ok(await s.DetailAsync(campaignId, reviewId));

    private static async Task<Ok<DecisionResult>> Approve(int campaignId, int reviewId, bool asLead, ReviewService s) => Decided(await s.ApproveAsync(campaignId, reviewId, asLead));

    private static async Task<Ok<DecisionResult>> Return(int campaignId, int reviewId, ReturnRequest request, bool asLead, ReviewService s) =>
        Decided(await s.ReturnAsync(campaignId, reviewId, request.ReasonId, request.Comment, asLead));

    private static Ok<DecisionResult> Decided(Core.Reviews.RequirementReview r) =>
        TypedResults.Ok(new DecisionResult(r.Id, r.State.ToString(), Core.Reviews.ReviewStates.DisplayName(r.State, r.NeedsLeadReview)));

    private static async Task<Ok<BulkResult>> ApproveMany(int campaignId, BulkApproveRequest request, ReviewService s) =>
        TypedResults.Ok(await s.ApproveManyAsync(campaignId, request.Ids ?? []));

    private static async Task<Ok<List<ReasonView>>> Reasons(int campaignId, ReviewService s) => TypedResults.Ok(await s.ReasonsAsync(campaignId));

    private static async Task<Created<ReasonView>> AddReason(int campaignId, ReasonRequest request, ReviewService s)
    {
        var reason = await s.SaveReasonAsync(campaignId, null, request.Name, request.NeedsComment ?? false, request.Active ?? true);
        return TypedResults.Created($"/api/campaigns/{campaignId}/return-reasons/{reason.Id}", reason);
    }

    private static async Task<Ok<ReasonView>> UpdateReason(int campaignId, int reasonId, ReasonRequest request, ReviewService s) =>
        TypedResults.Ok(await s.SaveReasonAsync(campaignId, reasonId, request.Name, request.NeedsComment ?? false, request.Active ?? true));
}
