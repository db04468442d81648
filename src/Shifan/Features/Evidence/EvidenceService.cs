using Shifan.Core;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Core.Users;
using Shifan.Documents.Import;
using Shifan.Features.Campaigns;
using Shifan.Hosting;
using Shifan.Infrastructure.Files;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Evidence;

/// <summary>What a search of the material asks for; each part left out asks for anything.</summary>
public sealed record EvidenceFilter(int? NodeId = null, string? Query = null, string? Kind = null, int? Year = null, int? UnitId = null, bool IncludeDeleted = false);

public sealed record EvidenceFields(string? Title, string? Kind, string? DocumentNo, DateOnly? DocumentDate, string? SourceUrl, int? Year, IReadOnlyList<int>? AlsoServes = null);

public sealed record EvidenceView(int Id, int NodeId, string NodeCode, int UnitId, string UnitName, string Title, string Kind, string KindName,
    string? DocumentNo, DateOnly? DocumentDate, string? SourceUrl, int? Year, bool Classified, string? SecrecyLevel, string? KeptAt, string? Holder,
    string? Text, IReadOnlyList<int> Requirements, string UploadedBy, DateTimeOffset UploadedAt, bool Deleted,
    IReadOnlyList<VersionView> Versions, bool ReadOnly = false);

/// <param name="TextPending">True while the background extraction has not yet read the file's text (it is not yet searchable by content).</param>
/// <param name="ExtractionFailure">Why no text could be extracted (the file is quarantined and not tried again); null otherwise.</param>
public sealed record VersionView(int Id, int VersionNo, string FileName, long Size, string Sha256, string DetectedType, string UploadedBy, DateTimeOffset UploadedAt,
    bool TextPending = false, string? ExtractionFailure = null);

/// <summary>An upload refused with a Chinese message; nothing was stored.</summary>
public sealed class EvidenceRefusedException(string message, string? field = null) : Exception(message)
{
    public EvidenceRefusedException(Refusal refusal) : this(refusal.Message, refusal.Field) { }

    /// <summary>The input at fault (as the API names it), when one is.</summary>
    public Refusal Refusal { get; } = new(message, field);
}

/// <summary>
/// Evidence: upload (streamed into the content-addressed store), 情况说明 written in the browser,
/// classified items registered without a file, versions, soft deletion, search and checks. A liaison
/// reaches only their own unit's material, a unit head their unit and below, the office and
/// reviewers the whole campaign.
/// </summary>
public sealed class EvidenceService(ShifanDbContext db, CampaignAccess access, ShifanOptions options, IConfiguration configuration, TimeProvider clock,
    TextExtraction extraction, Reviews.ReviewReopener reviews, StampedCache kept)
{
    public BlobStore Store { get; } = new(options.FilesDirectory);

    public long MaxUploadBytes => MaxUploadBytesFrom(configuration);

    /// <summary>The largest evidence file (Shifan:MaxUploadBytes, default 4 GB).</summary>
    public static long MaxUploadBytesFrom(IConfiguration configuration) =>
        long.TryParse(configuration["Shifan:MaxUploadBytes"], out var v) && v > 0 ? v : 4L * 1024 * 1024 * 1024;

    private string Actor => access.UserName;

    /// <summary>Units whose material the caller may see (by the data scope of their role), or null for all of the campaign.</summary>
    private async Task<HashSet<int>?> VisibleUnitsAsync(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        return await access.VisibleUnitsAsync(db, campaignId);
    }

    /// <summary>
    /// Only what the caller may see: their units' material (the "own records" scope, only what they uploaded, is the
    /// database context's filter on <see cref="EvidenceItem.UploadedBy"/>, like the unit filter itself).
    /// </summary>
    private static IQueryable<EvidenceItem> InScope(IQueryable<EvidenceItem> items, HashSet<int>? visible) =>
        visible is null ? items : items.Where(i => visible.Contains(i.UnitId));

    private async Task<(FrameworkNode Node, MaterialRequirement Requirement)> RequirementAsync(int campaignId, string indicatorCode, int materialNo)
    {
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => (int?)c.FrameworkId).FirstOrDefaultAsync() ?? throw new NotFoundException("创建活动不存在");
        // Codes repeat across kinds (加分项1, 否决项1): "1" means the indicator; "bonus-1" style names the others.
        var (kind, code) = indicatorCode.Split('-', 2) is [var k, var c] && NodeKinds.TryParse(k, out var parsed) ? (parsed, c) : (NodeKind.Indicator, indicatorCode);
        var node = await db.FrameworkNodes.Include(n => n.Materials)
            .FirstOrDefaultAsync(n => n.FrameworkId == frameworkId && n.Code == code && n.Kind == kind)
            ?? throw new NotFoundException($"第{indicatorCode}项指标不存在");
        var requirement = node.Materials.FirstOrDefault(m => m.No == materialNo) ?? throw new NotFoundException($"第{indicatorCode}项指标没有第{materialNo}项材料要求");
        return (node, requirement);
    }

    /// <summary>The unit the caller uploads for: their own unit, which must be assigned to the indicator (the office may upload anywhere).</summary>
    private async Task<int> UploadingUnitAsync(int campaignId, FrameworkNode node)
    {
        await EnsureOpenAsync(campaignId);
        var assigned = await db.Assignments.Where(a => a.CampaignId == campaignId && (a.NodeId == node.Id || a.NodeId == node.ParentId)).Select(a => a.UnitId).ToListAsync();
        if (access.IsAdmin || access.Role == Roles.Office)
        {
            if (access.UnitId is int officeUnit && await db.Units.AnyAsync(u => u.Id == officeUnit && u.CampaignId == campaignId)) return officeUnit;
            return assigned.Count > 0 ? assigned[0]
                : await db.Units.Where(u => u.CampaignId == campaignId).OrderBy(u => u.SortOrder).Select(u => u.Id).FirstAsync();
        }
        var visible = await VisibleUnitsAsync(campaignId);
        if (access.UnitId is int own)
        {
            if (assigned.Contains(own)) return own;
            var reachable = assigned.Where(u => visible is null || visible.Contains(u)).ToList();
            if (reachable.Count > 0) return reachable[0];
        }
        throw new EvidenceRefusedException("本单位没有承担这项指标，不能上传材料");
    }

    /// <summary>Whether the caller may add material to this node (their unit holds it, the campaign is open): pages show no action that would be refused.</summary>
    public async Task<bool> MayUploadToAsync(int campaignId, FrameworkNode node)
    {
        if (!access.Has(Permissions.EvidenceUpload)) return false;
        try
        {
            await UploadingUnitAsync(campaignId, node);
            return true;
        }
        catch (EvidenceRefusedException)
        {
            return false;
        }
    }

    /// <summary>A closed campaign keeps its material as it was: nothing is added, replaced or removed.</summary>
    private async Task EnsureOpenAsync(int campaignId)
    {
        if (await db.Campaigns.AnyAsync(c => c.Id == campaignId && c.Status == Core.Campaigns.CampaignStatus.Closed))
            throw new EvidenceRefusedException("创建活动已结束，不能再上传或修改材料");
    }

    public static Refusal? CheckFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return new Refusal("缺少文件名", "file");
        if (fileName.Length > 200) return new Refusal("文件名过长（不超过200个字）", "file");
        if (fileName.IndexOfAny(['/', '\\']) >= 0 || fileName.Contains("..")) return new Refusal("文件名不能包含路径分隔符", "file");
        if (fileName.Any(char.IsControl)) return new Refusal("文件名不能包含控制字符", "file");
        return null;
    }

    private static (EvidenceKind Kind, string? Error) ParseKind(string? kind, EvidenceKind fallback)
    {
        if (string.IsNullOrWhiteSpace(kind)) return (fallback, null);
        if (Enum.TryParse<EvidenceKind>(kind, true, out var k)) return (k, null);
        foreach (var value in Enum.GetValues<EvidenceKind>())
            if (EvidenceItem.KindName(value) == kind.Trim()) return (value, null);
        return (fallback, "材料类别不正确（文件、会议纪要、截图、照片、案卷、音像、统计表、情况说明、其他）");
    }

    private static Refusal? CheckFields(EvidenceFields f)
    {
        if (f.Title is { Length: > 200 }) return new Refusal("标题不能超过200个字", "title");
        if (f.Year is < 1949 or > 2100) return new Refusal("年份不正确", "year");
        if (f.SourceUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")) return new Refusal("网址须以 http:// 或 https:// 开头", "sourceUrl");
        return null;
    }

    /// <summary>
    /// The requirements an upload serves: its own and those named in alsoServes, which must be of the
    /// same framework and (but for the office) of an indicator the uploading unit holds; otherwise 404.
    /// </summary>
    private async Task<List<int>> RequirementIdsAsync(int campaignId, int unitId, FrameworkNode node, MaterialRequirement main, EvidenceFields f)
    {
        var ids = new List<int> { main.Id };
        foreach (var other in f.AlsoServes ?? [])
        {
            if (ids.Contains(other)) continue;
            var target = await db.MaterialRequirements.Where(m => m.Id == other)
                .Join(db.FrameworkNodes, m => m.NodeId, n => n.Id, (m, n) => new { n.Id, n.ParentId, n.FrameworkId })
                .FirstOrDefaultAsync();
            if (target is null || target.FrameworkId != node.FrameworkId) throw new NotFoundException("所服务的材料要求不存在");
            if (!(access.IsAdmin || access.Role == Roles.Office)
                && !await db.Assignments.AnyAsync(a => a.CampaignId == campaignId && a.UnitId == unitId && (a.NodeId == target.Id || a.NodeId == target.ParentId)))
                throw new NotFoundException("所服务的材料要求不存在");
            ids.Add(other);
        }
        return ids;
    }

    /// <summary>Streams one file into the store and records it. Nothing is kept when it is refused.</summary>
    public async Task<EvidenceItem> AddFileAsync(int campaignId, string indicatorCode, int materialNo, Stream content, string fileName, EvidenceFields fields, CancellationToken ct = default)
    {
        if (CheckFileName(fileName) is { } nameError) throw new EvidenceRefusedException(nameError);
        if (CheckFields(fields) is { } fieldError) throw new EvidenceRefusedException(fieldError);
        await VisibleUnitsAsync(campaignId);
        var (node, requirement) = await RequirementAsync(campaignId, indicatorCode, materialNo);
        var unitId = await UploadingUnitAsync(campaignId, node);
        var (kind, kindError) = ParseKind(fields.Kind, EvidenceKind.File);
        if (kindError is not null) throw new EvidenceRefusedException(kindError, "kind");
        var requirementIds = await RequirementIdsAsync(campaignId, unitId, node, requirement, fields);
        StoredBlob blob;
        try
        {
            blob = await Store.SaveAsync(content, MaxUploadBytes, ct);
        }
        catch (BlobTooLargeException)
        {
            throw new EvidenceRefusedException($"文件超过上限（{MaxUploadBytes / 1024 / 1024} MB）", "file");
        }
        try
        {
            if (FileTypes.IsExecutable(blob.DetectedType)) throw new EvidenceRefusedException("这是可执行程序，不能作为佐证材料上传", "file");
            if (blob.Size == 0) throw new EvidenceRefusedException("文件是空的", "file");
            if (Documents.Files.FileSniffer.IsContainer(blob.DetectedType) && CheckArchive(blob.Sha256) is { } zipError) throw new EvidenceRefusedException(zipError, "file");
            var now = clock.GetUtcNow();
            var item = new EvidenceItem
            {
                CampaignId = campaignId, NodeId = node.Id, UnitId = unitId,
                Title = string.IsNullOrWhiteSpace(fields.Title) ? Path.GetFileNameWithoutExtension(fileName) : fields.Title.Trim(),
                Kind = kind, DocumentNo = fields.DocumentNo?.Trim(), DocumentDate = fields.DocumentDate, SourceUrl = fields.SourceUrl?.Trim(),
                Year = fields.Year ?? fields.DocumentDate?.Year, UploadedBy = Actor, UploadedAt = now,
            };
            item.Versions.Add(NewVersion(blob, fileName, 1, now));
            foreach (var id in requirementIds) item.Links.Add(new EvidenceLink { MaterialRequirementId = id });
            db.EvidenceItems.Add(item);
            await reviews.MaterialChangedAsync(unitId, requirementIds, $"新增了材料“{item.Title}”");
            await SaveAndIndexAsync(item, ct);
            extraction.Notify();
            return item;
        }
        catch
        {
            // Refused or failed: a file this upload brought in and nothing refers to is removed again.
            if (!blob.AlreadyStored && !await db.EvidenceVersions.AnyAsync(v => v.Sha256 == blob.Sha256, CancellationToken.None))
                File.Delete(Store.PathOf(blob.Sha256));
            throw;
        }
    }

    /// <summary>Saves the change and the item's search row in one transaction: both are there, or neither (a retry makes no duplicate).</summary>
    private async Task SaveAndIndexAsync(EvidenceItem item, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await SearchIndex.IndexAsync(db, item.Id, ct);
        await tx.CommitAsync(ct);
    }

    private EvidenceVersion NewVersion(StoredBlob blob, string fileName, int no, DateTimeOffset now) => new()
    {
        Sha256 = blob.Sha256, Size = blob.Size, FileName = fileName, DetectedType = blob.DetectedType, VersionNo = no,
        UploadedBy = Actor, UploadedAt = now, TextPending = TextExtractor.CanExtract(blob.DetectedType),
    };

    /// <summary>A zip of scans is checked for bombs before it is accepted.</summary>
    private string? CheckArchive(string sha256)
    {
        try
        {
            using var fs = Store.OpenRead(sha256);
            new ReadLimits { MaxFileBytes = long.MaxValue, MaxUncompressedBytes = 20L * 1024 * 1024 * 1024, MaxPartBytes = long.MaxValue, MaxCompressionRatio = 1000 }.CheckZip(fs);
            return null;
        }
        catch (Documents.Frameworks.DocumentReadException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Replaces the file of an item; the old version stays.</summary>
    public async Task<EvidenceItem> ReplaceAsync(int campaignId, int itemId, Stream content, string fileName, CancellationToken ct = default)
    {
        if (CheckFileName(fileName) is { } nameError) throw new EvidenceRefusedException(nameError);
        var item = await FindAsync(campaignId, itemId, forChange: true);
        if (item.Classified) throw new EvidenceRefusedException("涉密材料不上传文件，只登记", "file");
        if (item.Kind == EvidenceKind.Explanation && item.Text is not null) throw new EvidenceRefusedException("在线编写的情况说明请直接修改文字", "file");
        StoredBlob blob;
        var nextNo = item.Versions.Count == 0 ? 1 : item.Versions.Max(v => v.VersionNo) + 1;
        try { blob = await Store.SaveAsync(content, MaxUploadBytes, ct); }
        catch (BlobTooLargeException) { throw new EvidenceRefusedException($"文件超过上限（{MaxUploadBytes / 1024 / 1024} MB）", "file"); }
        if (FileTypes.IsExecutable(blob.DetectedType))
        {
            if (!blob.AlreadyStored) File.Delete(Store.PathOf(blob.Sha256));
            throw new EvidenceRefusedException("这是可执行程序，不能作为佐证材料上传", "file");
        }
        item.Versions.Add(NewVersion(blob, fileName, nextNo, clock.GetUtcNow()));
        await reviews.MaterialChangedAsync(item.UnitId, item.Links.Select(l => l.MaterialRequirementId), $"“{item.Title}”的文件换成了第{nextNo}版");
        await SaveAndIndexAsync(item, ct);
        extraction.Notify();
        return item;
    }

    public async Task<EvidenceItem> AddExplanationAsync(int campaignId, string indicatorCode, int materialNo, string? title, string? text, int? year)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new EvidenceRefusedException("情况说明内容不能为空", "text");
        if (text.Length > 50_000) throw new EvidenceRefusedException("情况说明过长", "text");
        await VisibleUnitsAsync(campaignId);
        var (node, requirement) = await RequirementAsync(campaignId, indicatorCode, materialNo);
        var unitId = await UploadingUnitAsync(campaignId, node);
        var item = new EvidenceItem
        {
            CampaignId = campaignId, NodeId = node.Id, UnitId = unitId, Title = string.IsNullOrWhiteSpace(title) ? "情况说明" : title.Trim(),
            Kind = EvidenceKind.Explanation, Text = text.Trim(), Year = year ?? clock.GetUtcNow().Year, UploadedBy = Actor, UploadedAt = clock.GetUtcNow(),
        };
        item.Links.Add(new EvidenceLink { MaterialRequirementId = requirement.Id });
        db.EvidenceItems.Add(item);
        await reviews.MaterialChangedAsync(unitId, [requirement.Id], $"新增了材料“{item.Title}”");
        await SaveAndIndexAsync(item);
        return item;
    }

    public async Task UpdateExplanationAsync(int campaignId, int itemId, string? text)
    {
        var item = await FindAsync(campaignId, itemId, forChange: true);
        if (string.IsNullOrWhiteSpace(text)) throw new EvidenceRefusedException("情况说明内容不能为空", "text");
        if (item.Kind != EvidenceKind.Explanation || item.Text is null) throw new EvidenceRefusedException("只有在线编写的情况说明可以修改文字", "text");
        if (text.Length > 50_000) throw new EvidenceRefusedException("情况说明过长", "text");
        if (item.Text == text.Trim()) return;
        // The wording it had is kept as a numbered revision; the item shows the new one.
        var revisions = await db.ExplanationRevisions.CountAsync(r => r.EvidenceItemId == item.Id);
        db.ExplanationRevisions.Add(new ExplanationRevision { EvidenceItemId = item.Id, RevisionNo = revisions + 1, Text = item.Text, WrittenBy = item.UploadedBy, WrittenAt = item.UploadedAt });
        item.Text = text.Trim();
        item.UploadedBy = Actor;
        item.UploadedAt = clock.GetUtcNow();
        await reviews.MaterialChangedAsync(item.UnitId, item.Links.Select(l => l.MaterialRequirementId), $"情况说明“{item.Title}”改写为第{revisions + 2}稿");
        await SaveAndIndexAsync(item);
    }

    /// <summary>Registers a web address (网络检索 evidence); its screenshot is added later as a version.</summary>
    public async Task<EvidenceItem> AddLinkAsync(int campaignId, string indicatorCode, int materialNo, string? title, string? url, int? year)
    {
        if (string.IsNullOrWhiteSpace(url)) throw new EvidenceRefusedException("请填写网址", "sourceUrl");
        if (CheckFields(new EvidenceFields(title, null, null, null, url, year)) is { } error) throw new EvidenceRefusedException(error);
        await VisibleUnitsAsync(campaignId);
        var (node, requirement) = await RequirementAsync(campaignId, indicatorCode, materialNo);
        var unitId = await UploadingUnitAsync(campaignId, node);
        var item = new EvidenceItem
        {
            CampaignId = campaignId, NodeId = node.Id, UnitId = unitId, Title = string.IsNullOrWhiteSpace(title) ? url.Trim() : title.Trim(),
            Kind = EvidenceKind.Screenshot, SourceUrl = url.Trim(), Year = year, UploadedBy = Actor, UploadedAt = clock.GetUtcNow(),
        };
        item.Links.Add(new EvidenceLink { MaterialRequirementId = requirement.Id });
        db.EvidenceItems.Add(item);
        await reviews.MaterialChangedAsync(unitId, [requirement.Id], $"新增了材料“{item.Title}”");
        await SaveAndIndexAsync(item);
        return item;
    }

    /// <summary>Registers 涉密 material: where it is kept and who holds it; no file is ever attached.</summary>
    public async Task<EvidenceItem> RegisterClassifiedAsync(int campaignId, string indicatorCode, int materialNo, string? title, string? level, string? keptAt, string? holder)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new EvidenceRefusedException("请填写涉密材料名称", "title");
        if (string.IsNullOrWhiteSpace(level)) throw new EvidenceRefusedException("请填写密级", "secrecyLevel");
        if (string.IsNullOrWhiteSpace(keptAt) || string.IsNullOrWhiteSpace(holder)) throw new EvidenceRefusedException("请填写存放地点和保管人", "keptAt");
        await VisibleUnitsAsync(campaignId);
        var (node, requirement) = await RequirementAsync(campaignId, indicatorCode, materialNo);
        var unitId = await UploadingUnitAsync(campaignId, node);
        var item = new EvidenceItem
        {
            CampaignId = campaignId, NodeId = node.Id, UnitId = unitId, Title = title.Trim(), Kind = EvidenceKind.File, Classified = true,
            SecrecyLevel = level.Trim(), KeptAt = keptAt.Trim(), Holder = holder.Trim(), UploadedBy = Actor, UploadedAt = clock.GetUtcNow(),
        };
        item.Links.Add(new EvidenceLink { MaterialRequirementId = requirement.Id });
        db.EvidenceItems.Add(item);
        await reviews.MaterialChangedAsync(unitId, [requirement.Id], $"新增了材料“{item.Title}”");
        await SaveAndIndexAsync(item);
        return item;
    }

    private async Task<EvidenceItem> FindAsync(int campaignId, int itemId, bool forChange)
    {
        var visible = await VisibleUnitsAsync(campaignId);
        var item = await InScope(db.EvidenceItems, visible).Include(i => i.Versions).Include(i => i.Links).FirstOrDefaultAsync(i => i.Id == itemId && i.CampaignId == campaignId);
        // The lead unit reads (never changes) what its responsible units contributed to the indicators it leads.
        // (Only other units' material: within the caller's own unit the data scope alone decides.)
        if (item is null && !forChange && await db.EvidenceItems.IgnoreQueryFilters().Where(i => i.Id == itemId && i.CampaignId == campaignId && i.UnitId != access.UnitId)
                .Select(i => (int?)i.NodeId).FirstOrDefaultAsync() is int nodeId
            && await LeadsAsync(campaignId, nodeId))
            item = await db.EvidenceItems.IgnoreQueryFilters().Include(i => i.Versions).Include(i => i.Links).FirstOrDefaultAsync(i => i.Id == itemId && i.CampaignId == campaignId);
        if (item is null) throw new NotFoundException("材料不存在");
        if (forChange && (item.DeletedAt is not null || !access.Has(Permissions.EvidenceUpload))) throw new NotFoundException("材料不存在");
        if (forChange) await EnsureOpenAsync(campaignId);
        return item;
    }

    /// <summary>Whether the caller's unit leads (牵头) the node, on it or on the group above it.</summary>
    public async Task<bool> LeadsAsync(int campaignId, int nodeId)
    {
        if (access.UnitId is not int own) return false;
        var parent = await db.FrameworkNodes.Where(n => n.Id == nodeId).Select(n => n.ParentId).FirstOrDefaultAsync();
        return await db.Assignments.AnyAsync(a => a.CampaignId == campaignId && a.UnitId == own && a.Role == AssignmentRole.Lead && (a.NodeId == nodeId || a.NodeId == parent));
    }

    /// <summary>A written 情况说明 as a Word document.</summary>
    public async Task<(byte[] Bytes, string FileName)> ExplanationDocxAsync(int campaignId, int itemId)
    {
        var item = await FindAsync(campaignId, itemId, forChange: false);
        if (item.Text is null) throw new NotFoundException("该材料不是在线编写的情况说明");
        var unit = await db.Units.Where(u => u.Id == item.UnitId).Select(u => u.Name).FirstOrDefaultAsync() ?? "";
        using var ms = new MemoryStream();
        Documents.Export.ExplanationDocxWriter.Write(ms, item.Title, item.Text, unit, DateOnly.FromDateTime(item.UploadedAt.ToOffset(TimeSpan.FromHours(8)).DateTime));
        return (ms.ToArray(), item.Title + ".docx");
    }

    /// <summary>Soft delete: hidden from lists and checks, still visible to the office in the log.</summary>
    public async Task DeleteAsync(int campaignId, int itemId)
    {
        var item = await FindAsync(campaignId, itemId, forChange: true);
        item.DeletedAt = clock.GetUtcNow();
        item.DeletedBy = Actor;
        await reviews.MaterialChangedAsync(item.UnitId, item.Links.Select(l => l.MaterialRequirementId), $"删除了材料“{item.Title}”");
        await db.SaveChangesAsync();
    }

    /// <summary>Opens a version for download and records the download in the audit trail.</summary>
    public async Task<(Stream Stream, EvidenceVersion Version)> OpenAsync(int campaignId, int itemId, int? versionNo)
    {
        var item = await FindAsync(campaignId, itemId, forChange: false);
        if (item.DeletedAt is not null && !(access.IsAdmin || access.Role == Roles.Office)) throw new NotFoundException("材料不存在");
        var version = (versionNo is int n ? item.Versions.FirstOrDefault(v => v.VersionNo == n) : item.Current) ?? throw new NotFoundException("该材料没有文件");
        await db.RecordAsync("download", nameof(EvidenceVersion), version.Id.ToString(),
            System.Text.Json.JsonSerializer.Serialize(new { item = item.Id, version.VersionNo, version.Sha256, version.FileName }), item.CampaignId);
        return (Store.OpenRead(version.Sha256), version);
    }

    /// <summary>The first 500 items that match, newest first (the API's answer when it is not asked for a page).</summary>
    public async Task<List<EvidenceView>> ListAsync(int campaignId, int? nodeId = null, string? query = null, string? kind = null, int? year = null, int? unitId = null, bool includeDeleted = false) =>
        [.. (await SearchAsync(campaignId, new EvidenceFilter(nodeId, query, kind, year, unitId, includeDeleted), 1, MaxPageSize, count: false)).Items];

    public const int MaxPageSize = 500;

    /// <summary>
    /// How far a search counts: past this a page says "more than 1,000". Counting every item that holds a common
    /// word would cost what all the material does, however small the page.
    /// </summary>
    public const int CountLimit = 1000;

    /// <summary>
    /// One page of the items that match, newest first, and how many match (counted up to <see cref="CountLimit"/> + 1).
    /// A text search is joined with the full-text index in the database and read newest first along it, so a page
    /// of a word most material contains stops after its own rows however much material there is.
    /// </summary>
    public async Task<Units.Paged<EvidenceView>> SearchAsync(int campaignId, EvidenceFilter filter, int page = 1, int pageSize = 100, bool count = true)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var (nodeId, query, kind, year, unitId, includeDeleted) = filter;
        var visible = await VisibleUnitsAsync(campaignId);
        // On an indicator the caller's unit leads, its responsible units' material is shown too, read-only (the unit filter lifted).
        var leads = nodeId is int led && visible is not null && await LeadsAsync(campaignId, led);
        // A text search starts from the items joined with the full-text index (in the database, ordered along it).
        var source = string.IsNullOrWhiteSpace(query) ? db.EvidenceItems : SearchIndex.Items(db, query.Trim());
        if (leads) source = source.IgnoreQueryFilters();
        var q = source.AsNoTracking().Where(i => i.CampaignId == campaignId);
        if (!includeDeleted || !(access.IsAdmin || access.Role == Roles.Office)) q = q.Where(i => i.DeletedAt == null);
        if (!leads) q = InScope(q, visible);
        else
        {
            // Other units' material on the indicator, and the caller's own unit's as their scope allows.
            var own = access.UnitId;
            var me = access.UserName;
            var ownRecordsOnly = access.Scope == DataScope.OwnRecords;
            q = q.Where(i => i.UnitId != own || !ownRecordsOnly || i.UploadedBy == me);
        }
        if (nodeId is int n) q = q.Where(i => i.NodeId == n);
        if (unitId is int u) q = q.Where(i => i.UnitId == u);
        if (year is int y) q = q.Where(i => i.Year == y);
        if (!string.IsNullOrWhiteSpace(kind) && ParseKind(kind, EvidenceKind.Other) is ({ } k, null)) q = q.Where(i => i.Kind == k);
        var ordered = q.OrderByDescending(i => i.Id);
        var total = count ? await ordered.Take(CountLimit + 1).CountAsync() : 0;
        // The page's ids first (the database stops once it has them), then those items with their versions and links.
        var ids = await ordered.Skip((page - 1) * pageSize).Take(pageSize).Select(i => i.Id).ToListAsync();
        // The ids were chosen within the caller's reach above (the lead unit's view included).
        var items = (await WithoutExtractedText(db.EvidenceItems.IgnoreQueryFilters().AsNoTracking().Where(i => ids.Contains(i.Id))).ToListAsync()).OrderByDescending(i => i.Id).ToList();
        var nodeCodes = await db.FrameworkNodes.Where(x => items.Select(i => i.NodeId).Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Code);
        var unitNames = await db.Units.Where(x => x.CampaignId == campaignId).ToDictionaryAsync(x => x.Id, x => x.Name);
        var views = items.Select(i => new EvidenceView(i.Id, i.NodeId, nodeCodes.GetValueOrDefault(i.NodeId, ""), i.UnitId, unitNames.GetValueOrDefault(i.UnitId, ""),
            i.Title, i.Kind.ToString(), EvidenceItem.KindName(i.Kind), i.DocumentNo, i.DocumentDate, i.SourceUrl, i.Year, i.Classified, i.SecrecyLevel, i.KeptAt, i.Holder,
            i.Text, i.Links.Select(l => l.MaterialRequirementId).ToList(), i.UploadedBy, i.UploadedAt, i.DeletedAt is not null,
            i.Versions.OrderBy(v => v.VersionNo).Select(v => new VersionView(v.Id, v.VersionNo, v.FileName, v.Size, v.Sha256, v.DetectedType, v.UploadedBy, v.UploadedAt, v.TextPending, v.TextPending ? null : v.ExtractionFailure)).ToList(),
            ReadOnly: visible is not null && !visible.Contains(i.UnitId) || access.Scope == DataScope.OwnRecords && i.UploadedBy != access.UserName))
            .ToList();
        return new Units.Paged<EvidenceView>(views, count ? total : views.Count, page, pageSize);
    }

    /// <summary>
    /// Items with their versions and links but not the extracted text (up to 200,000 characters a
    /// version), which lists and checks never show; the text is only read through the search index.
    /// </summary>
    private static IQueryable<EvidenceItem> WithoutExtractedText(IQueryable<EvidenceItem> items) => items.Select(i => new EvidenceItem
    {
        Id = i.Id, CampaignId = i.CampaignId, NodeId = i.NodeId, UnitId = i.UnitId, Title = i.Title, Kind = i.Kind, DocumentNo = i.DocumentNo,
        DocumentDate = i.DocumentDate, SourceUrl = i.SourceUrl, Year = i.Year, Text = i.Text, Classified = i.Classified, SecrecyLevel = i.SecrecyLevel,
        KeptAt = i.KeptAt, Holder = i.Holder, UploadedBy = i.UploadedBy, UploadedAt = i.UploadedAt, DeletedAt = i.DeletedAt, DeletedBy = i.DeletedBy,
        Versions = i.Versions.Select(v => new EvidenceVersion
        {
            Id = v.Id, EvidenceItemId = v.EvidenceItemId, VersionNo = v.VersionNo, Sha256 = v.Sha256, Size = v.Size, FileName = v.FileName,
            DetectedType = v.DetectedType, UploadedBy = v.UploadedBy, UploadedAt = v.UploadedAt, TextPending = v.TextPending,
            ExtractionAttempts = v.ExtractionAttempts, ExtractionFailure = v.ExtractionFailure,
        }).ToList(),
        Links = i.Links.Select(l => new EvidenceLink { Id = l.Id, EvidenceItemId = l.EvidenceItemId, MaterialRequirementId = l.MaterialRequirementId }).ToList(),
    });

    /// <summary>
    /// Evidence left behind by a new framework version (待重新关联): items whose indicator or one of
    /// whose material requirements has no match in the campaign's current framework. Never hidden.
    /// </summary>
    /// <remarks>Shown above every search of the material, so kept per caller until the next write like the checks (ADR-026).</remarks>
    public async Task<List<RelinkItem>> ToRelinkAsync(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        return await kept.GetAsync("evidence-relink", access.Caller, campaignId.ToString(System.Globalization.CultureInfo.InvariantCulture), () => ComputeToRelinkAsync(campaignId));
    }

    private async Task<List<RelinkItem>> ComputeToRelinkAsync(int campaignId)
    {
        var visible = await VisibleUnitsAsync(campaignId);
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => (int?)c.FrameworkId).FirstOrDefaultAsync() ?? throw new NotFoundException("创建活动不存在");
        var current = db.FrameworkNodes.Where(n => n.FrameworkId == frameworkId).Select(n => n.Id);
        var currentRequirements = db.MaterialRequirements.Where(m => current.Contains(m.NodeId)).Select(m => m.Id);
        var q = InScope(db.EvidenceItems.AsNoTracking().Where(i => i.CampaignId == campaignId && i.DeletedAt == null), visible)
            .Where(i => !current.Contains(i.NodeId) || i.Links.Any(l => !currentRequirements.Contains(l.MaterialRequirementId)));
        var items = await q.OrderBy(i => i.Id).Select(i => new { i.Id, i.Title, i.NodeId, i.UnitId, i.UploadedBy, i.UploadedAt, Links = i.Links.Select(l => l.MaterialRequirementId).ToList() }).ToListAsync();
        var nodeIds = items.Select(i => i.NodeId).Distinct().ToList();
        var nodes = await db.FrameworkNodes.AsNoTracking().Where(n => nodeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id);
        var requirementIds = items.SelectMany(i => i.Links).Distinct().ToList();
        var requirements = await db.MaterialRequirements.AsNoTracking().Where(m => requirementIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id);
        var unitNames = await db.Units.Where(u => u.CampaignId == campaignId).ToDictionaryAsync(u => u.Id, u => u.Name);
        return items.Select(i => new RelinkItem(i.Id, i.Title, unitNames.GetValueOrDefault(i.UnitId, ""),
            nodes.TryGetValue(i.NodeId, out var n) ? n.Label : "",
            i.Links.Select(l => requirements.TryGetValue(l, out var m) ? $"{m.No}. {m.Text}" : "").Where(t => t.Length > 0).ToList(),
            i.UploadedBy, i.UploadedAt)).ToList();
    }

    /// <summary>Attaches an item to a material requirement of the current framework (it leaves every old link).</summary>
    public async Task RelinkAsync(int campaignId, int itemId, string? indicatorCode, int? materialNo)
    {
        var item = await FindAsync(campaignId, itemId, forChange: true);
        if (string.IsNullOrWhiteSpace(indicatorCode)) throw new EvidenceRefusedException("请填写指标编号", "indicatorCode");
        if (materialNo is not int no) throw new EvidenceRefusedException("请填写材料序号", "materialNo");
        var (node, requirement) = await RequirementAsync(campaignId, indicatorCode.Trim(), no);
        if (!(access.IsAdmin || access.Role == Roles.Office))
        {
            var assigned = await db.Assignments.Where(a => a.CampaignId == campaignId && (a.NodeId == node.Id || a.NodeId == node.ParentId)).Select(a => a.UnitId).ToListAsync();
            if (!assigned.Contains(item.UnitId)) throw new EvidenceRefusedException("该材料所属单位没有承担这项指标", "indicatorCode");
        }
        await reviews.MaterialChangedAsync(item.UnitId, [.. item.Links.Select(l => l.MaterialRequirementId), requirement.Id], $"材料“{item.Title}”重新关联到第{indicatorCode}项指标");
        item.NodeId = node.Id;
        db.EvidenceLinks.RemoveRange(item.Links);
        item.Links.Clear();
        item.Links.Add(new EvidenceLink { MaterialRequirementId = requirement.Id });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The checks of every assessable node of the campaign, over the material the caller can see. The database
    /// counts what serves each requirement and sends back only the items a finding could name (older than wanted,
    /// a long 情况说明, a web address without its screenshot, a file of another type than its extension, a file
    /// shared with another item): the answer costs what the problems do, not what all the material does.
    /// </summary>
    /// <remarks>
    /// The answer is kept per caller until the next write (ADR-024, ADR-026): the tree page and the checks are
    /// reloaded far more often than material changes, and a kept answer costs the same at any size.
    /// </remarks>
    public async Task<List<IndicatorCheck>> ChecksAsync(int campaignId, int? nodeId = null)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        return await kept.GetAsync("evidence-checks", access.Caller, $"{campaignId}/{nodeId}", () => ComputeChecksAsync(campaignId, nodeId));
    }

    /// <summary>The checks as the database has them now (what <see cref="ChecksAsync"/> keeps).</summary>
    public async Task<List<IndicatorCheck>> ComputeChecksAsync(int campaignId, int? nodeId = null)
    {
        var visible = await VisibleUnitsAsync(campaignId);
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => (int?)c.FrameworkId).FirstOrDefaultAsync() ?? throw new NotFoundException("创建活动不存在");
        var nodes = await db.FrameworkNodes.AsNoTracking().Include(n => n.Materials)
            .Where(n => n.FrameworkId == frameworkId && n.Kind != NodeKind.Area && n.Kind != NodeKind.Group && (nodeId == null || n.Id == nodeId))
            .OrderBy(n => n.Id).ToListAsync();
        var items = InScope(db.EvidenceItems.Where(i => i.CampaignId == campaignId && i.DeletedAt == null), visible);
        var links = from l in db.EvidenceLinks join i in items on l.EvidenceItemId equals i.Id select l;
        if (nodeId is int only) links = links.Where(l => db.MaterialRequirements.Any(m => m.Id == l.MaterialRequirementId && m.NodeId == only));
        // Requirements of other frameworks (material left by a former version) are counted and never asked for.
        var counts = await links.GroupBy(l => l.MaterialRequirementId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        if (counts.Count == 0) return nodes.Select(n => EvidenceChecks.Check(n, counts, Array.Empty<EvidenceItem>().ToLookup(_ => 0))).ToList();

        var requirements = db.MaterialRequirements.Where(m => db.FrameworkNodes.Any(n => n.Id == m.NodeId && n.FrameworkId == frameworkId) && (nodeId == null || m.NodeId == nodeId));
        var served = from l in db.EvidenceLinks
                     join i in items on l.EvidenceItemId equals i.Id
                     join m in requirements on l.MaterialRequirementId equals m.Id
                     select new { l.MaterialRequirementId, Item = i, Requirement = m };
        // Current files (the version of the highest number) whose name does not end as their type allows, and current
        // files whose content another item also holds (found through the index on the hash; most files have none).
        var newer = db.EvidenceVersions;
        var currents = from i in items
                       join v in db.EvidenceVersions on i.Id equals v.EvidenceItemId
                       where !newer.Any(w => w.EvidenceItemId == v.EvidenceItemId && w.VersionNo > v.VersionNo)
                       select v;
        var suspectFiles = currents.Where(Not(KnownExtension)).Select(v => v.EvidenceItemId);
        var sharedFiles = currents.Where(v => newer.Any(w => w.Sha256 == v.Sha256 && w.EvidenceItemId != v.EvidenceItemId && items.Any(o => o.Id == w.EvidenceItemId)))
            .Select(v => v.EvidenceItemId);
        // A superset of what a finding could name; the checks themselves decide.
        var candidates = await served
            .Where(x => (x.Requirement.Since != null && (x.Item.Year < x.Requirement.Since || x.Item.Year == null && x.Item.DocumentDate != null))
                || (x.Item.Kind == EvidenceKind.Explanation && x.Item.Text != null && x.Item.Text.Length * 2 > (x.Requirement.MaxChars ?? EvidenceChecks.DefaultExplanationChars))
                || (x.Item.SourceUrl != null && !x.Item.Versions.Any())
                || suspectFiles.Contains(x.Item.Id)
                || sharedFiles.Contains(x.Item.Id))
            .OrderBy(x => x.Item.Id)
            .Select(x => new
            {
                x.MaterialRequirementId,
                Item = new EvidenceItem
                {
                    Id = x.Item.Id, CampaignId = x.Item.CampaignId, NodeId = x.Item.NodeId, UnitId = x.Item.UnitId, Title = x.Item.Title, Kind = x.Item.Kind,
                    DocumentDate = x.Item.DocumentDate, SourceUrl = x.Item.SourceUrl, Year = x.Item.Year, Text = x.Item.Text,
                },
            })
            .ToListAsync();
        // Their current versions, asked for by id (a few hundred at most where a few hundred items have problems).
        var ids = candidates.Select(c => c.Item.Id).Distinct().ToList();
        var current = (await db.EvidenceVersions.AsNoTracking().Where(v => ids.Contains(v.EvidenceItemId))
                .Select(v => new EvidenceVersion { Id = v.Id, EvidenceItemId = v.EvidenceItemId, VersionNo = v.VersionNo, Sha256 = v.Sha256, FileName = v.FileName, DetectedType = v.DetectedType })
                .ToListAsync())
            .GroupBy(v => v.EvidenceItemId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.VersionNo)!);
        foreach (var c in candidates)
            if (current.TryGetValue(c.Item.Id, out var v)) c.Item.Versions.Add(v);
        var byRequirement = candidates.ToLookup(c => c.MaterialRequirementId, c => c.Item);
        return nodes.Select(n => EvidenceChecks.Check(n, counts, byRequirement)).ToList();
    }

    /// <summary>
    /// A version whose file name ends in an extension its detected type may carry, as SQL can tell (ASCII letters
    /// in any case). What it accepts the checks accept too; what it does not, the checks look at themselves.
    /// </summary>
    private static readonly Expression<Func<EvidenceVersion, bool>> KnownExtension = BuildKnownExtension();

    private static Expression<Func<EvidenceVersion, bool>> BuildKnownExtension()
    {
        var v = Expression.Parameter(typeof(EvidenceVersion), "v");
        var type = Expression.Property(v, nameof(EvidenceVersion.DetectedType));
        var name = Expression.Call(Expression.Property(v, nameof(EvidenceVersion.FileName)), typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!);
        var endsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;
        Expression any = Expression.Constant(false);
        foreach (var (detected, extensions) in EvidenceChecks.Extensions)
        {
            Expression names = Expression.Constant(false);
            foreach (var extension in extensions)
                names = Expression.OrElse(names, Expression.Call(name, endsWith, Expression.Constant("." + extension)));
            any = Expression.OrElse(any,
                Expression.AndAlso(Expression.Equal(type, Expression.Constant(detected)), names));
        }
        return Expression.Lambda<Func<EvidenceVersion, bool>>(any, v);
    }

    private static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters);
}
