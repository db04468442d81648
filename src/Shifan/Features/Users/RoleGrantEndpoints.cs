using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;
using Shifan.Features.RoleSettings;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Users;

public sealed record GrantCreated(int Id);

/// <summary>Roles held besides the account's own (兼任), and switching between them (切换身份).</summary>
public static class RoleGrantEndpoints
{
    public static void MapRoleGrantEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/users/{userId:int}/roles", "用户与会话");
        api.MapGet("/", (int userId, RoleGrantService s) => s.ListAsync(userId))
            .RequireAuthorization(Permissions.UserManage).WithName("ListUserRoles").WithSummary("用户担任的全部角色：本身的角色和兼任的角色");
        api.MapPost("/", async Task<Created<GrantCreated>> (int userId, NewRoleGrant request, RoleGrantService s) =>
                TypedResults.Created($"/api/users/{userId}/roles", new GrantCreated(await s.AddAsync(userId, request))))
            .RequireAuthorization(Permissions.UserManage).WithName("GrantUserRole").WithSummary("授予兼任角色（某活动中的单位、整个活动或某组织及下级）");
        api.MapDelete("/{roleGrantId:int}", async Task<NoContent> (int userId, int roleGrantId, RoleGrantService s) =>
            {
                await s.RemoveAsync(userId, roleGrantId);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.UserManage).WithName("RevokeUserRole").WithSummary("收回兼任角色（该用户的会话随之结束）");

        // The header's 切换身份: the same session, now acting in another of the user's roles.
        // Bound from the form, so the antiforgery token is checked like every other form post.
        app.MapPost("/account/role", async ([Microsoft.AspNetCore.Mvc.FromForm(Name = "grant")] int? grant, HttpContext http, ShifanDbContext db, AccountService accounts, RoleCatalog catalog) =>
            {
                int? grantId = grant is > 0 ? grant : null;
                var userId = int.Parse(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!);
                var user = await db.Users.FirstAsync(u => u.Id == userId);
                var role = grantId is int id ? await db.RoleGrants.Where(x => x.Id == id && x.UserId == userId).Select(x => x.Role).FirstOrDefaultAsync() ?? throw new NotFoundException("该身份不存在") : user.Role;
                if ((await catalog.GetAsync(role)).RequireSecondFactor && !user.HasSecondFactor)
                    return TypedResults.Redirect("/?error=" + Uri.EscapeDataString("该身份须先启用双因素认证（在“账号安全”中设置）"));
                var principal = await accounts.PrincipalAsync(user, CookieAuthenticationDefaults.AuthenticationScheme, http.User.FindFirstValue(AccountService.SessionClaim), grantId);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
                // Another role may not reach the page the user was on: start from the home page (我的待办) of the new role.
                return TypedResults.Redirect("/");
            })
            .RequireAuthorization().ExcludeFromDescription();
    }
}
