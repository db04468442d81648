using Shifan.Core;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;
using Shifan.Features.Units;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Users;

public sealed record UserRow(int Id, string UserName, string DisplayName, string Role, string RoleName, int? UnitId, string? UnitName,
    int? CampaignId, bool Disabled, DateTimeOffset? LockedUntil, bool MustChangePassword, bool SecondFactor = false, string? Email = null,
    int? OrganisationId = null, string? OrganisationName = null);

/// <param name="OrganisationId">For a user whose role covers an organisation subtree (a city office over its counties) instead of one campaign's unit.</param>
public sealed record NewUser(string? UserName, string? DisplayName, string? Role, int? UnitId, IReadOnlyList<int>? ReviewCampaigns, string? Password, string? Email = null, int? OrganisationId = null);

/// <summary>Null leaves a field as it is; an empty e-mail removes the address.</summary>
/// <param name="OrganisationId">0 removes the user from their organisation.</param>
public sealed record UserEdit(string? DisplayName, string? Role, int? UnitId, bool? Disabled, string? Email = null, int? OrganisationId = null);

/// <summary>Accounts administration: create, change role or unit, disable, reset password.</summary>
public sealed partial class UserService(ShifanDbContext db, TimeProvider clock, AccountService accounts, SessionRegistry sessions, RoleSettings.RoleService roles)
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{2,64}$")]
    private static partial Regex UserNameRegex();

    public async Task<Paged<UserRow>> ListAsync(string? query, int page = 1, int pageSize = 20)
    {
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(1, page);
        var q = from u in db.Users.AsNoTracking()
                join unit in db.Units on u.UnitId equals unit.Id into units
                from unit in units.DefaultIfEmpty()
                join org in db.Organisations on u.OrganisationId equals org.Id into orgs
                from org in orgs.DefaultIfEmpty()
                select new { u, UnitName = unit == null ? null : unit.Name, CampaignId = unit == null ? (int?)null : unit.CampaignId, OrgName = org == null ? null : org.Name };
        if (!string.IsNullOrWhiteSpace(query)) q = q.Where(x => x.u.UserName.Contains(query) || x.u.DisplayName.Contains(query));
        var total = await q.CountAsync();
        var names = await roles.NamesAsync();
        var rows = (await q.OrderBy(x => x.u.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync())
            .Select(x => new UserRow(x.u.Id, x.u.UserName, x.u.DisplayName, x.u.Role, names.GetValueOrDefault(x.u.Role, x.u.Role), x.u.UnitId, x.UnitName, x.CampaignId,
                x.u.Disabled, x.u.IsLockedOut(clock.GetUtcNow()) ? x.u.LockedUntil : null, x.u.MustChangePassword, x.u.HasSecondFactor, x.u.Email, x.u.OrganisationId, x.OrgName)).ToList();
        return new Paged<UserRow>(rows, total, page, pageSize);
    }

    /// <summary>Creates an account; returns its one-time password (or the given password), or a Chinese error.</summary>
    public async Task<(User? User, string? Password, Refusal? Error)> CreateAsync(NewUser request)
    {
        var name = request.UserName?.Trim() ?? "";
        if (!UserNameRegex().IsMatch(name)) return (null, null, new Refusal("用户名须为2-64位字母、数字、下划线、点或连字符", "userName"));
        if (!await roles.ExistsAsync(request.Role)) return (null, null, new Refusal($"角色须为 {string.Join("、", await roles.CodesAsync())} 之一", "role"));
        if (await db.Users.AnyAsync(u => u.UserName == name)) return (null, null, new Refusal($"用户名“{name}”已存在", "userName"));
        if (request.Role == Roles.Evaluator && (request.UnitId is not null || request.OrganisationId is not null || request.ReviewCampaigns is { Count: > 0 }))
            return (null, null, new Refusal("评估专家不属于任何单位或组织，只能查阅创建办公室授权的申报包", "unitId"));
        if (!Roles.Unplaced(request.Role!) && request.UnitId is null && request.OrganisationId is null)
            return (null, null, new Refusal("请选择所属单位（某一创建活动中的单位）或所属组织（管辖其下全部活动）", "unitId"));
        if (request.OrganisationId is int orgId && !await db.Organisations.AnyAsync(o => o.Id == orgId)) return (null, null, new Refusal("所属组织不存在", "organisationId"));
        if (request.UnitId is int unitId && !await db.Units.AnyAsync(u => u.Id == unitId)) return (null, null, new Refusal("所属单位不存在", "unitId"));
        var email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        if (email is not null && !User.IsEmail(email)) return (null, null, new Refusal("邮箱格式不正确", "email"));
        var grants = (request.ReviewCampaigns ?? []).Distinct().ToList();
        foreach (var c in grants)
            if (!await db.Campaigns.AnyAsync(x => x.Id == c)) return (null, null, new Refusal($"创建活动{c}不存在", "reviewCampaigns"));
        var oneTime = request.Password is null;
        var password = request.Password ?? AccountService.GenerateOneTimePassword();
        if (!oneTime && accounts.Policy.Check(password, name) is { } rule) return (null, null, new Refusal(rule, "password"));
        var user = new User
        {
            UserName = name, DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? name : request.DisplayName.Trim(),
            Role = request.Role!, UnitId = request.UnitId, OrganisationId = request.OrganisationId, MustChangePassword = oneTime, Email = email, CreatedAt = clock.GetUtcNow(), PasswordChangedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = AccountService.Hash(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        foreach (var c in grants) db.ReviewerGrants.Add(new ReviewerGrant { UserId = user.Id, CampaignId = c });
        await db.SaveChangesAsync();
        return (user, password, null);
    }

    public async Task<Refusal?> UpdateAsync(int userId, UserEdit edit, string actor)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId) ?? throw new NotFoundException("用户不存在");
        if (edit.Role is not null)
        {
            if (!await roles.ExistsAsync(edit.Role)) return new Refusal($"角色须为 {string.Join("、", await roles.CodesAsync())} 之一", "role");
            // 三员分立: an administrator cannot give themselves another role (the security admin would become the auditor).
            if (user.UserName == actor && edit.Role != user.Role) return new Refusal("不能修改自己的角色，请由另一位安全管理员调整", "role");
            user.Role = edit.Role;
        }
        if (edit.UnitId is int unitId)
        {
            if (!await db.Units.AnyAsync(u => u.Id == unitId)) return new Refusal("所属单位不存在", "unitId");
            user.UnitId = unitId;
        }
        if (edit.OrganisationId is int organisationId)
        {
            if (organisationId != 0 && !await db.Organisations.AnyAsync(o => o.Id == organisationId)) return new Refusal("所属组织不存在", "organisationId");
            user.OrganisationId = organisationId == 0 ? null : organisationId;
        }
        if (edit.DisplayName is not null) user.DisplayName = edit.DisplayName.Trim();
        if (edit.Email is not null)
        {
            var email = edit.Email.Trim();
            if (email.Length > 0 && !User.IsEmail(email)) return new Refusal("邮箱格式不正确", "email");
            user.Email = email.Length == 0 ? null : email;
        }
        if (edit.Disabled is bool disabled)
        {
            if (disabled && user.UserName == actor) return new Refusal("不能停用自己的账号", "disabled");
            user.Disabled = disabled;
        }
        await db.SaveChangesAsync();
        if (edit.Disabled == true || edit.Role is not null || edit.UnitId is not null || edit.OrganisationId is not null) await RevokeSessionsAsync(user.Id, actor);
        return null;
    }

    /// <summary>Sets a new one-time password, unlocks the account and ends its sessions.</summary>
    public async Task<string> ResetPasswordAsync(int userId, string actor)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId) ?? throw new NotFoundException("用户不存在");
        var password = AccountService.GenerateOneTimePassword();
        user.RegisterSuccess();
        await accounts.StoreAsync(user, password, oneTime: true);
        await RevokeSessionsAsync(user.Id, actor);
        return password;
    }

    private Task RevokeSessionsAsync(int userId, string actor) => sessions.RevokeAllAsync(userId, actor);
}
