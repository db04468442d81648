using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Units;

public static class UnitEndpoints
{
    public static void MapUnitEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}/units", "单位");
        api.MapGet("/", (int campaignId, string? q, int? page, int? pageSize, UnitService s) => s.ListAsync(campaignId, q, page ?? 1, pageSize ?? 20))
            .RequireAuthorization(Permissions.UnitRead).WithName("ListUnits").WithSummary("单位列表（分页），含联络人和承担指标数");
        api.MapGet("/{unitId:int}", async (int campaignId, int unitId, UnitService s) =>
            {
                var u = await s.GetAsync(campaignId, unitId);
                return TypedResults.Ok(new { u.Id, u.Name, kind = u.Kind.ToString(), u.ParentId, contacts = u.Contacts.Select(c => new { c.Id, c.Name, c.Phone, c.Email, c.IsPrimary }) });
            })
            .RequireAuthorization(Permissions.UnitRead).WithName("GetUnit").WithSummary("单位详情与联络人");
        api.MapPost("/", async (int campaignId, UnitEdit edit, UnitService s) =>
            {
                if (string.IsNullOrWhiteSpace(edit.Name)) throw Refuse.Field("name", "单位名称不能为空");
                var (unit, error) = await s.CreateAsync(campaignId, edit);
                Refuse.IfAny(error);
                return TypedResults.Created($"/api/campaigns/{campaignId}/units/{unit!.Id}", new { unit.Id, unit.Name });
            })
            .RequireAuthorization(Permissions.UnitEdit).WithName("CreateUnit").WithSummary("新增单位");
        api.MapPut("/{unitId:int}", async (int campaignId, int unitId, UnitEdit edit, UnitService s) =>
            { Refuse.IfAny(await s.UpdateAsync(campaignId, unitId, edit)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.UnitEdit).WithName("UpdateUnit").WithSummary("修改单位名称、上级、类型");
        api.MapDelete("/{unitId:int}", async (int campaignId, int unitId, UnitService s) =>
            { Refuse.IfAny(await s.DeleteAsync(campaignId, unitId)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.UnitEdit).WithName("DeleteUnit").WithSummary("删除单位（无下级、无分工、无账号时）");
        api.MapPost("/{unitId:int}/contacts", async (int campaignId, int unitId, ContactEdit edit, UnitService s) =>
            { Refuse.IfAny(await s.AddContactAsync(campaignId, unitId, edit)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.UnitContactEdit).WithName("AddContact").WithSummary("新增联络人（单位负责人限本单位及下级）");
        api.MapDelete("/{unitId:int}/contacts/{contactId:int}", async (int campaignId, int unitId, int contactId, UnitService s) =>
            { await s.DeleteContactAsync(campaignId, unitId, contactId); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.UnitContactEdit).WithName("DeleteContact").WithSummary("删除联络人");
    }
}
