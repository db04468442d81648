using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Organisations;

public static class OrganisationEndpoints
{
    public static void MapOrganisationEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/organisations", "组织机构");
        api.MapGet("/", (OrganisationService s) => s.TreeAsync())
            .RequireAuthorization(Permissions.OrganisationManage).WithName("ListOrganisations").WithSummary("组织机构树（按层级顺序，含路径与使用情况）");
        api.MapPost("/", async (OrganisationEdit edit, OrganisationService s) =>
            {
                var created = await s.CreateAsync(edit);
                return TypedResults.Created($"/api/organisations/{created.Id}", new { created.Id, created.Name });
            })
            .RequireAuthorization(Permissions.OrganisationManage).WithName("CreateOrganisation").WithSummary("新增组织（kind：Province 省、City 市、County 县区、Department 部门、Township 乡镇、OutsideBody 其他机关）");
        api.MapPut("/{organisationId:int}", async (int organisationId, OrganisationEdit edit, OrganisationService s) =>
            {
                await s.UpdateAsync(organisationId, edit);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.OrganisationManage).WithName("UpdateOrganisation").WithSummary("修改组织名称、类别或上级（不能移到自己的下级之下）");
        api.MapDelete("/{organisationId:int}", async (int organisationId, OrganisationService s) =>
            {
                await s.DeleteAsync(organisationId);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.OrganisationManage).WithName("DeleteOrganisation").WithSummary("删除未被使用的组织");
    }
}
