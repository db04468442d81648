using Shifan.Core;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Units;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Units;

public sealed record UnitRow(int Id, string Name, string Kind, int? ParentId, string? ParentName, string? Liaison, string? Phone, string? Email, int LeadCount, int ResponsibleCount);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <param name="OrganisationId">The standing organisation the unit stands for; 0 unlinks, null leaves it.</param>
public sealed record UnitEdit(string? Name, int? ParentId, string? Kind, int? OrganisationId = null);

public sealed record ContactEdit(string? Name, string? Phone, string? Email, bool IsPrimary);

public sealed class UnitService(ShifanDbContext db, CampaignAccess access)
{
    private void Scope(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
    }

    public async Task<Paged<UnitRow>> ListAsync(int campaignId, string? query, int page = 1, int pageSize = 20)
    {
        Scope(campaignId);
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(1, page);
        var units = await db.Units.AsNoTracking().Include(u => u.Contacts).Where(u => u.CampaignId == campaignId).OrderBy(u => u.SortOrder).ThenBy(u => u.Id).ToListAsync();
        var counts = await db.Assignments.Where(a => a.CampaignId == campaignId).GroupBy(a => new { a.UnitId, a.Role })
            .Select(g => new { g.Key.UnitId, g.Key.Role, Count = g.Count() }).ToListAsync();
        var names = units.ToDictionary(u => u.Id, u => u.Name);
        var q = query?.Trim();
        var rows = units
            .Where(u => string.IsNullOrEmpty(q) || u.Name.Contains(q) || u.Contacts.Any(c => c.Name.Contains(q)))
            .Select(u =>
            {
                var primary = u.Contacts.OrderByDescending(c => c.IsPrimary).FirstOrDefault();
                return new UnitRow(u.Id, u.Name, Unit.KindName(u.Kind), u.ParentId, u.ParentId is int p ? names.GetValueOrDefault(p) : null,
                    primary?.Name, primary?.Phone, primary?.Email,
                    counts.Where(c => c.UnitId == u.Id && c.Role == AssignmentRole.Lead).Sum(c => c.Count),
                    counts.Where(c => c.UnitId == u.Id && c.Role == AssignmentRole.Responsible).Sum(c => c.Count));
            }).ToList();
        return new Paged<UnitRow>(rows.Skip((page - 1) * pageSize).Take(pageSize).ToList(), rows.Count, page, pageSize);
    }

    public async Task<List<Unit>> AllAsync(int campaignId)
    {
        Scope(campaignId);
        return await db.Units.AsNoTracking().Include(u => u.Contacts).Where(u => u.CampaignId == campaignId).OrderBy(u => u.SortOrder).ThenBy(u => u.Id).ToListAsync();
    }

    public async Task<Unit> GetAsync(int campaignId, int unitId)
    {
        Scope(campaignId);
        return await db.Units.AsNoTracking().Include(u => u.Contacts).FirstOrDefaultAsync(u => u.Id == unitId && u.CampaignId == campaignId)
            ?? throw new NotFoundException("单位不存在");
    }

    private static bool TryKind(string? kind, out UnitKind value)
    {
        value = UnitKind.Section;
        return kind is null || Enum.TryParse(kind, ignoreCase: true, out value);
    }

    public async Task<(Unit? Unit, Refusal? Error)> CreateAsync(int campaignId, UnitEdit edit)
    {
        Scope(campaignId);
        var name = edit.Name?.Trim() ?? "";
        if (name.Length == 0) return (null, new Refusal("单位名称不能为空", "name"));
        if (name.Length > 100) return (null, new Refusal("单位名称不能超过100个字", "name"));
        if (!TryKind(edit.Kind, out var kind)) return (null, new Refusal("单位类型不正确", "kind"));
        if (await db.Units.AnyAsync(u => u.CampaignId == campaignId && u.Name == name)) return (null, new Refusal($"单位“{name}”已存在", "name"));
        if (edit.ParentId is int p && !await db.Units.AnyAsync(u => u.Id == p && u.CampaignId == campaignId)) return (null, new Refusal("上级单位不存在", "parentId"));
        var max = await db.Units.Where(u => u.CampaignId == campaignId).MaxAsync(u => (int?)u.SortOrder) ?? 0;
        var unit = new Unit { CampaignId = campaignId, Name = name, ParentId = edit.ParentId, Kind = kind, SortOrder = max + 1 };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return (unit, null);
    }

    public async Task<Refusal?> UpdateAsync(int campaignId, int unitId, UnitEdit edit)
    {
        Scope(campaignId);
        var all = await db.Units.Where(u => u.CampaignId == campaignId).ToListAsync();
        var unit = all.FirstOrDefault(u => u.Id == unitId) ?? throw new NotFoundException("单位不存在");
        if (edit.Name is not null)
        {
            var name = edit.Name.Trim();
            if (name.Length == 0) return new Refusal("单位名称不能为空", "name");
            if (all.Any(u => u.Id != unitId && u.Name == name)) return new Refusal($"单位“{name}”已存在", "name");
            unit.Name = name;
        }
        if (edit.ParentId != unit.ParentId)
        {
            if (edit.ParentId is int p && all.All(u => u.Id != p)) return new Refusal("上级单位不存在", "parentId");
            if (Unit.WouldCreateCycle(all, unitId, edit.ParentId)) return new Refusal("不能把单位移动到它自己的下级", "parentId");
            unit.ParentId = edit.ParentId;
        }
        if (!TryKind(edit.Kind, out var kind)) return new Refusal("单位类型不正确", "kind");
        if (edit.Kind is not null) unit.Kind = kind;
        if (edit.OrganisationId is int organisationId)
        {
            if (organisationId != 0 && !await db.Organisations.AnyAsync(o => o.Id == organisationId)) return new Refusal("组织不存在", "organisationId");
            unit.OrganisationId = organisationId == 0 ? null : organisationId;
        }
        await db.SaveChangesAsync();
        return null;
    }

    public async Task<Refusal?> DeleteAsync(int campaignId, int unitId)
    {
        Scope(campaignId);
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == unitId && u.CampaignId == campaignId) ?? throw new NotFoundException("单位不存在");
        if (await db.Units.AnyAsync(u => u.ParentId == unitId)) return "该单位还有下级单位，不能删除";
        if (await db.Assignments.AnyAsync(a => a.UnitId == unitId)) return "该单位还承担指标任务，请先调整分工";
        if (await db.Users.AnyAsync(u => u.UnitId == unitId)) return "该单位还有用户账号，请先调整账号";
        if (await db.EvidenceItems.IgnoreQueryFilters().AnyAsync(e => e.UnitId == unitId)) return "该单位已提交佐证材料，不能删除";
        if (await db.RequirementReviews.IgnoreQueryFilters().AnyAsync(r => r.UnitId == unitId)) return "该单位已有材料审核记录，不能删除";
        db.Units.Remove(unit);
        await db.SaveChangesAsync();
        return null;
    }

    /// <summary>Office and admins edit every unit's contacts; a unit head only those of their unit and below.</summary>
    private async Task ContactScope(int campaignId, int unitId)
    {
        Scope(campaignId);
        if (access.Has(Core.Users.Permissions.UnitEdit)) return;
        var units = await db.Units.AsNoTracking().Where(u => u.CampaignId == campaignId).ToListAsync();
        if (access.UnitId is not int own || !Unit.Subtree(units, own).Contains(unitId)) throw new NotFoundException("单位不存在");
    }

    public async Task<Refusal?> AddContactAsync(int campaignId, int unitId, ContactEdit edit)
    {
        await ContactScope(campaignId, unitId);
        var unit = await db.Units.Include(u => u.Contacts).FirstOrDefaultAsync(u => u.Id == unitId && u.CampaignId == campaignId) ?? throw new NotFoundException("单位不存在");
        var name = edit.Name?.Trim() ?? "";
        if (name.Length == 0) return new Refusal("联络人姓名不能为空", "name");
        if (edit.Phone is { Length: > 0 } phone && !System.Text.RegularExpressions.Regex.IsMatch(phone, @"^[0-9\-＋+ ()]{5,40}$")) return new Refusal("联系电话格式不正确", "phone");
        if (edit.Email is { Length: > 0 } email && !System.Text.RegularExpressions.Regex.IsMatch(email, @"^[^@\s]+@[^@\s]+\.[^@\s]+$")) return new Refusal("电子邮箱格式不正确", "email");
        if (edit.IsPrimary) foreach (var c in unit.Contacts) c.IsPrimary = false;
        unit.Contacts.Add(new LiaisonContact { Name = name, Phone = NullIfEmpty(edit.Phone), Email = NullIfEmpty(edit.Email), IsPrimary = edit.IsPrimary || unit.Contacts.Count == 0 });
        await db.SaveChangesAsync();
        return null;
    }

    public async Task DeleteContactAsync(int campaignId, int unitId, int contactId)
    {
        await ContactScope(campaignId, unitId);
        var contact = await db.LiaisonContacts.FirstOrDefaultAsync(c => c.Id == contactId && c.UnitId == unitId && db.Units.Any(u => u.Id == unitId && u.CampaignId == campaignId))
            ?? throw new NotFoundException("联络人不存在");
        db.LiaisonContacts.Remove(contact);
        await db.SaveChangesAsync();
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
