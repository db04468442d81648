using Microsoft.AspNetCore.Http.HttpResults;
using Shifan.Core;
using Shifan.Core.Packages;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Packages;

public sealed record FreezeDetail(FreezeSummary Freeze, PackageManifest Manifest);

/// <summary>The package API: the pre-freeze check, freezing, the list of freezes, one freeze's manifest, comparing two, and the .zip.</summary>
public static class PackageEndpoints
{
    public static void MapPackageEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}/packages", "申报包");
        api.MapGet("", (int campaignId, PackageService s) => s.ListAsync(campaignId))
            .RequireAuthorization(Permissions.PackageRead).WithName("ListPackageFreezes").WithSummary("历次冻结（最新在前）");
        api.MapGet("/check", (int campaignId, PackageService s) => s.CheckAsync(campaignId))
            .RequireAuthorization(Permissions.PackageRead).WithName("CheckPackage").WithSummary("冻结前检查：现在冻结会包含什么、缺什么");
        api.MapPost("", Freeze)
            .RequireAuthorization(Permissions.PackageFreeze).WithName("FreezePackage").WithSummary("冻结当前审核通过的全部材料，生成新编号的申报包");
        api.MapGet("/compare", Compare)
            .RequireAuthorization(Permissions.PackageRead).WithName("ComparePackageFreezes").WithSummary("比较两次冻结：新增、替换、移除的材料（默认最近两次）");
        api.MapGet("/{freezeNo:int}", Detail)
            .RequireAuthorization(Permissions.PackageRead).WithName("GetPackageFreeze").WithSummary("一次冻结及其清单（每个文件的指标、材料序号、大小、SHA-256、SM3）");
        api.MapGet("/{freezeNo:int}/archive-check", async (int campaignId, int freezeNo, PackageService s, HttpContext http) => (await s.ArchiveCheckAsync(campaignId, freezeNo, ct: http.RequestAborted))!)
            .RequireAuthorization(Permissions.PackageRead).WithName("CheckPackageArchive").WithSummary("四性检测（DA/T 70）：每个文件的真实性、完整性、可用性、安全性");
        api.MapGet("/{freezeNo:int}/download", (int campaignId, int freezeNo, PackageService s, HttpContext http) => DownloadAsync(campaignId, freezeNo, s, http))
            .ProducesFile(true, "application/zip").RequireAuthorization(Permissions.PackageRead).WithName("DownloadPackage").WithSummary("下载申报包 .zip（首次下载时先生成完整文件；支持 HTTP Range 断点续传）");

        // The page's download link (same checks, outside /api so a plain link works).
        app.MapGet("/campaigns/{campaignId:int}/packages/{freezeNo:int}/download", (int campaignId, int freezeNo, PackageService s, HttpContext http) => DownloadAsync(campaignId, freezeNo, s, http))
            .ExcludeFromDescription().RequireAuthorization(Permissions.PackageRead);
    }

    private static async Task<Created<FreezeSummary>> Freeze(int campaignId, PackageService s)
    {
        var freeze = await s.FreezeAsync(campaignId);
        return TypedResults.Created($"/api/campaigns/{campaignId}/packages/{freeze.No}", freeze);
    }

    private static async Task<Ok<PackageComparisonView>> Compare(int campaignId, int? from, int? to, PackageService s)
    {
        var latest = (await s.ListAsync(campaignId)).FirstOrDefault()?.No ?? 0;
        var newer = to ?? latest;
        var older = from ?? newer - 1;
        if (older < 1 || newer < 1) throw new RefusedException(new Refusal("至少冻结两次才能比较", "from"));
        return TypedResults.Ok(await s.CompareAsync(campaignId, older, newer));
    }

    private static async Task<Ok<FreezeDetail>> Detail(int campaignId, int freezeNo, PackageService s)
    {
        var (summary, manifest, _) = await s.GetAsync(campaignId, freezeNo);
        return TypedResults.Ok(new FreezeDetail(summary, manifest));
    }

    /// <summary>
    /// Checked (permission, scope, every stored file present) before anything is written; then the finished package
    /// file is sent with its length, a strong ETag and HTTP range support (206 Partial Content), so a browser or
    /// `curl -C -` resumes an interrupted download.
    /// </summary>
    private static async Task<PhysicalFileHttpResult> DownloadAsync(int campaignId, int freezeNo, PackageService s, HttpContext http)
    {
        var build = await s.PrepareBuildAsync(campaignId, freezeNo);
        var path = await s.FinishedFileAsync(build, http.RequestAborted);
        var tag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{build.Freeze.ManifestSha256[..32]}-{new FileInfo(path).Length}\"");
        return TypedResults.PhysicalFile(path, "application/zip", build.FileName, lastModified: build.Freeze.FrozenAt, entityTag: tag, enableRangeProcessing: true);
    }
}
