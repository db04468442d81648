using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;
using Shifan.Hosting;

namespace Shifan.Features.Evidence;

public sealed record ExplanationRequest(string? Title, string? Text, int? Year);

public sealed record LinkRequest(string? Title, string? SourceUrl, int? Year);

public sealed record ClassifiedRequest(string? Title, string? SecrecyLevel, string? KeptAt, string? Holder);

public sealed record RelinkRequest(string? IndicatorCode, int? MaterialNo);

public sealed record UploadedVersion(int VersionNo, string Sha256, long Size, string DetectedType);

/// <summary>An item just uploaded, with its version(s): number, SHA-256, size and the type found in its bytes.</summary>
public sealed record UploadedView(int Id, string Title, int? Year, IReadOnlyList<UploadedVersion> Versions);

public sealed record ReplacedView(int Id, int Versions);

public sealed record ItemCreated(int Id, string Title);

public static class EvidenceEndpoints
{
    public static void MapEvidenceEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}", "佐证材料");
        api.MapPost("/indicators/{indicatorCode}/materials/{materialNo:int}/evidence", UploadAsync)
            .RequireAuthorization(Permissions.EvidenceUpload).RequireRateLimiting(SecurityLimits.UploadPolicy).AllowsLargeBody()
            .WithName("UploadEvidence").WithSummary("上传佐证材料（multipart：file 及 title、kind、documentNo、documentDate、sourceUrl、year、alsoServes）");
        api.MapPost("/indicators/{indicatorCode}/materials/{materialNo:int}/explanations", async (int campaignId, string indicatorCode, int materialNo, ExplanationRequest r, EvidenceService s) =>
                TypedResults.Created("", Id(await s.AddExplanationAsync(campaignId, indicatorCode, materialNo, r.Title, r.Text, r.Year))))
            .RequireAuthorization(Permissions.EvidenceUpload).WithName("AddExplanation").WithSummary("在线编写情况说明");
        api.MapPost("/indicators/{indicatorCode}/materials/{materialNo:int}/links", async (int campaignId, string indicatorCode, int materialNo, LinkRequest r, EvidenceService s) =>
                TypedResults.Created("", Id(await s.AddLinkAsync(campaignId, indicatorCode, materialNo, r.Title, r.SourceUrl, r.Year))))
            .RequireAuthorization(Permissions.EvidenceUpload).WithName("AddLink").WithSummary("登记网络检索的网址（截图随后作为文件版本上传）");
        api.MapPost("/indicators/{indicatorCode}/materials/{materialNo:int}/classified", async (int campaignId, string indicatorCode, int materialNo, ClassifiedRequest r, EvidenceService s) =>
                TypedResults.Created("", Id(await s.RegisterClassifiedAsync(campaignId, indicatorCode, materialNo, r.Title, r.SecrecyLevel, r.KeptAt, r.Holder))))
            .RequireAuthorization(Permissions.EvidenceUpload).WithName("RegisterClassified").WithSummary("登记涉密材料（不上传文件）");
        api.MapGet("/evidence", ListAsync)
            .RequireAuthorization(Permissions.EvidenceRead).WithName("ListEvidence")
            .WithSummary("查找材料：标题和文件内的文字（中文子串）、指标、单位、类别、年份；按新到旧分页（page，pageSize 默认且最多500），总数在 X-Total-Count（超过1000件时为“1000+”）");
        api.MapGet("/evidence/checks", (int campaignId, int? nodeId, EvidenceService s) => s.ChecksAsync(campaignId, nodeId))
            .RequireAuthorization(Permissions.EvidenceRead).WithName("EvidenceChecks").WithSummary("每项指标、每项材料要求的检查结果与完整度");
        api.MapGet("/evidence/{itemId:int}/file", (int campaignId, int itemId, int? version, bool? inline, EvidenceService s) => FileAsync(campaignId, itemId, version, inline, s))
            .RequireAuthorization(Permissions.EvidenceRead).ProducesFile(true, "application/octet-stream", "application/pdf", "image/png", "image/jpeg", "image/gif").WithName("DownloadEvidence").WithSummary("下载或预览（inline=true，PDF和图片）材料文件；每次下载记入操作日志");
        api.MapGet("/evidence/{itemId:int}/docx", (int campaignId, int itemId, EvidenceService s) => DocxAsync(campaignId, itemId, s))
            .RequireAuthorization(Permissions.EvidenceRead).ProducesFile(false, "application/vnd.openxmlformats-officedocument.wordprocessingml.document").WithName("ExplanationDocx").WithSummary("把在线编写的情况说明导出为 Word");
        api.MapPost("/evidence/{itemId:int}/versions", ReplaceAsync)
            .RequireAuthorization(Permissions.EvidenceUpload).RequireRateLimiting(SecurityLimits.UploadPolicy).AllowsLargeBody().WithName("ReplaceEvidence").WithSummary("替换文件（保留旧版本）");
        api.MapPut("/evidence/{itemId:int}/text", async (int campaignId, int itemId, ExplanationRequest r, EvidenceService s) =>
                { await s.UpdateExplanationAsync(campaignId, itemId, r.Text); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.EvidenceUpload).WithName("UpdateExplanation").WithSummary("修改在线编写的情况说明");
        api.MapGet("/evidence/relink", (int campaignId, EvidenceService s) => s.ToRelinkAsync(campaignId))
            .RequireAuthorization(Permissions.EvidenceRead).WithName("EvidenceToRelink").WithSummary("待重新关联的材料：采用新版本指标体系后找不到对应指标或材料要求的");
        api.MapPost("/evidence/{itemId:int}/relink", async (int campaignId, int itemId, RelinkRequest r, EvidenceService s) =>
                { await s.RelinkAsync(campaignId, itemId, r.IndicatorCode, r.MaterialNo); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.EvidenceUpload).WithName("RelinkEvidence").WithSummary("把材料重新关联到当前版本的指标和材料要求");
        api.MapDelete("/evidence/{itemId:int}", async (int campaignId, int itemId, EvidenceService s) => { await s.DeleteAsync(campaignId, itemId); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.EvidenceDelete).WithName("DeleteEvidence").WithSummary("删除材料（软删除，办公室可见）");
    }

    /// <summary>One page of the material that matches, newest first; how many match is in the X-Total-Count header.</summary>
    private static async Task<List<EvidenceView>> ListAsync(int campaignId, int? nodeId, string? q, string? kind, int? year, int? unitId, bool? deleted, int? page, int? pageSize,
        EvidenceService s, HttpResponse response)
    {
        var result = await s.SearchAsync(campaignId, new EvidenceFilter(nodeId, q, kind, year, unitId, deleted ?? false), page ?? 1, pageSize ?? EvidenceService.MaxPageSize);
        response.Headers["X-Total-Count"] = result.Total > EvidenceService.CountLimit ? $"{EvidenceService.CountLimit}+" : result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return [.. result.Items];
    }

    /// <summary>A stored file: inline for PDF and images when asked (preview), otherwise as a download.</summary>
    public static async Task<FileStreamHttpResult> FileAsync(int campaignId, int itemId, int? version, bool? inline, EvidenceService s)
    {
        var (stream, v) = await s.OpenAsync(campaignId, itemId, version);
        var type = v.DetectedType switch { "pdf" => "application/pdf", "png" => "image/png", "jpg" => "image/jpeg", "gif" => "image/gif", _ => "application/octet-stream" };
        return inline == true && type != "application/octet-stream"
            ? TypedResults.File(stream, type, enableRangeProcessing: true)
            : TypedResults.File(stream, "application/octet-stream", v.FileName, enableRangeProcessing: true);
    }

    public static async Task<FileContentHttpResult> DocxAsync(int campaignId, int itemId, EvidenceService s)
    {
        var (bytes, name) = await s.ExplanationDocxAsync(campaignId, itemId);
        return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name);
    }

    private static ItemCreated Id(Core.Evidence.EvidenceItem item) => new(item.Id, item.Title);

    /// <summary>
    /// Reads the multipart body section by section and streams the file straight into the store:
    /// a 2 GB video never sits in memory or in a temporary upload file.
    /// </summary>
    private static async Task<Created<UploadedView>> UploadAsync(int campaignId, string indicatorCode, int materialNo, HttpContext http, EvidenceService s)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = s.MaxUploadBytes + 1024 * 1024;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw Refuse.Field("file", "请以 multipart/form-data 上传文件");
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw Refuse.Field("file", "请求格式不正确");
        var reader = new MultipartReader(boundary, http.Request.Body);
        var fields = new Dictionary<string, string>();
        Core.Evidence.EvidenceItem? item = null;
        for (var section = await reader.ReadNextSectionAsync(http.RequestAborted); section is not null; section = await reader.ReadNextSectionAsync(http.RequestAborted))
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd)) continue;
            var name = cd.Name.Value ?? "";
            if (cd.IsFileDisposition())
            {
                if (name != "file") continue;
                var fileName = cd.FileNameStar.Value ?? cd.FileName.Value ?? "";
                // The fields usually come first; the file is stored as it streams in.
                item = await s.AddFileAsync(campaignId, indicatorCode, materialNo, section.Body, fileName, Fields(fields), http.RequestAborted);
            }
            else if (fields.Count < 20)
            {
                using var sr = new StreamReader(section.Body);
                var value = await sr.ReadToEndAsync(http.RequestAborted);
                fields[name] = value.Length > 4000 ? value[..4000] : value;
            }
        }
        if (item is null) throw Refuse.Field("file", "请选择要上传的文件");
        return TypedResults.Created($"/api/campaigns/{campaignId}/evidence/{item.Id}",
            new UploadedView(item.Id, item.Title, item.Year, item.Versions.Select(v => new UploadedVersion(v.VersionNo, v.Sha256, v.Size, v.DetectedType)).ToList()));
    }

    private static EvidenceFields Fields(Dictionary<string, string> f)
    {
        string? Get(string key) => f.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        DateOnly? date = Get("documentDate") is { } d ? DateOnly.TryParse(d, out var parsed) ? parsed : throw new EvidenceRefusedException("文件日期格式不正确（例如 2023-05-01）", "documentDate") : null;
        int? year = Get("year") is { } y ? int.TryParse(y, out var parsedYear) ? parsedYear : throw new EvidenceRefusedException("年份须为数字", "year") : null;
        var also = Get("alsoServes")?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => int.TryParse(x, out var i) ? i : throw new EvidenceRefusedException("alsoServes 须为材料要求编号", "alsoServes")).ToList();
        return new EvidenceFields(Get("title"), Get("kind"), Get("documentNo"), date, Get("sourceUrl"), year, also);
    }

    private static async Task<Ok<ReplacedView>> ReplaceAsync(int campaignId, int itemId, IFormFile? file, EvidenceService s)
    {
        if (file is null || file.Length == 0) throw Refuse.Field("file", "请选择要上传的文件");
        await using var stream = file.OpenReadStream();
        var item = await s.ReplaceAsync(campaignId, itemId, stream, file.FileName);
        return TypedResults.Ok(new ReplacedView(item.Id, item.Versions.Count));
    }
}
