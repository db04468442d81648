using Microsoft.AspNetCore.Http.HttpResults;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Packages;

/// <summary>
/// Evaluator access: the office's grants on a campaign's packages, and the evaluator's own API and file links
/// (/evaluation), which need only the evaluator's grant and never a campaign.
/// </summary>
public static class PackageGrantEndpoints
{
    public static void MapPackageGrantEndpoints(this WebApplication app)
    {
        var office = app.MapApi("/campaigns/{campaignId:int}/packages/grants", "申报包");
        office.MapGet("", (int campaignId, PackageGrantService s) => s.ListAsync(campaignId))
            .RequireAuthorization(Permissions.PackageRead).WithName("ListPackageGrants").WithSummary("评估专家的查阅授权（含已到期、已撤销的）");
        office.MapPost("", Grant)
            .RequireAuthorization(Permissions.PackageGrantManage).WithName("GrantPackage").WithSummary("授权评估专家在期限内只读查阅一次冻结的申报包（用户名不存在时新建评估专家账号）");
        office.MapDelete("/{grantId:int}", async (int campaignId, int grantId, PackageGrantService s) => { await s.RevokeAsync(campaignId, grantId); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.PackageGrantManage).WithName("RevokePackageGrant").WithSummary("撤销查阅授权（立即生效）");

        var evaluator = app.MapApi("/evaluation", "评估专家");
        evaluator.MapGet("", (PackageGrantService s) => s.MineAsync())
            .RequireAuthorization(Permissions.PackageGrantRead).WithName("MyPackageGrants").WithSummary("本人被授权查阅的申报包");
        evaluator.MapGet("/{grantId:int}", (int grantId, PackageGrantService s) => s.OpenAsync(grantId))
            .RequireAuthorization(Permissions.PackageGrantRead).WithName("GetGrantedPackage").WithSummary("被授权的申报包：冻结记录与清单（按指标的文件与情况说明，如冻结时）");
        evaluator.MapGet("/{grantId:int}/files/{fileNo:int}", FileAsync)
            .ProducesFile(true, "application/octet-stream", "application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain").RequireAuthorization(Permissions.PackageGrantRead).WithName("GetGrantedPackageFile").WithSummary("被授权申报包中的一个文件（按清单顺序编号，从1起）；inline=true 时 PDF 与图片在浏览器中预览");

        // The page's preview and download links (same checks, outside /api so a plain link and an iframe work).
        app.MapGet("/evaluation/{grantId:int}/files/{fileNo:int}", FileAsync)
            .ExcludeFromDescription().RequireAuthorization(Permissions.PackageGrantRead);
    }

    private static async Task<Created<PackageGrantCreated>> Grant(int campaignId, NewPackageGrant request, PackageGrantService s)
    {
        var created = await s.GrantAsync(campaignId, request);
        return TypedResults.Created($"/api/campaigns/{campaignId}/packages/grants/{created.Grant.Id}", created);
    }

    /// <summary>The content type a browser may show inline: PDF and images; anything else is a download.</summary>
    public static string? InlineType(string type) => type switch
    {
        "pdf" => "application/pdf", "png" => "image/png", "jpg" => "image/jpeg", "gif" => "image/gif", "text" => "text/plain; charset=utf-8", _ => null,
    };

    private static async Task<FileStreamHttpResult> FileAsync(int grantId, int fileNo, bool? inline, PackageGrantService s)
    {
        var preview = inline == true;
        var (stream, file) = await s.OpenFileAsync(grantId, fileNo, preview);
        var name = file.Path[(file.Path.LastIndexOf('/') + 1)..];
        return preview && InlineType(file.Type) is { } type
            ? TypedResults.File(stream, type, enableRangeProcessing: true)
            : TypedResults.File(stream, "application/octet-stream", name, enableRangeProcessing: true);
    }
}
