using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Documents.Frameworks;
using Shifan.Features.Account;
using Shifan.Features.FrameworkImport;
using Shifan.Hosting;

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
            { Refuse.IfAny(await s.UpdateStageAsync(campaignId, stageId, edit)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.CampaignEdit).WithName("UpdateStage").WithSummary("修改阶段名称与日期");

        // The browser's form (multipart, antiforgery checked): to the new campaign, or back to the list with the reason.
        app.MapPost("/campaigns/new", async ([FromForm] string? name, [FromForm] string? region, [FromForm] string? level,
                [FromForm] string? startsOn, [FromForm] string? endsOn, [FromForm] string? officeName, [FromForm] string? organisationId, [FromForm] string? fromCampaignId, HttpRequest request,
                CampaignLifecycle lifecycle, FrameworkImportService import) =>
            {
                var (campaign, file) = await ReadFormAsync(name, region, level, startsOn, endsOn, officeName, organisationId, fromCampaignId, request.Form.Files.GetFile("framework"), import);
                var id = await CreateOrRefuseAsync(lifecycle, campaign, file);
                return TypedResults.Redirect($"/campaigns/{id}?msg={Uri.EscapeDataString("已新建创建活动")}");
            })
            .RequireAuthorization(Permissions.CampaignCreate).RequireRateLimiting(SecurityLimits.UploadPolicy).ExcludeFromDescription()
            .BackOnRefusal(_ => "/");
    }

    /// <summary>The form's fields as a new campaign and, when one was attached, its framework file; bad input is refused naming the field.</summary>
    private static async Task<(NewCampaign Campaign, FrameworkFile? File)> ReadFormAsync(string? name, string? region, string? level, string? startsOn, string? endsOn, string? officeName,
        string? organisationId, string? fromCampaignId, IFormFile? framework, FrameworkImportService import)
    {
        DateOnly? Date(string? text) => DateOnly.TryParse(text, out var d) ? d : null;
        if (startsOn is { Length: > 0 } && Date(startsOn) is null) throw Refuse.Field("startsOn", "开始日期格式不正确（例如 2027-01-01）");
        if (endsOn is { Length: > 0 } && Date(endsOn) is null) throw Refuse.Field("endsOn", "结束日期格式不正确（例如 2027-12-31）");
        int? organisation = null;
        if (organisationId is { Length: > 0 })
            organisation = int.TryParse(organisationId, out var org) ? org : throw Refuse.Field("organisationId", "所属组织不正确");
        int? from = null;
        if (fromCampaignId is { Length: > 0 })
            from = int.TryParse(fromCampaignId, out var past) ? past : throw Refuse.Field("fromCampaignId", "往期创建活动不正确");
        FrameworkFile? file = null;
        if (framework is { Length: > 0 })
        {
            if (framework.Length > FrameworkImportService.MaxUploadBytes) throw Refuse.Field("framework", "指标体系文件超过 50 MB 上限");
            using var ms = new MemoryStream();
            await framework.CopyToAsync(ms);
            file = await import.ReadDocumentAsync(ms.ToArray(), framework.FileName, "framework");
        }
        return (new NewCampaign(name, region, level, Date(startsOn), Date(endsOn), officeName, organisation, from), file);
    }

    private static async Task<int> CreateOrRefuseAsync(CampaignLifecycle lifecycle, NewCampaign campaign, FrameworkFile? file)
    {
        var (id, refusal) = await lifecycle.CreateAsync(campaign, file);
        Refuse.IfAny(refusal);
        return id!.Value;
    }

    /// <summary>
    /// The form is read here rather than bound, so that routing does not answer 415 before authorization
    /// has had its say (a caller without the right always hears 403).
    /// </summary>
    private static async Task<Created<CampaignCreated>> CreateAsync(HttpRequest request, CampaignLifecycle lifecycle, FrameworkImportService import)
    {
        if (!request.HasFormContentType) throw new RefusedException(new Refusal("请以 multipart/form-data 表单提交（name、region、level、startsOn、endsOn，可附 framework 文件）"));
        var f = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        string? V(string key) => f.TryGetValue(key, out var v) ? v.ToString() : null;
        var (campaign, file) = await ReadFormAsync(V("name"), V("region"), V("level"), V("startsOn"), V("endsOn"), V("officeName"), V("organisationId"), V("fromCampaignId"), f.Files.GetFile("framework"), import);
        var id = await CreateOrRefuseAsync(lifecycle, campaign, file);
        return TypedResults.Created($"/api/campaigns/{id}", new CampaignCreated(id));
    }

    private static async Task<NoContent> UpdateAsync(int campaignId, CampaignEdit edit, CampaignLifecycle lifecycle)
    {
        Refuse.IfAny(await lifecycle.UpdateAsync(campaignId, edit));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> CloseAsync(int campaignId, CampaignLifecycle lifecycle)
    {
        Refuse.IfAny(await lifecycle.CloseAsync(campaignId));
        return TypedResults.NoContent();
    }
}
