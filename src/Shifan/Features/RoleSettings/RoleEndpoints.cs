using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;
using Shifan.Hosting;

namespace Shifan.Features.RoleSettings;

public static class RoleEndpoints
{
    public static void MapRoleEndpoints(this WebApplication app)
    {
        var roles = app.MapApi("/roles", "用户与会话");
        roles.MapGet("/", (RoleService s) => s.ListAsync())
            .RequireAuthorization(Permissions.RoleManage).WithName("ListRoles").WithSummary("角色、权限与数据范围");
        roles.MapGet("/permissions", () => Permissions.Catalog.Select(c => new { code = c.Code, name = c.Name }))
            .RequireAuthorization(Permissions.RoleManage).WithName("ListPermissions").WithSummary("全部权限及其名称");
        roles.MapPut("/{role}", async (string role, RoleEdit edit, ClaimsPrincipal me, RoleService s) =>
            { Refuse.IfAny(await s.UpdateAsync(role, edit, me.Identity!.Name!)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.RoleManage).WithName("UpdateRole").WithSummary("修改角色的权限、数据范围与是否必须使用双因素认证（requireSecondFactor，下次登录时生效）");
        roles.MapPost("/", async (NewRole request, ClaimsPrincipal me, RoleService s) =>
            {
                var created = await s.CreateAsync(request, me.Identity!.Name!);
                return TypedResults.Created($"/api/roles/{created.Role}", new { role = created.Role, name = created.DisplayName });
            })
            .RequireAuthorization(Permissions.RoleManage).WithName("CreateRole").WithSummary("新增自定义角色（如督查组、第三方评估组）：以一个内置角色为模板，随后可调整权限，立即可分配给用户");
        roles.MapDelete("/{role}", async (string role, RoleService s) =>
            {
                await s.DeleteAsync(role);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.RoleManage).WithName("DeleteRole").WithSummary("删除无人担任的自定义角色");
        roles.MapPost("/{role}/reset", async (string role, RoleService s) =>
            {
                await s.ResetAsync(role);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.RoleManage).WithName("ResetRole").WithSummary("恢复角色的默认权限");

        // The role page's forms (antiforgery checked through the [FromForm] binding); each redirects back with a message,
        // a refusal with its reason.
        var forms = app.MapGroup("/system/roles").ExcludeFromDescription();
        forms.MapPost("/", async ([FromForm] string? role, [FromForm] string? name, [FromForm] string? template, ClaimsPrincipal me, RoleService s) =>
            {
                var created = await s.CreateAsync(new NewRole(role, name, template), me.Identity!.Name!);
                return TypedResults.Redirect("/system/roles?msg=" + Uri.EscapeDataString($"已新增角色“{created.DisplayName}”，可在下方调整其权限，并在用户管理中分配给用户"));
            })
            .RequireAuthorization(Permissions.RoleManage).BackOnRefusal(_ => "/system/roles");
        forms.MapPost("/{role}/delete", async (string role, [FromForm] string? confirm, RoleService s) =>
            {
                await s.DeleteAsync(role);
                return TypedResults.Redirect("/system/roles?msg=" + Uri.EscapeDataString("已删除角色"));
            })
            .RequireAuthorization(Permissions.RoleManage).BackOnRefusal(_ => "/system/roles");
        forms.MapPost("/{role}", async (string role, [FromForm] string? dataScope, HttpRequest request, ClaimsPrincipal me, RoleService s) =>
            {
                var edit = new RoleEdit([.. request.Form["permissions"].Select(p => p ?? "")], dataScope, request.Form["requireSecondFactor"] == "true");
                Refuse.IfAny(await s.UpdateAsync(role, edit, me.Identity!.Name!));
                return TypedResults.Redirect("/system/roles?msg=" + Uri.EscapeDataString($"已保存“{(await s.NamesAsync()).GetValueOrDefault(role, role)}”的权限"));
            })
            .RequireAuthorization(Permissions.RoleManage).BackOnRefusal(_ => "/system/roles");
        forms.MapPost("/{role}/reset", async (string role, [FromForm] string? confirm, RoleService s) =>
            {
                await s.ResetAsync(role);
                return TypedResults.Redirect("/system/roles?msg=" + Uri.EscapeDataString($"“{Core.Users.Roles.DisplayName(role)}”已恢复默认权限"));
            })
            .RequireAuthorization(Permissions.RoleManage);
    }
}
