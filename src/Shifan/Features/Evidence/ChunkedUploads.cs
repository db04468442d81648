using Microsoft.AspNetCore.Http.HttpResults;
using Shifan.Core;
using System.Security.Cryptography;
using System.Text.Json;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;
using Shifan.Hosting;

namespace Shifan.Features.Evidence;

public sealed record StartUpload(string? FileName, long Size, string? Title, string? Kind, int? Year, string? DocumentNo, string? SourceUrl);

public sealed record UploadState(string Id, string FileName, long Size, long Received);

/// <summary>
/// Resumable uploads for large files: the browser sends the file in chunks at known offsets; after a
/// broken connection it asks how much arrived and continues from there. On completion the assembled
/// file goes through the same checks and store as any upload.
/// </summary>
public sealed class ChunkedUploads(ShifanOptions options, CampaignAccess access, EvidenceService evidence)
{
    private sealed record Session(string Owner, int CampaignId, string IndicatorCode, int MaterialNo, StartUpload Request);

    private string Folder => Path.Combine(options.DataDirectory, "files", "uploads");

    private (string Part, string Meta) PathsOf(string id) =>
        id.Length == 32 && id.All(Uri.IsHexDigit) ? (Path.Combine(Folder, id + ".part"), Path.Combine(Folder, id + ".json")) : throw new NotFoundException("上传不存在或已过期");

    private Session Load(int campaignId, string id)
    {
        var (_, meta) = PathsOf(id);
        if (!File.Exists(meta)) throw new NotFoundException("上传不存在或已过期");
        var session = JsonSerializer.Deserialize<Session>(File.ReadAllText(meta))!;
        if (session.Owner != access.UserName || session.CampaignId != campaignId) throw new NotFoundException("上传不存在或已过期");
        return session;
    }

    public UploadState Start(int campaignId, string indicatorCode, int materialNo, StartUpload request)
    {
        if (EvidenceService.CheckFileName(request.FileName) is { } error) throw new EvidenceRefusedException(error);
        if (request.Size <= 0) throw new EvidenceRefusedException("文件是空的", "file");
        if (request.Size > evidence.MaxUploadBytes) throw new EvidenceRefusedException($"文件超过上限（{evidence.MaxUploadBytes / 1024 / 1024} MB）");
        Directory.CreateDirectory(Folder);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var (part, meta) = PathsOf(id);
        File.WriteAllText(meta, JsonSerializer.Serialize(new Session(access.UserName, campaignId, indicatorCode, materialNo, request)));
        File.Create(part).Dispose();
        return new UploadState(id, request.FileName!, request.Size, 0);
    }

    public UploadState State(int campaignId, string id)
    {
        var session = Load(campaignId, id);
        return new UploadState(id, session.Request.FileName!, session.Request.Size, new FileInfo(PathsOf(id).Part).Length);
    }

    /// <summary>Appends a chunk at <paramref name="offset"/>; a chunk for another offset is refused with the current length.</summary>
    public async Task<(UploadState State, bool Accepted)> AppendAsync(int campaignId, string id, long offset, Stream chunk, CancellationToken ct)
    {
        var session = Load(campaignId, id);
        var (part, _) = PathsOf(id);
        // No FileStream buffer and a pooled copy buffer: a 2 GB file arrives as ~500 chunks, and a fresh
        // 1 MB array per chunk (large-object heap, collected only in full GCs) grew the process by ~800 MB.
        await using var file = new FileStream(part, FileMode.Open, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        if (offset != file.Length) return (new UploadState(id, session.Request.FileName!, session.Request.Size, file.Length), false);
        file.Seek(0, SeekOrigin.End);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 18);
        try
        {
            int read;
            while ((read = await chunk.ReadAsync(buffer, ct)) > 0)
            {
                if (file.Length + read > session.Request.Size) throw new EvidenceRefusedException("收到的数据超过了文件大小", "file");
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
        return (new UploadState(id, session.Request.FileName!, session.Request.Size, file.Length), true);
    }

    public async Task<Core.Evidence.EvidenceItem> CompleteAsync(int campaignId, string id, CancellationToken ct)
    {
        var session = Load(campaignId, id);
        var (part, meta) = PathsOf(id);
        if (new FileInfo(part).Length != session.Request.Size) throw new EvidenceRefusedException("文件尚未传完，请继续上传", "file");
        try
        {
            await using var stream = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            var r = session.Request;
            return await evidence.AddFileAsync(campaignId, session.IndicatorCode, session.MaterialNo, stream, r.FileName!,
                new EvidenceFields(r.Title, r.Kind, r.DocumentNo, null, r.SourceUrl, r.Year), ct);
        }
        finally
        {
            File.Delete(part);
            File.Delete(meta);
        }
    }
}

public static class ChunkedUploadEndpoints
{
    public static void MapChunkedUploadEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}", "佐证材料");
        api.MapPost("/indicators/{indicatorCode}/materials/{materialNo:int}/uploads", (int campaignId, string indicatorCode, int materialNo, StartUpload request, ChunkedUploads u) =>
                TypedResults.Created("", u.Start(campaignId, indicatorCode, materialNo, request)))
            // The upload rate limit counts files: it applies here, once per file, and not to each chunk.
            .RequireAuthorization(Permissions.EvidenceUpload).RequireRateLimiting(SecurityLimits.UploadPolicy).WithName("StartUpload").WithSummary("开始分块上传（大文件、可续传）");
        api.MapGet("/uploads/{uploadId}", (int campaignId, string uploadId, ChunkedUploads u) => u.State(campaignId, uploadId))
            .RequireAuthorization(Permissions.EvidenceUpload).WithName("UploadState").WithSummary("已收到多少字节（断点续传用）");
        api.MapPut("/uploads/{uploadId}", async Task<Results<Ok<UploadState>, Conflict<UploadState>>> (int campaignId, string uploadId, long? offset, HttpRequest request, ChunkedUploads u) =>
            {
                _ = u.State(campaignId, uploadId); // someone else's upload is not found, whatever the request says
                if (offset is null or < 0) throw Refuse.Field("offset", "请提供本块的起始位置 offset");
                // A chunk at the wrong offset answers 409 with what was received, so the client resumes from there.
                var (state, accepted) = await u.AppendAsync(campaignId, uploadId, offset.Value, request.Body, request.HttpContext.RequestAborted);
                return accepted ? TypedResults.Ok(state) : TypedResults.Conflict(state);
            })
            .RequireAuthorization(Permissions.EvidenceUpload).WithName("UploadChunk").WithSummary("上传一块（请求体为原始字节）");
        api.MapPost("/uploads/{uploadId}/complete", async (int campaignId, string uploadId, HttpContext http, ChunkedUploads u) =>
            {
                var item = await u.CompleteAsync(campaignId, uploadId, http.RequestAborted);
                return TypedResults.Created($"/api/campaigns/{campaignId}/evidence/{item.Id}", new ItemCreated(item.Id, item.Title));
            })
            .RequireAuthorization(Permissions.EvidenceUpload).WithName("CompleteUpload").WithSummary("完成分块上传：检查并保存为佐证材料");
    }
}
