using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Account;

/// <summary>The QR code of a pending enrolment (an image from our own origin, so the page needs no script) and the admin's reset.</summary>
public static class SecondFactorEndpoints
{
    public const string EnrolPage = "/account/second-factor";

    public static void MapSecondFactorEndpoints(this WebApplication app)
    {
        app.MapGet(EnrolPage + "/qr", QrAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapApi("/users", "用户与会话").MapPost("/{userId:int}/reset-second-factor", async (int userId, ClaimsPrincipal me, SecondFactorService s) =>
            {
                await s.ResetAsync(userId, me.Identity!.Name!);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.UserManage).WithName("ResetSecondFactor")
            .WithSummary("重置用户的双因素认证（手机丢失时）：清除密钥与恢复码并结束其会话，须使用时下次登录重新启用");
    }

    private static async Task<FileContentHttpResult> QrAsync(ClaimsPrincipal me, ShifanDbContext db, SecondFactorService secondFactor, HttpContext context)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == me.Identity!.Name);
        if (user is null || secondFactor.PendingUri(user) is not { } uri) throw new Campaigns.NotFoundException("没有待启用的双因素认证");
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCoder.QRCodeGenerator.ECCLevel.M);
        var png = new QRCoder.PngByteQRCode(data).GetGraphic(6);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(png, "image/png");
    }
}
