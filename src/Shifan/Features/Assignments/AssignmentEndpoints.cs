using Shifan.Core;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Assignments;

public static class AssignmentEndpoints
{
    public static void MapAssignmentEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}/assignments", "任务分工");
        api.MapGet("/", (int campaignId, int? unitId, int? nodeId, AssignmentService s) => s.ListAsync(campaignId, unitId, nodeId))
            .RequireAuthorization(Permissions.AssignmentRead).WithName("ListAssignments").WithSummary("分工列表，可按单位或指标筛选");
        api.MapPost("/", async (int campaignId, AssignRequest request, AssignmentService s) =>
            {
                if (string.IsNullOrWhiteSpace(request.Role)) throw Refuse.Field("role", "请指定分工角色（lead 或 responsible）");
                var (a, error) = await s.AssignAsync(campaignId, request);
                Refuse.IfAny(error);
                return TypedResults.Created($"/api/campaigns/{campaignId}/assignments/{a!.Id}", new { a.Id });
            })
            .RequireAuthorization(Permissions.AssignmentEdit).WithName("Assign").WithSummary("把指标分配给单位（牵头/责任）");
        api.MapDelete("/{assignmentId:int}", async (int campaignId, int assignmentId, AssignmentService s) =>
            { await s.RemoveAsync(campaignId, assignmentId); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.AssignmentEdit).WithName("Unassign").WithSummary("取消分工");
    }
}
