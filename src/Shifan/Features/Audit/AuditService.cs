using Microsoft.EntityFrameworkCore;
using Shifan.Core.Auditing;
using Shifan.Documents.Export;
using Shifan.Features.Campaigns;
using Shifan.Features.Units;
using Shifan.Infrastructure.Auditing;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Audit;

/// <param name="Unit">Records by the people of the unit of that name (in any campaign the caller sees).</param>
/// <param name="ObjectId">Records about one object (with <paramref name="Entity"/>, its kind): 指标 12's node id, a unit's id.</param>
public sealed record AuditFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Actor = null, string? Entity = null, string? Action = null, int? CampaignId = null,
    string? Unit = null, string? ObjectId = null);

public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Action, string Entity, string EntityId, string Changes);

/// <param name="Problem">What is wrong, in Chinese, or null when the chain is intact.</param>
public sealed record ChainReport(long Verified, AuditEntry? FirstBroken, string? Problem = null)
{
    public bool Intact => Problem is null;
}

/// <summary>The operation log: filtered reading, chain verification and export.</summary>
public sealed class AuditService(ShifanDbContext db, CampaignAccess access, AuditChain? chain = null)
{
    /// <summary>
    /// The log is the audit administrator's alone (三员分立): each use (reading, export, verification) checks
    /// system:audit:read itself, whether the page, the API or a command (`--as NAME`) asks.
    /// </summary>
    private void Demand()
    {
        if (!access.Has(Core.Users.Permissions.AuditRead)) throw new ForbiddenException("没有权限：操作日志仅审计管理员可以查阅、导出与校验");
    }

    /// <summary>
    /// The records the caller may read: the audit administrator every record (or one campaign's); another
    /// holder of the permission (a custom role) only those of the campaigns they see, never system-wide ones (accounts, roles, sessions).
    /// </summary>
    private IQueryable<AuditEntry> Filtered(AuditFilter f)
    {
        Demand();
        var q = db.AuditEntries.AsNoTracking();
        if (f.CampaignId is int campaignId)
        {
            if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
            q = q.Where(a => a.CampaignId == campaignId);
        }
        else if (!access.IsAuditor)
        {
            var visible = access.CampaignIds.ToList();
            q = q.Where(a => a.CampaignId != null && visible.Contains(a.CampaignId.Value));
        }
        if (f.From is { } from) q = q.Where(a => a.At >= from);
        if (f.To is { } to) q = q.Where(a => a.At < to);
        if (!string.IsNullOrWhiteSpace(f.Actor)) q = q.Where(a => a.Actor == f.Actor.Trim());
        if (!string.IsNullOrWhiteSpace(f.Entity))
        {
            var entity = AuditReading.EntityOf(f.Entity);
            q = q.Where(a => a.Entity == entity);
        }
        if (!string.IsNullOrWhiteSpace(f.Action)) q = q.Where(a => a.Action == f.Action.Trim());
        if (!string.IsNullOrWhiteSpace(f.Unit))
        {
            var unit = f.Unit.Trim();
            var people = db.Users.Where(u => u.UnitId != null && db.Units.Any(x => x.Id == u.UnitId && x.Name == unit)).Select(u => u.UserName);
            q = q.Where(a => people.Contains(a.Actor));
        }
        if (!string.IsNullOrWhiteSpace(f.ObjectId)) q = q.Where(a => a.EntityId == f.ObjectId.Trim());
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

    /// <summary>
    /// Walks the whole chain in id order, a batch at a time, and reports the first problem: a record
    /// altered or removed in the middle, a record not signed with the key where it must be (a chain
    /// recomputed with plain SHA-256), a checkpoint the database no longer matches (newest records
    /// removed, or the chain rewritten), or a missing key or checkpoint file.
    /// </summary>
    public async Task<ChainReport> VerifyAsync(CancellationToken ct = default)
    {
        Demand();
        // Checkpoints first: each one was written after its records committed, so all are in what we read next.
        var (checkpoints, badLines) = chain?.ReadCheckpoints() ?? ([], []);
        var key = chain?.TryLoadKey();
        if (badLines.Count > 0) return Problem(0, null, $"检查点文件第 {badLines[0]} 行无法读取：检查点文件被改动");
        if (checkpoints.Count > 0 && key is null) return Problem(0, null, $"操作日志密钥缺失（{chain!.KeyFile}），无法校验：请从备份恢复密钥文件");
        foreach (var c in checkpoints)
            if (c.Mac != AuditChain.MacOf(key!, c)) return Problem(0, null, $"第 {c.Id} 条记录的检查点签名不对：检查点被伪造，或密钥被更换");
        long? keyedFrom = checkpoints.Count > 0 ? checkpoints.Min(c => c.KeyedFrom) : null;
        if (checkpoints.Any(c => c.KeyedFrom != keyedFrom)) return Problem(0, null, "检查点记录的启用密钥位置不一致：检查点文件被改动");
        var expected = checkpoints.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Select(c => c.Hash).ToHashSet());

        var previous = "";
        long verified = 0;
        long lastId = 0;
        var sawKeyed = false;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking().Where(a => a.Id > lastId).OrderBy(a => a.Id).Take(5000).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var e in batch)
            {
                if (e.PreviousHash != previous) return Problem(verified, e, $"哈希链在第 {e.Id} 条记录处断开：该记录的前一条被修改或删除");
                if (e.KeyVersion == AuditEntry.Keyed)
                {
                    if (key is null) return Problem(verified, e, $"操作日志密钥缺失（{chain?.KeyFile}），无法校验带密钥的记录：请从备份恢复密钥文件");
                    if (e.Hash != e.ComputeHash(key))
                        return Problem(verified, e, e.Hash == e.ComputeHash(null)
                            ? $"第 {e.Id} 条记录的哈希是用普通 SHA-256 重新计算的，不是本系统的密钥签名：操作日志被整体改写"
                            : $"哈希链在第 {e.Id} 条记录处断开：该记录被修改（哈希不符）");
                    sawKeyed = true;
                }
                else
                {
                    if (sawKeyed || e.Id >= keyedFrom)
                        return Problem(verified, e, $"第 {e.Id} 条记录没有密钥签名，而自第 {keyedFrom ?? e.Id} 条起所有记录都应签名：操作日志被用普通 SHA-256 重新计算");
                    if (e.Hash != e.ComputeHash(null)) return Problem(verified, e, $"哈希链在第 {e.Id} 条记录处断开：该记录被修改（哈希不符）");
                }
                if (expected.TryGetValue(e.Id, out var hashes) && !hashes.Contains(e.Hash))
                    return Problem(verified, e, $"第 {e.Id} 条记录与检查点不符：该记录或其之前的记录被改写后重新计算了哈希");
                previous = e.Hash;
                verified++;
                lastId = e.Id;
            }
        }
        if (checkpoints.Count > 0 && checkpoints.Max(c => c.Id) is var newest && newest > lastId)
            return Problem(verified, null, $"最新的操作日志被删除：检查点记录到第 {newest} 条，数据库中只到第 {lastId} 条");
        if (sawKeyed && checkpoints.Count == 0)
            return Problem(verified, null, $"检查点文件缺失（{chain?.CheckpointFile}）：无法确认最新的记录没有被删除，请从备份恢复");
        return new ChainReport(verified, null);
    }

    private static ChainReport Problem(long verified, AuditEntry? record, string message) => new(verified, record, message);

    public async Task<int> ExportAsync(AuditFilter filter, Stream output)
    {
        var rows = await Filtered(filter).OrderBy(a => a.Id).ToListAsync();
        var lines = new List<AuditLine>();
        foreach (var batch in rows.Chunk(500))
            lines.AddRange(await new AuditReading(db).ReadAsync([.. batch.Select(a => new AuditRow(a.Id, a.At, a.Actor, a.Action, a.Entity, a.EntityId, a.Changes))]));
        var hashes = rows.ToDictionary(a => a.Id, a => a.Hash);
        SimpleXlsxWriter.Write(output, "操作日志", ["编号", "时间（北京时间）", "操作人", "操作", "对象类别", "对象", "变更内容", "对象编号", "哈希"],
            lines.Select(a => (IReadOnlyList<string>)[a.Id.ToString(), Core.ChinaTime.ToChina(a.At).ToString("yyyy-MM-dd HH:mm:ss"), a.Actor, a.Action, a.ObjectKind, a.ObjectName, a.Changes, a.EntityId, hashes[a.Id]]));
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
