using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Organisations;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Organisations;

public sealed record OrganisationRow(int Id, int? ParentId, string Name, string Kind, string KindName, string Path, int Depth,
    int Campaigns, int Units, int Users);

public sealed record OrganisationEdit(string? Name, string? Kind, int? ParentId, int? SortOrder = null);

/// <summary>
/// The standing organisation tree: kept by whoever holds system:org:manage, read by those who create campaigns or
/// manage users (to choose an organisation). Every change is audited by the database's audit chain.
/// </summary>
public sealed class OrganisationService(ShifanDbContext db)
{
    /// <summary>Every organisation in tree order (parents before children, siblings by order then name).</summary>
    public async Task<List<OrganisationRow>> TreeAsync()
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync();
        var campaigns = await db.Campaigns.Where(c => c.OrganisationId != null).GroupBy(c => c.OrganisationId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var units = await db.Units.Where(u => u.OrganisationId != null).GroupBy(u => u.OrganisationId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var users = await db.Users.Where(u => u.OrganisationId != null).GroupBy(u => u.OrganisationId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var byId = all.ToDictionary(o => o.Id);
        var children = all.ToLookup(o => o.ParentId is int p && byId.ContainsKey(p) ? p : (int?)null);
        var rows = new List<OrganisationRow>();
        void Walk(int? parent, int depth)
        {
            foreach (var o in children[parent].OrderBy(o => o.SortOrder).ThenBy(o => o.Name, StringComparer.Ordinal))
            {
                rows.Add(new OrganisationRow(o.Id, o.ParentId, o.Name, o.Kind.ToString(), Organisation.KindName(o.Kind), Organisation.PathOf(byId, o.Id), depth,
                    campaigns.GetValueOrDefault(o.Id), units.GetValueOrDefault(o.Id), users.GetValueOrDefault(o.Id)));
                Walk(o.Id, depth + 1);
            }
        }
        Walk(null, 0);
        return rows;
    }

    private static OrganisationKind? ParseKind(string? kind) =>
        Enum.TryParse<OrganisationKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null;

    public async Task<Organisation> CreateAsync(OrganisationEdit edit)
    {
        var kind = ParseKind(edit.Kind) ?? throw new RefusedException(new Refusal("组织类别不正确（Province、City、County、Department、Township、OutsideBody）", "kind"));
        if (Organisation.Validate(edit.Name, kind) is { } refusal) throw new RefusedException(refusal);
        if (edit.ParentId is int parent && !await db.Organisations.AnyAsync(o => o.Id == parent))
            throw new RefusedException(new Refusal("上级组织不存在", "parentId"));
        var name = edit.Name!.Trim();
        if (await db.Organisations.AnyAsync(o => o.ParentId == edit.ParentId && o.Name == name))
            throw new ConflictException($"同一上级下已有“{name}”");
        var organisation = new Organisation { Name = name, Kind = kind, ParentId = edit.ParentId, SortOrder = edit.SortOrder ?? 0 };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync();
        return organisation;
    }

    /// <summary>Renames, re-classes or moves an organisation; a move under its own subtree is refused.</summary>
    public async Task UpdateAsync(int id, OrganisationEdit edit)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id) ?? throw new NotFoundException("组织不存在");
        var kind = edit.Kind is null ? organisation.Kind
            : ParseKind(edit.Kind) ?? throw new RefusedException(new Refusal("组织类别不正确", "kind"));
        var name = edit.Name?.Trim() ?? organisation.Name;
        if (Organisation.Validate(name, kind) is { } refusal) throw new RefusedException(refusal);
        if (edit.ParentId != organisation.ParentId)
        {
            if (edit.ParentId is int parent && !await db.Organisations.AnyAsync(o => o.Id == parent))
                throw new RefusedException(new Refusal("上级组织不存在", "parentId"));
            var all = await db.Organisations.AsNoTracking().ToListAsync();
            if (Organisation.WouldCreateCycle(all, id, edit.ParentId)) throw new RefusedException(new Refusal("不能把组织移到它自己或它的下级之下", "parentId"));
        }
        if (await db.Organisations.AnyAsync(o => o.Id != id && o.ParentId == edit.ParentId && o.Name == name))
            throw new ConflictException($"同一上级下已有“{name}”");
        organisation.Name = name;
        organisation.Kind = kind;
        organisation.ParentId = edit.ParentId;
        if (edit.SortOrder is int order) organisation.SortOrder = order;
        await db.SaveChangesAsync();
    }

    /// <summary>Deletes an organisation nobody uses: no organisations below, no campaigns, units or users on it.</summary>
    public async Task DeleteAsync(int id)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id) ?? throw new NotFoundException("组织不存在");
        if (await db.Organisations.AnyAsync(o => o.ParentId == id)) throw new ConflictException($"“{organisation.Name}”下还有下级组织，不能删除");
        if (await db.Campaigns.AnyAsync(c => c.OrganisationId == id)) throw new ConflictException($"“{organisation.Name}”有创建活动，不能删除");
        if (await db.Units.AnyAsync(u => u.OrganisationId == id)) throw new ConflictException($"“{organisation.Name}”在创建活动中作为单位，不能删除");
        if (await db.Users.AnyAsync(u => u.OrganisationId == id)) throw new ConflictException($"“{organisation.Name}”下还有用户，不能删除");
        db.Organisations.Remove(organisation);
        await db.SaveChangesAsync();
    }

    /// <summary>The campaigns run by the organisation or any organisation below it: what a user placed on it sees.</summary>
    public static async Task<List<int>> CampaignsUnderAsync(ShifanDbContext db, int organisationId)
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync();
        var subtree = Organisation.Subtree(all, organisationId).ToList();
        return await db.Campaigns.Where(c => c.OrganisationId != null && subtree.Contains(c.OrganisationId.Value)).Select(c => c.Id).ToListAsync();
    }
}
