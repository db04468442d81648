using Microsoft.AspNetCore.Http.HttpResults;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Bulletins;

/// <summary>The 督导通报 API: list, generate a draft for a period, edit, publish (number, archive, notify) and the .docx.</summary>
public static class BulletinEndpoints
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static void MapBulletinEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}/bulletins", "督导通报");
        api.MapGet("/", (int campaignId, BulletinService s) => s.ListAsync(campaignId))
            .RequireAuthorization(Permissions.BulletinView).WithName("ListBulletins").WithSummary("督导通报列表（新的在前）");
        api.MapPost("/", async (int campaignId, GenerateInput input, BulletinService s) =>
            {
                var b = await s.GenerateAsync(campaignId, input.PeriodId);
                return TypedResults.Created($"/api/campaigns/{campaignId}/bulletins/{b.Id}", b);
            })
            .RequireAuthorization(Permissions.BulletinEdit).WithName("GenerateBulletin").WithSummary("按报送期的看板数据和排名生成通报草稿（periodId 缺省为最近到期的月份）");
        api.MapGet("/{bulletinId:int}", (int campaignId, int bulletinId, BulletinService s) => s.GetAsync(campaignId, bulletinId))
            .RequireAuthorization(Permissions.BulletinView).WithName("GetBulletin").WithSummary("通报内容");
        api.MapPut("/{bulletinId:int}", (int campaignId, int bulletinId, BulletinInput input, BulletinService s) => s.SaveAsync(campaignId, bulletinId, input))
            .RequireAuthorization(Permissions.BulletinEdit).WithName("SaveBulletin").WithSummary("修改通报草稿（已印发的通报不能修改）");
        api.MapPost("/{bulletinId:int}/publish", (int campaignId, int bulletinId, BulletinService s) => s.PublishAsync(campaignId, bulletinId))
            .RequireAuthorization(Permissions.BulletinEdit).WithName("PublishBulletin").WithSummary("印发：编号〔年份〕N号、存档 Word 文件并通知各单位");
        api.MapGet("/{bulletinId:int}/docx", (int campaignId, int bulletinId, BulletinService s) => FileAsync(campaignId, bulletinId, s))
            .RequireAuthorization(Permissions.BulletinView).ProducesFile(false, Docx).WithName("BulletinDocx").WithSummary("通报 Word 文件（GB/T 9704-2012 版式；已印发的为存档件）");

        app.MapGroup("/campaigns/{campaignId:int}/bulletins").ExcludeFromDescription()
            .MapGet("/{bulletinId:int}/docx", (int campaignId, int bulletinId, BulletinService s) => FileAsync(campaignId, bulletinId, s))
            .RequireAuthorization(Permissions.BulletinView);
    }

    private static async Task<FileContentHttpResult> FileAsync(int campaignId, int bulletinId, BulletinService s)
    {
        var (bytes, name) = await s.DocxAsync(campaignId, bulletinId);
        return TypedResults.File(bytes, Docx, name);
    }
}
