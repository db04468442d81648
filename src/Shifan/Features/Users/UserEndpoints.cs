using Shifan.Core;
using System.Security.Claims;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Users;

public static class UserEndpoints
{
    public static void MapUserEndpoints(this WebApplication app)
    {
        var users = app.MapApi("/users", "用户与会话");
        users.MapGet("/", (string? q, int? page, int? pageSize, UserService s) => s.ListAsync(q, page ?? 1, pageSize ?? 20))
            .RequireAuthorization(Permissions.UserManage).WithName("ListUsers").WithSummary("用户列表");
        users.MapPost("/", async (NewUser request, UserService s) =>
            {
                if (string.IsNullOrWhiteSpace(request.UserName)) throw Refuse.Field("userName", "请输入用户名");
                if (string.IsNullOrWhiteSpace(request.Role)) throw Refuse.Field("role", "请选择角色");
                var (user, password, error) = await s.CreateAsync(request);
                Refuse.IfAny(error);
                return TypedResults.Created($"/api/users/{user!.Id}", new { user.Id, user.UserName, oneTimePassword = request.Password is null ? password : null });
            })
            .RequireAuthorization(Permissions.UserManage).WithName("CreateUser").WithSummary("新增用户（返回一次性密码）");
        users.MapPut("/{userId:int}", async (int userId, UserEdit edit, ClaimsPrincipal me, UserService s) =>
            { Refuse.IfAny(await s.UpdateAsync(userId, edit, me.Identity!.Name!)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.UserManage).WithName("UpdateUser").WithSummary("修改角色、单位、邮箱、停用/启用");
        users.MapPost("/{userId:int}/reset-password", async (int userId, ClaimsPrincipal me, UserService s) =>
                TypedResults.Ok(new { oneTimePassword = await s.ResetPasswordAsync(userId, me.Identity!.Name!) }))
            .RequireAuthorization(Permissions.UserManage).WithName("ResetPassword").WithSummary("重置为一次性密码并解除锁定");

        var sessions = app.MapApi("/sessions", "用户与会话");
        sessions.MapGet("/", (SessionRegistry s) => s.ActiveAsync())
            .RequireAuthorization(Permissions.SessionManage).WithName("ListSessions").WithSummary("在线会话");
        sessions.MapDelete("/{sessionId}", async (string sessionId, ClaimsPrincipal me, SessionRegistry s) =>
                await s.RevokeAsync(sessionId, me.Identity!.Name!) ? TypedResults.NoContent() : throw new NotFoundException("会话不存在或已结束"))
            .RequireAuthorization(Permissions.SessionManage).WithName("RevokeSession").WithSummary("强制下线");
        app.MapApi("/logins", "用户与会话").MapGet("/", async (int? page, Infrastructure.Persistence.ShifanDbContext db) =>
            {
                var p = Math.Max(1, page ?? 1);
                return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                    db.LoginRecords.OrderByDescending(r => r.Id).Skip((p - 1) * 50).Take(50));
            })
            .RequireAuthorization(Permissions.SessionManage).WithName("LoginLog").WithSummary("登录日志（谁、何时、从哪里、成功与否）");
    }
}
