using Microsoft.AspNetCore.Mvc;
using Shifan.Core;
using Shifan.Core.Frameworks;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;
using Shifan.Hosting;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Evidence;

/// <summary>The browser's evidence forms (multipart, antiforgery checked); each answers with a redirect back to the indicator.</summary>
public static class EvidenceFormEndpoints
{
    public static string CodeOf(FrameworkNode node) => node.Kind == NodeKind.Indicator ? node.Code : $"{NodeKinds.ToJson(node.Kind)}-{node.Code}";

    public static void MapEvidenceFormEndpoints(this WebApplication app)
    {
        var forms = app.MapGroup("/campaigns/{campaignId:int}").ExcludeFromDescription();
        forms.MapPost("/indicators/{nodeId:int}/materials/{materialNo:int}/upload", async (int campaignId, int nodeId, int materialNo,
                [FromForm] string? title, [FromForm] string? kind, [FromForm] string? year, [FromForm] string? documentNo, [FromForm] string? sourceUrl,
                HttpRequest request, EvidenceService s, ShifanDbContext db) =>
            {
                var back = Back(campaignId, nodeId);
                var node = await db.FrameworkNodes.FindAsync(nodeId) ?? throw new NotFoundException("指标不存在");
                var files = request.Form.Files.GetFiles("file");
                if (files.Count == 0) throw Refuse.Field("file", "请选择要上传的文件");
                int? y = int.TryParse(year, out var parsed) ? parsed : null;
                var done = new List<string>();
                var refused = new List<string>();
                foreach (var file in files)
                {
                    await using var stream = file.OpenReadStream();
                    try
                    {
                        await s.AddFileAsync(campaignId, CodeOf(node), materialNo, stream, file.FileName,
                            new EvidenceFields(files.Count == 1 ? title : null, kind, documentNo, null, sourceUrl, y));
                        done.Add(file.FileName);
                    }
                    catch (EvidenceRefusedException ex)
                    {
                        // Several files in one post: each refused file is named with its reason, the others are kept.
                        refused.Add($"{file.FileName}：{ex.Message}");
                    }
                }
                return TypedResults.Redirect(refused.Count > 0
                    ? back("error", $"{(done.Count > 0 ? $"已上传{done.Count}个文件；" : "")}未上传：{string.Join("；", refused)}")
                    : back("msg", $"已上传{done.Count}个文件"));
            })
            .RequireAuthorization(Permissions.EvidenceUpload).RequireRateLimiting(SecurityLimits.UploadPolicy).AllowsLargeBody()
            .BackOnRefusal(http => Indicator(http, http.GetRouteValue("nodeId")));

        forms.MapPost("/evidence/{itemId:int}/replace", async (int campaignId, int itemId, [FromForm] int nodeId, HttpRequest request, EvidenceService s) =>
            {
                var file = request.Form.Files.GetFile("file");
                if (file is null || file.Length == 0) throw Refuse.Field("file", "请选择要上传的文件");
                await using var stream = file.OpenReadStream();
                await s.ReplaceAsync(campaignId, itemId, stream, file.FileName);
                return TypedResults.Redirect(Back(campaignId, nodeId)("msg", "已替换，旧版本已保留"));
            })
            .RequireAuthorization(Permissions.EvidenceUpload).RequireRateLimiting(SecurityLimits.UploadPolicy).AllowsLargeBody()
            .BackOnRefusal(http => Indicator(http, http.Request.Form["nodeId"].ToString()));

        forms.MapGet("/evidence/{itemId:int}/docx", (int campaignId, int itemId, EvidenceService s) => EvidenceEndpoints.DocxAsync(campaignId, itemId, s))
            .RequireAuthorization(Permissions.EvidenceRead);
        forms.MapGet("/evidence/{itemId:int}/file", (int campaignId, int itemId, int? version, bool? inline, EvidenceService s) => EvidenceEndpoints.FileAsync(campaignId, itemId, version, inline, s))
            .RequireAuthorization(Permissions.EvidenceRead);
    }

    /// <summary>The indicator page's evidence section, where a refused form post returns with its reason.</summary>
    private static string Indicator(HttpContext http, object? nodeId) => $"/campaigns/{http.GetRouteValue("campaignId")}/indicators/{nodeId}#evidence";

    private static Func<string, string, string> Back(int campaignId, int nodeId) =>
        (key, message) => $"/campaigns/{campaignId}/indicators/{nodeId}?{key}={Uri.EscapeDataString(message)}#evidence";
}
