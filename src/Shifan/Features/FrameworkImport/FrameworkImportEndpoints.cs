using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;
using Shifan.Hosting;

namespace Shifan.Features.FrameworkImport;

public sealed record CommitRequest(Dictionary<string, int>? Units);

public static class FrameworkImportEndpoints
{
    public static void MapFrameworkImportEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}/framework/import", "指标体系导入");
        api.MapPost("/", async (int campaignId, IFormFile? file, ClaimsPrincipal user, FrameworkImportService s) =>
            {
                var token = await StartAsync(campaignId, user, file, s);
                return TypedResults.Ok(await s.PreviewAsync(campaignId, user.Identity!.Name!, token));
            })
            .DisableAntiforgery().RequireAuthorization(Permissions.FrameworkEdit).RequireRateLimiting(SecurityLimits.UploadPolicy).AllowsLargeBody(FrameworkImportService.MaxUploadBytes)
            .WithName("StartImport").WithSummary("上传任务分解表（docx/xlsx/文本/JSON），返回解析结果、诊断和单位匹配");
        api.MapGet("/{token}", (int campaignId, string token, ClaimsPrincipal user, FrameworkImportService s) => s.PreviewAsync(campaignId, user.Identity!.Name!, token))
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("GetImport").WithSummary("导入预览");
        api.MapPut("/{token}/nodes", (int campaignId, string token, [FromQuery] string path, NodeCorrection correction, ClaimsPrincipal user, FrameworkImportService s) =>
            { Refuse.IfAny(s.Correct(campaignId, user.Identity!.Name!, token, path, correction)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("CorrectImportNode").WithSummary("提交前修正一个节点（path 为各级下标，如 0/3/1）");
        api.MapPut("/{token}/diagnostics", (int campaignId, string token, [FromQuery] int? index, DroppedRowFix fix, ClaimsPrincipal user, FrameworkImportService s) =>
            { Refuse.IfAny(s.FixDroppedRow(campaignId, user.Identity!.Name!, token, index, fix)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("FixDroppedImportRow").WithSummary("提交前处理一行被跳过的内容：补录为指标（index 为诊断序号）或确认不导入");
        api.MapPost("/{token}/commit", async (int campaignId, string token, CommitRequest request, ClaimsPrincipal user, FrameworkImportService s) =>
                TypedResults.Ok(await s.CommitAsync(campaignId, user.Identity!.Name!, token, request.Units ?? [])))
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("CommitImport").WithSummary("确认导入：生成新版本指标体系、单位和分工");

        // The browser's upload form posts here (antiforgery checked), then goes to the preview page; a file that
        // cannot be imported goes back to the upload page with the reason.
        app.MapPost("/campaigns/{campaignId:int}/framework/import", async (int campaignId, [FromForm] IFormFile? file, ClaimsPrincipal user, FrameworkImportService s) =>
            {
                var token = await StartAsync(campaignId, user, file, s);
                return TypedResults.Redirect($"/campaigns/{campaignId}/framework/import/{token}");
            })
            .RequireAuthorization(Permissions.FrameworkEdit).RequireRateLimiting(SecurityLimits.UploadPolicy).AllowsLargeBody(FrameworkImportService.MaxUploadBytes).ExcludeFromDescription()
            .BackOnRefusal(http => $"/campaigns/{http.GetRouteValue("campaignId")}/framework/import");
    }

    /// <summary>Reads the uploaded file and keeps what was read for the preview; a missing, oversize or unreadable file is refused under "file".</summary>
    private static async Task<string> StartAsync(int campaignId, ClaimsPrincipal user, IFormFile? file, FrameworkImportService s)
    {
        if (file is null || file.Length == 0) throw Refuse.Field("file", "请选择要导入的文件");
        if (file.Length > FrameworkImportService.MaxUploadBytes) throw Refuse.Field("file", "文件超过 50 MB 上限");
        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream((int)file.Length);
        await stream.CopyToAsync(buffer);
        return await s.StartAsync(campaignId, user.Identity!.Name!, buffer.ToArray(), file.FileName);
    }
}
