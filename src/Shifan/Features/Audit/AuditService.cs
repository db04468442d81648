using Microsoft.EntityFrameworkCore;
using Shifan.Core.Auditing;
using Shifan.Documents.Export;
using Shifan.Features.Campaigns;
using Shifan.Features.Units;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Audit;

public sealed record AuditFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Actor = null, string? Entity = null, string? Action = null, int? CampaignId = null);

public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Action, string Entity, string EntityId, string Changes);

public sealed record ChainReport(long Verified, AuditEntry? FirstBroken);

/// <summary>The operation log: filtered reading, chain verification and export.</summary>
public sealed class AuditService(ShifanDbContext db, CampaignAccess access)
{
    /// <summary>
    /// The records the caller may read: an admin every record (or one campaign's); anyone else only
    /// those of the campaigns they see, never system-wide ones (accounts, roles, sessions).
    /// </summary>
    private IQueryable<AuditEntry> Filtered(AuditFilter f)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (f.CampaignId is int campaignId)
        {
            if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
            q = q.Where(a => a.CampaignId == campaignId);
        }
        else if (!access.IsAdmin)
        {
            var visible = access.CampaignIds.ToList();
            q = q.Where(a => a.CampaignId != null && visible.Contains(a.CampaignId.Value));
        }
        if (f.From is { } from) q = q.Where(a => a.At >= from);
        if (f.To is { } to) q = q.Where(a => a.At < to);
        if (!string.IsNullOrWhiteSpace(f.Actor)) q = q.Where(a => a.Actor == f.Actor.Trim());
        if (!string.IsNullOrWhiteSpace(f.Entity)) q = q.Where(a => a.Entity == f.Entity.Trim());
        if (!string.IsNullOrWhiteSpace(f.Action)) q = q.Where(a => a.Action == f.Action.Trim());
        return q;
    }

    public async Task<Paged<AuditRow>> QueryAsync(AuditFilter filter, int page = 1, int pageSize = 50)
    {
        pageSize = Math.Clamp(pageSize, 1, 500);
        page = Math.Max(1, page);
        var q = Filtered(filter);
        var total = await q.CountAsync();
        var rows = await q.OrderByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new AuditRow(a.Id, a.At, a.Actor, a.Action, a.Entity, a.EntityId, a.Changes)).ToListAsync();
        return new Paged<AuditRow>(rows, total, page, pageSize);
    }

    /// <summary>Walks the whole chain in id order, a batch at a time, and reports the first broken record.</summary>
    public async Task<ChainReport> VerifyAsync(CancellationToken ct = default)
    {
        var previous = "";
        long verified = 0;
        long lastId = 0;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking().Where(a => a.Id > lastId).OrderBy(a => a.Id).Take(5000).ToListAsync(ct);
            if (batch.Count == 0) return new ChainReport(verified, null);
            foreach (var e in batch)
            {
                if (e.PreviousHash != previous || e.Hash != e.ComputeHash()) return new ChainReport(verified, e);
                previous = e.Hash;
                verified++;
            }
            lastId = batch[^1].Id;
        }
    }

    public async Task<int> ExportAsync(AuditFilter filter, Stream output)
    {
        var rows = await Filtered(filter).OrderBy(a => a.Id).ToListAsync();
        SimpleXlsxWriter.Write(output, "操作日志", ["编号", "时间", "操作人", "操作", "对象", "对象编号", "变更内容", "哈希"],
            rows.Select(a => (IReadOnlyList<string>)[a.Id.ToString(), a.At.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss"), a.Actor, ActionName(a.Action), a.Entity, a.EntityId, a.Changes, a.Hash]));
        return rows.Count;
    }

    public static string ActionName(string action) => action switch
    {
        "create" => "新增",
        "update" => "修改",
        "delete" => "删除",
        _ => action,
    };
}
