using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shifan.Core.Users;
using Shifan.Documents.Frameworks;
using Shifan.Features.Account;
using Shifan.Features.FrameworkImport;

namespace Shifan.Features.Campaigns;

public sealed record CampaignCreated(int Id);

public static class CampaignEndpoints
{
    public static void MapCampaignEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns", "创建活动");
        api.MapGet("/", (CampaignService s) => s.ListAsync())
            .RequireAuthorization(Permissions.CampaignRead).WithName("ListCampaigns").WithSummary("可见的创建活动及其指标、单位数");
        api.MapPost("/", CreateAsync).DisableAntiforgery()
            .RequireAuthorization(Permissions.CampaignCreate).RequireRateLimiting(SecurityLimits.UploadPolicy)
            .WithName("CreateCampaign").WithSummary("新建创建活动（multipart：name、region、level、startsOn、endsOn、officeName，可附 framework 指标体系文件；不附则用内置的市县法治政府建设示范指标体系；fromCampaignId 从往期活动接续：单位、分工、未销号问题和仍在有效期内的材料，审核状态重新开始）");
        api.MapGet("/{campaignId:int}", (int campaignId, CampaignService s) => s.OverviewAsync(campaignId))
            .RequireAuthorization(Permissions.CampaignRead).WithName("GetCampaign").WithSummary("创建活动概况：阶段、截止日期、统计");
        api.MapPut("/{campaignId:int}", UpdateAsync)
            .RequireAuthorization(Permissions.CampaignEdit).WithName("UpdateCampaign").WithSummary("修改活动名称、所属、层级、周期或状态");
        api.MapPost("/{campaignId:int}/close", CloseAsync)
            .RequireAuthorization(Permissions.CampaignCreate).WithName("CloseCampaign").WithSummary("结束创建活动（仍可查看，不能再上传材料）");
        api.MapPut("/{campaignId:int}/stages/{stageId:int}", async (int campaignId, int stageId, StageEdit edit, CampaignService s) =>
                await s.UpdateStageAsync(campaignId, stageId, edit) is { } error ? ApiErrors.Rule(error) : Results.NoContent())
            .RequireAuthorization(Permissions.CampaignEdit).WithName("UpdateStage").WithSummary("修改阶段名称与日期");

        // The browser's form (multipart, antiforgery checked): back to the list with a message, or to the new campaign.
        app.MapPost("/campaigns/new", async ([FromForm] string? name, [FromForm] string? region, [FromForm] string? level,
                [FromForm] string? startsOn, [FromForm] string? endsOn, [FromForm] string? officeName, [FromForm] string? organisationId, [FromForm] string? fromCampaignId, HttpRequest request,
                CampaignLifecycle lifecycle, FrameworkImportService import) =>
            {
                var form = await ReadFormAsync(name, region, level, startsOn, endsOn, officeName, organisationId, fromCampaignId, request.Form.Files.GetFile("framework"), import);
                if (form.Error is not null) return Results.Redirect($"/?error={Uri.EscapeDataString(form.Error)}");
                var (id, refusal) = await lifecycle.CreateAsync(form.Request!, form.File);
                return refusal is not null
                    ? Results.Redirect($"/?error={Uri.EscapeDataString(refusal.Message)}")
                    : Results.Redirect($"/campaigns/{id}?msg={Uri.EscapeDataString("已新建创建活动")}");
            })
            .RequireAuthorization(Permissions.CampaignCreate).RequireRateLimiting(SecurityLimits.UploadPolicy).ExcludeFromDescription();
    }

    private sealed record CreateForm(NewCampaign? Request, FrameworkFile? File, string? Error, string? Field);

    private static async Task<CreateForm> ReadFormAsync(string? name, string? region, string? level, string? startsOn, string? endsOn, string? officeName,
        string? organisationId, string? fromCampaignId, IFormFile? framework, FrameworkImportService import)
    {
        DateOnly? Date(string? text) => DateOnly.TryParse(text, out var d) ? d : null;
        if (startsOn is { Length: > 0 } && Date(startsOn) is null) return new CreateForm(null, null, "开始日期格式不正确（例如 2027-01-01）", "startsOn");
        if (endsOn is { Length: > 0 } && Date(endsOn) is null) return new CreateForm(null, null, "结束日期格式不正确（例如 2027-12-31）", "endsOn");
        int? organisation = null;
        if (organisationId is { Length: > 0 })
        {
            if (!int.TryParse(organisationId, out var org)) return new CreateForm(null, null, "所属组织不正确", "organisationId");
            organisation = org;
        }
        int? from = null;
        if (fromCampaignId is { Length: > 0 })
        {
            if (!int.TryParse(fromCampaignId, out var past)) return new CreateForm(null, null, "往期创建活动不正确", "fromCampaignId");
            from = past;
        }
        FrameworkFile? file = null;
        if (framework is { Length: > 0 })
        {
            if (framework.Length > FrameworkImportService.MaxUploadBytes) return new CreateForm(null, null, "指标体系文件超过 50 MB 上限", "framework");
            using var ms = new MemoryStream();
            await framework.CopyToAsync(ms);
            try { file = await import.ReadDocumentAsync(ms.ToArray(), framework.FileName); }
            catch (DocumentReadException ex) { return new CreateForm(null, null, ex.Message, "framework"); }
        }
        return new CreateForm(new NewCampaign(name, region, level, Date(startsOn), Date(endsOn), officeName, organisation, from), file, null, null);
    }

    /// <summary>
    /// The form is read here rather than bound, so that routing does not answer 415 before authorization
    /// has had its say (a caller without the right always hears 403).
    /// </summary>
    private static async Task<Results<Created<CampaignCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, CampaignLifecycle lifecycle, FrameworkImportService import)
    {
        if (!request.HasFormContentType) return Rule("请以 multipart/form-data 表单提交（name、region、level、startsOn、endsOn，可附 framework 文件）");
        var f = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        string? V(string key) => f.TryGetValue(key, out var v) ? v.ToString() : null;
        var form = await ReadFormAsync(V("name"), V("region"), V("level"), V("startsOn"), V("endsOn"), V("officeName"), V("organisationId"), V("fromCampaignId"), f.Files.GetFile("framework"), import);
        if (form.Error is not null) return Invalid(form.Field!, form.Error);
        var (id, refusal) = await lifecycle.CreateAsync(form.Request!, form.File);
        if (refusal is null) return TypedResults.Created($"/api/campaigns/{id}", new CampaignCreated(id!.Value));
        if (refusal.Field is { } field) return Invalid(field, refusal.Message);
        return Rule(refusal.Message);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UpdateAsync(int campaignId, CampaignEdit edit, CampaignLifecycle lifecycle)
    {
        if (await lifecycle.UpdateAsync(campaignId, edit) is not { } refusal) return TypedResults.NoContent();
        if (refusal.Field is { } field) return Invalid(field, refusal.Message);
        return Rule(refusal.Message);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CloseAsync(int campaignId, CampaignLifecycle lifecycle) =>
        await lifecycle.CloseAsync(campaignId) is { } refusal ? Rule(refusal.Message) : TypedResults.NoContent();

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message);

    private static ProblemHttpResult Rule(string message) => TypedResults.Problem(title: message, statusCode: StatusCodes.Status400BadRequest);
}
