using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;
using Shifan.Features.RoleSettings;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Users;

/// <summary>One role a user holds, where, and whether the session acts in it now.</summary>
/// <param name="GrantId">Null for the account's own role.</param>
public sealed record HeldRole(int? GrantId, string Role, string RoleName, string Where, bool Active);

/// <param name="UnitId">A unit of one campaign (roles whose data scope is a unit need one).</param>
/// <param name="CampaignId">A whole campaign.</param>
/// <param name="OrganisationId">Every campaign of an organisation and the ones below it.</param>
public sealed record NewRoleGrant(string? Role, int? UnitId, int? CampaignId, int? OrganisationId);

/// <summary>
/// Several roles per user (兼任): a section chief who is 联络人 in the county's campaign and 评审 in the city's holds
/// both, and acts in one at a time. Administrators (系统/安全/审计管理员 — any role with a system:* permission) never
/// hold another role and are never granted as one, so no account mixes the three (三员分立) or administration with
/// the campaign's work.
/// </summary>
public sealed class RoleGrantService(ShifanDbContext db, CampaignAccess access, RoleCatalog catalog, RoleService roles, SessionRegistry sessions, TimeProvider clock)
{
    private void Require()
    {
        if (!access.Has(Permissions.UserManage)) throw new ForbiddenException("没有管理用户的权限");
    }

    private async Task<bool> IsAdministrativeAsync(string role) =>
        role == Roles.Admin || (await catalog.GetAsync(role)).Permissions.Any(p => p.StartsWith("system:", StringComparison.Ordinal));

    /// <summary>The account's own role and every granted one, described for people.</summary>
    public async Task<List<HeldRole>> HeldAsync(int userId, int? activeGrant = null)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId) ?? throw new NotFoundException("用户不存在");
        var names = await roles.NamesAsync();
        var grants = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == userId).OrderBy(g => g.Id).ToListAsync();
        var held = new List<HeldRole> { new(null, user.Role, names.GetValueOrDefault(user.Role, user.Role), await WhereAsync(user.UnitId, null, user.OrganisationId), activeGrant is null) };
        foreach (var g in grants)
            held.Add(new HeldRole(g.Id, g.Role, names.GetValueOrDefault(g.Role, g.Role), await WhereAsync(g.UnitId, g.CampaignId, g.OrganisationId), activeGrant == g.Id));
        return held;
    }

    /// <summary>The roles of a user, for whoever manages accounts.</summary>
    public async Task<List<HeldRole>> ListAsync(int userId)
    {
        Require();
        return await HeldAsync(userId);
    }

    private async Task<string> WhereAsync(int? unitId, int? campaignId, int? organisationId)
    {
        if (unitId is int u)
            return await (from unit in db.Units join c in db.Campaigns on unit.CampaignId equals c.Id where unit.Id == u select c.Name + " · " + unit.Name).FirstOrDefaultAsync() ?? "";
        if (campaignId is int cid) return await db.Campaigns.Where(c => c.Id == cid).Select(c => c.Name + "（全部单位）").FirstOrDefaultAsync() ?? "";
        if (organisationId is int o) return await db.Organisations.Where(x => x.Id == o).Select(x => x.Name + "及下级组织的全部创建活动").FirstOrDefaultAsync() ?? "";
        return "全部";
    }

    public async Task<int> AddAsync(int userId, NewRoleGrant request)
    {
        Require();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId) ?? throw new NotFoundException("用户不存在");
        if (string.IsNullOrWhiteSpace(request.Role) || !await roles.ExistsAsync(request.Role)) throw new RefusedException(new Refusal("请选择角色", "role"));
        var role = request.Role;
        if (await IsAdministrativeAsync(user.Role)) throw new RefusedException(new Refusal("管理员账号不能兼任其他角色（三员分立：系统、安全、审计管理员各用独立账号）", "role"));
        if (await IsAdministrativeAsync(role)) throw new RefusedException(new Refusal("管理员角色不能作为兼任角色授予，请为其设独立账号（三员分立）", "role"));
        if (role == Roles.Evaluator || user.Role == Roles.Evaluator) throw new RefusedException(new Refusal("评估专家只能查阅授权的申报包，不能兼任其他角色", "role"));
        var places = new[] { request.UnitId is not null, request.CampaignId is not null, request.OrganisationId is not null }.Count(x => x);
        if (places != 1) throw new RefusedException(new Refusal("请选择一个范围：某活动中的单位、整个创建活动或某组织及其下级", "unitId"));
        if ((await catalog.GetAsync(role)).Scope != DataScope.All && request.UnitId is null)
            throw new RefusedException(new Refusal("该角色的数据范围按单位限定，请选择所在单位", "unitId"));
        if (request.UnitId is int unit && !await db.Units.AnyAsync(u => u.Id == unit)) throw new RefusedException(new Refusal("单位不存在", "unitId"));
        if (request.CampaignId is int campaign && !await db.Campaigns.AnyAsync(c => c.Id == campaign)) throw new RefusedException(new Refusal("创建活动不存在", "campaignId"));
        if (request.OrganisationId is int org && !await db.Organisations.AnyAsync(o => o.Id == org)) throw new RefusedException(new Refusal("组织不存在", "organisationId"));
        if (user.Role == role && user.UnitId == request.UnitId && user.OrganisationId == request.OrganisationId && request.CampaignId is null)
            throw new RefusedException(new Refusal("这是该用户本身的角色", "role"));
        if (await db.RoleGrants.AnyAsync(g => g.UserId == userId && g.Role == role && g.UnitId == request.UnitId && g.CampaignId == request.CampaignId && g.OrganisationId == request.OrganisationId))
            throw new ConflictException("该用户已兼任这一角色");
        var grant = new RoleGrant
        {
            UserId = userId, Role = role, UnitId = request.UnitId, CampaignId = request.CampaignId, OrganisationId = request.OrganisationId,
            CreatedAt = clock.GetUtcNow(), CreatedBy = access.UserName,
        };
        db.RoleGrants.Add(grant);
        await db.SaveChangesAsync();
        return grant.Id;
    }

    /// <summary>Takes a role back; the user's sessions end, so no session keeps acting in it.</summary>
    public async Task RemoveAsync(int userId, int grantId)
    {
        Require();
        var grant = await db.RoleGrants.FirstOrDefaultAsync(g => g.Id == grantId && g.UserId == userId) ?? throw new NotFoundException("该兼任角色不存在");
        db.RoleGrants.Remove(grant);
        await db.SaveChangesAsync();
        await sessions.RevokeAllAsync(userId, access.UserName);
    }
}
