using Microsoft.AspNetCore.Http.HttpResults;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Problems;

/// <summary>The 问题清单 API: list, raise (by hand, from a 督查, from a returned review item), edit, start, proof, close, return, export; plus the page's download link.</summary>
public static class ProblemEndpoints
{
    private const string One = "/{problemId:int}";

    public static void MapProblemEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}/problems", "问题清单");
        api.MapGet("", (int campaignId, [AsParameters] ProblemQuery query, ProblemService s) => s.ListAsync(campaignId, query))
            .RequireAuthorization(Permissions.ProblemView).WithName("ListProblems")
            .WithSummary("问题清单（status=open|inprogress|awaiting|closed|overdue，unit，source=rating|review|inspection|manual，overdue=true，q，分页）");
        api.MapPost("", async (int campaignId, ProblemInput input, ProblemService s) =>
            {
                var view = await s.RaiseAsync(campaignId, input);
                return TypedResults.Created($"/api/campaigns/{campaignId}/problems/{view.Problem.Id}", view);
            })
            .RequireAuthorization(Permissions.ProblemRaise).WithName("RaiseProblem").WithSummary("登记问题（手工登记或督查发现；整改时限不能早于今天）");
        api.MapGet("/export", (int campaignId, string? kind, string? format, ProblemService s) => FileAsync(campaignId, kind, format, s))
            .RequireAuthorization(Permissions.ProblemView).ProducesFile(false, Xlsx, Docx).WithName("ExportProblems").WithSummary("导出问题清单或整改台账（kind=list|ledger，format=xlsx|docx，正式表样）");
        api.MapGet(One, (int campaignId, int problemId, ProblemService s) => s.GetAsync(campaignId, problemId))
            .RequireAuthorization(Permissions.ProblemView).WithName("GetProblem").WithSummary("问题详情及整改过程");
        api.MapPut(One, (int campaignId, int problemId, ProblemInput input, ProblemService s) => s.UpdateAsync(campaignId, problemId, input))
            .RequireAuthorization(Permissions.ProblemRaise).WithName("UpdateProblem").WithSummary("修改问题（未填的字段不变；已销号的问题不能修改）");
        api.MapPost(One + "/start", (int campaignId, int problemId, ProblemService s) => s.StartAsync(campaignId, problemId))
            .RequireAuthorization(Permissions.ProblemRectify).WithName("StartProblem").WithSummary("开始整改（待整改 → 整改中）");
        api.MapPost(One + "/proof", (int campaignId, int problemId, ProofInput input, ProblemService s) => s.SubmitProofAsync(campaignId, problemId, input))
            .RequireAuthorization(Permissions.ProblemRectify).WithName("SubmitProblemProof").WithSummary("提交销号材料（须选择佐证材料；→ 待销号）");
        api.MapPost(One + "/close", (int campaignId, int problemId, ProblemService s) => s.CloseAsync(campaignId, problemId))
            .RequireAuthorization(Permissions.ProblemClose).WithName("CloseProblem").WithSummary("对账销号（只有提交了佐证材料的待销号问题）");
        api.MapPost(One + "/return", (int campaignId, int problemId, ReasonInput input, ProblemService s) => s.ReturnAsync(campaignId, problemId, input))
            .RequireAuthorization(Permissions.ProblemClose).WithName("ReturnProblem").WithSummary("退回整改（须填写退回理由）");

        var reviews = app.MapApi("/campaigns/{campaignId:int}/reviews", "问题清单");
        reviews.MapPost("/{reviewId:int}/problem", async Task<Results<Created<ProblemView>, Ok<ProblemView>>> (int campaignId, int reviewId, ProblemService s) =>
            {
                var (view, created) = await s.RaiseFromReviewAsync(campaignId, reviewId);
                return created ? TypedResults.Created($"/api/campaigns/{campaignId}/problems/{view.Problem.Id}", view) : TypedResults.Ok(view);
            })
            .RequireAuthorization(Permissions.ProblemRaise).WithName("RaiseProblemFromReview").WithSummary("把被退回的材料登记为问题（重复登记返回同一问题）");

        // The list page's download links (same checks, outside /api so a plain link works).
        var pages = app.MapGroup("/campaigns/{campaignId:int}/problems").ExcludeFromDescription();
        pages.MapGet("/export", (int campaignId, string? kind, string? format, ProblemService s) => FileAsync(campaignId, kind, format, s))
            .RequireAuthorization(Permissions.ProblemView);
    }

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<FileContentHttpResult> FileAsync(int campaignId, string? kind, string? format, ProblemService s)
    {
        var (bytes, name) = await s.ExportAsync(campaignId, kind, format);
        return TypedResults.File(bytes, name.EndsWith(".docx") ? Docx : Xlsx, name);
    }
}
