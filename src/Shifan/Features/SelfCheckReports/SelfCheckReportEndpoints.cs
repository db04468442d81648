using Microsoft.AspNetCore.Http.HttpResults;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.SelfCheckReports;

/// <summary>The 自查报告 / 自评报告 API: list, draft from current data, edit, 定稿 (archive with SHA-256) and the .docx.</summary>
public static class SelfCheckReportEndpoints
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static void MapSelfCheckReportEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}/reports", "自查自评报告");
        api.MapGet("/", (int campaignId, SelfCheckReportService s) => s.ListAsync(campaignId))
            .RequireAuthorization(Permissions.AssessmentView).WithName("ListSelfCheckReports").WithSummary("自评报告与自查报告列表（单位用户只见本单位的自查报告）");
        api.MapPost("/", async (int campaignId, SelfCheckReportService s) =>
            {
                var r = await s.GenerateCampaignAsync(campaignId);
                return TypedResults.Created($"/api/campaigns/{campaignId}/reports/{r.Id}", r);
            })
            .RequireAuthorization(Permissions.ReportEdit).WithName("GenerateSelfAssessmentReport").WithSummary("按当前评定、得分、情况说明和问题生成自评报告草稿");
        api.MapPost("/selfcheck", async (int campaignId, SelfCheckInput? input, SelfCheckReportService s) =>
            {
                var r = await s.GenerateUnitAsync(campaignId, input?.UnitId);
                return TypedResults.Created($"/api/campaigns/{campaignId}/reports/{r.Id}", r);
            })
            .RequireAuthorization(Permissions.UnitReportEdit).WithName("GenerateSelfCheckReport").WithSummary("生成单位自查报告草稿（unitId 缺省为本人所在单位），只含该单位承担的指标");
        api.MapGet("/{reportId:int}", (int campaignId, int reportId, SelfCheckReportService s) => s.GetAsync(campaignId, reportId))
            .RequireAuthorization(Permissions.AssessmentView).WithName("GetSelfCheckReport").WithSummary("报告内容（各节标题与正文）");
        api.MapPut("/{reportId:int}", (int campaignId, int reportId, ReportInput input, SelfCheckReportService s) => s.SaveAsync(campaignId, reportId, input))
            .RequireAuthorization(Permissions.UnitReportEdit).WithName("SaveSelfCheckReport").WithSummary("修改草稿（已定稿的报告不能修改；自评报告需办公室权限）");
        api.MapPost("/{reportId:int}/finalize", (int campaignId, int reportId, SelfCheckReportService s) => s.FinalizeAsync(campaignId, reportId))
            .RequireAuthorization(Permissions.UnitReportEdit).WithName("FinalizeSelfCheckReport").WithSummary("定稿：生成 Word 文件并存档其 SHA-256，此后不再改变");
        api.MapGet("/{reportId:int}/docx", (int campaignId, int reportId, SelfCheckReportService s) => FileAsync(campaignId, reportId, s))
            .RequireAuthorization(Permissions.AssessmentView).ProducesFile(false, Docx).WithName("SelfCheckReportDocx").WithSummary("报告 Word 文件（GB/T 9704-2012 版式；已定稿的为存档件）");

        app.MapGroup("/campaigns/{campaignId:int}/reports").ExcludeFromDescription()
            .MapGet("/{reportId:int}/docx", (int campaignId, int reportId, SelfCheckReportService s) => FileAsync(campaignId, reportId, s))
            .RequireAuthorization(Permissions.AssessmentView);
    }

    private static async Task<FileContentHttpResult> FileAsync(int campaignId, int reportId, SelfCheckReportService s)
    {
        var (bytes, name) = await s.DocxAsync(campaignId, reportId);
        return TypedResults.File(bytes, Docx, name);
    }
}
