using Microsoft.AspNetCore.Http.HttpResults;
using Shifan.Core;
using Shifan.Core.Frameworks;
using Shifan.Core.Users;
using Shifan.Documents.Export;
using Shifan.Documents.Frameworks;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Frameworks;

public sealed record NodeSummary(int Id, int? ParentId, string Kind, string Code, string Title, IReadOnlyList<string> Methods, int MaterialCount,
    IReadOnlyList<string> LeadUnits, IReadOnlyList<string> ResponsibleUnits, bool NotApplicable);

public sealed record MaterialView(int Id, int No, string Text, string? Unit, int? Since, int? MinCount, int? MaxCount, int? MaxChars);

public sealed record ContactView(string Name, string? Phone, string? Email);

public sealed record AssigneeDto(int AssignmentId, int UnitId, string UnitName, string Role, DateOnly? Deadline, IReadOnlyList<ContactView> Contacts);

public sealed record NodeDetail(int Id, int? ParentId, string Kind, string Code, string Title, string Text, string? Goal, IReadOnlyList<string> Methods,
    IReadOnlyList<MaterialView> Materials, string? Explanation, bool NotApplicable, IReadOnlyList<AssigneeDto> Assignees, IReadOnlyList<NodeSummary> Children);

public sealed record MoveRequest(int? ParentId, int? Position, int? Delta);

public sealed record NodeCreated(int Id, string Code);

public sealed record Renumbered(int Changed);

/// <summary>One difference from a new version: kind added/removed/changed, the node's key and label, the fields that differ.</summary>
public sealed record FrameworkChangeView(string Kind, string Key, string Label, IReadOnlyList<string> Fields);

/// <summary>What adopting a new version did: its number, assignments kept and dropped, evidence moved and left to re-link.</summary>
public sealed record AdoptionView(int Version, int Kept, int Dropped, int EvidenceMoved, int EvidenceToRelink);

public static class FrameworkEndpoints
{
    public static void MapFrameworkEndpoints(this WebApplication app)
    {
        app.MapGet("/campaigns/{campaignId:int}/framework/export", async (int campaignId, string? format, FrameworkService s) =>
            {
                var ext = FrameworkWriters.Formats.Contains(format) ? format! : "xlsx";
                var file = await s.ExportAsync(campaignId);
                var stream = new MemoryStream();
                FrameworkWriters.Write(file, ext, stream);
                stream.Position = 0;
                return TypedResults.File(stream, FrameworkWriters.ContentType(ext), $"{file.Title}.{ext}");
            })
            .RequireAuthorization(Permissions.FrameworkExport).ExcludeFromDescription();
        var api = app.MapApi("/campaigns/{campaignId:int}", "指标体系");
        api.MapGet("/framework", async (int campaignId, FrameworkService s) => TypedResults.Text(FrameworkJson.Write(await s.ExportAsync(campaignId)), "application/json; charset=utf-8"))
            .Produces<FrameworkFile>(contentType: "application/json").RequireAuthorization(Permissions.FrameworkRead).WithName("GetFramework").WithSummary("指标体系交换格式（shifan.framework/1）");
        api.MapGet("/indicators", Indicators)
            .RequireAuthorization(Permissions.FrameworkRead).WithName("ListIndicators").WithSummary("按一级指标、测评方法、单位、关键词筛选指标");
        api.MapGet("/nodes/{nodeId:int}", async (int campaignId, int nodeId, FrameworkService s) => Detail(await s.LoadAsync(campaignId), nodeId))
            .RequireAuthorization(Permissions.FrameworkRead).WithName("GetNode").WithSummary("一项指标：内容、测评方法、材料、牵头与责任单位");
        api.MapPost("/nodes", async (int campaignId, NewNode request, FrameworkService s) =>
            {
                if (string.IsNullOrWhiteSpace(request.Kind)) throw Refuse.Field("kind", "请指定节点类型");
                var (node, error) = await s.AddNodeAsync(campaignId, request);
                Refuse.IfAny(error);
                return TypedResults.Created($"/api/campaigns/{campaignId}/nodes/{node!.Id}", new NodeCreated(node.Id, node.Code));
            })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("AddNode").WithSummary("新增节点");
        api.MapPut("/nodes/{nodeId:int}", async (int campaignId, int nodeId, NodeEdit edit, FrameworkService s) =>
            { Refuse.IfAny(await s.UpdateNodeAsync(campaignId, nodeId, edit)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("UpdateNode").WithSummary("修改节点内容");
        api.MapDelete("/nodes/{nodeId:int}", async (int campaignId, int nodeId, FrameworkService s) =>
            { Refuse.IfAny(await s.DeleteNodeAsync(campaignId, nodeId)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("DeleteNode").WithSummary("删除节点及其下级");
        api.MapPost("/nodes/{nodeId:int}/move", async (int campaignId, int nodeId, MoveRequest m, FrameworkService s) =>
            {
                var error = m.Delta is int d ? await s.ShiftAsync(campaignId, nodeId, d) : await s.MoveAsync(campaignId, nodeId, m.ParentId, (m.Position ?? 1) - 1);
                Refuse.IfAny(error);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("MoveNode").WithSummary("上移/下移（delta），或移到新的上级（parentId, position 从1起）");
        api.MapPost("/framework/renumber", async (int campaignId, FrameworkService s) => TypedResults.Ok(new Renumbered(await s.RenumberAsync(campaignId))))
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("Renumber").WithSummary("按顺序重新编号");
        api.MapPost("/nodes/{nodeId:int}/materials", async (int campaignId, int nodeId, MaterialEdit m, FrameworkService s) =>
            { Refuse.IfAny(await s.SaveMaterialAsync(campaignId, nodeId, null, m)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("AddMaterial").WithSummary("新增报送材料要求");
        api.MapPut("/nodes/{nodeId:int}/materials/{materialId:int}", async (int campaignId, int nodeId, int materialId, MaterialEdit m, FrameworkService s) =>
            { Refuse.IfAny(await s.SaveMaterialAsync(campaignId, nodeId, materialId, m)); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("UpdateMaterial").WithSummary("修改报送材料要求");
        api.MapDelete("/nodes/{nodeId:int}/materials/{materialId:int}", async (int campaignId, int nodeId, int materialId, FrameworkService s) =>
            { await s.DeleteMaterialAsync(campaignId, nodeId, materialId); return TypedResults.NoContent(); })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("DeleteMaterial").WithSummary("删除报送材料要求");
        api.MapPost("/framework/diff", async (int campaignId, HttpRequest request, FrameworkService s, CampaignAccess access) =>
            {
                if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
                var changes = await s.DiffAsync(campaignId, await ReadFrameworkBody(request));
                return TypedResults.Ok(changes.Select(c => new FrameworkChangeView(c.Kind.ToString().ToLowerInvariant(), c.Key, c.Label, c.Fields)).ToList());
            })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("DiffFramework").WithSummary("与新版本指标体系比较（请求体为交换格式JSON）");
        api.MapPost("/framework/adopt", async (int campaignId, HttpRequest request, FrameworkService s, CampaignAccess access) =>
            {
                if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
                var adoption = await s.AdoptAsync(campaignId, await ReadFrameworkBody(request));
                return TypedResults.Ok(new AdoptionView(adoption.Version, adoption.AssignmentsKept, adoption.AssignmentsDropped, adoption.EvidenceMoved, adoption.EvidenceToRelink));
            })
            .RequireAuthorization(Permissions.FrameworkEdit).WithName("AdoptFramework").WithSummary("采用新版本指标体系，分工、佐证材料及其关联随匹配的指标迁移");
    }

    /// <summary>The request body in the exchange format; a body that is not one is refused naming "body".</summary>
    private static async Task<FrameworkFile> ReadFrameworkBody(HttpRequest request)
    {
        try
        {
            return await FrameworkJson.ReadAsync(request.Body, request.HttpContext.RequestAborted);
        }
        catch (DocumentReadException ex)
        {
            // The reader (Shifan.Documents) does not know which input it read; here it is the request body.
            throw Refuse.Field("body", ex.Message);
        }
    }

    private static async Task<Ok<List<NodeSummary>>> Indicators(int campaignId, int? area, string? method, int? unit, string? q, FrameworkService s)
    {
        var cf = await s.LoadAsync(campaignId);
        var visible = cf.Visible(new TreeFilter(area, method, unit, q));
        return TypedResults.Ok(cf.Framework.InOrder().Where(n => visible.Contains(n.Id)).Select(n => Summary(cf, n)).ToList());
    }

    public static NodeSummary Summary(CampaignFramework cf, FrameworkNode n) => new(
        n.Id, n.Parent?.Id, NodeKinds.ToJson(n.Kind), n.Code, n.Title, n.Methods, n.Materials.Count,
        cf.Leads(n).Select(a => a.UnitName).ToList(), cf.Responsible(n).Select(a => a.UnitName).ToList(), n.NotApplicable);

    private static Ok<NodeDetail> Detail(CampaignFramework cf, int nodeId)
    {
        var n = cf.Framework.Find(nodeId) ?? throw new NotFoundException("指标不存在");
        return TypedResults.Ok(new NodeDetail(n.Id, n.Parent?.Id, NodeKinds.ToJson(n.Kind), n.Code, n.Title, n.Text, n.Goal, n.Methods,
            n.Materials.OrderBy(m => m.No).Select(m => new MaterialView(m.Id, m.No, m.Text, m.Unit, m.Since, m.MinCount, m.MaxCount, m.MaxChars)).ToList(),
            n.Explanation, n.NotApplicable,
            cf.Assignees[n.Id].Select(a => new AssigneeDto(a.AssignmentId, a.UnitId, a.UnitName, a.Role == Core.Assignments.AssignmentRole.Lead ? "lead" : "responsible", a.Deadline,
                a.Contacts.Select(c => new ContactView(c.Name, c.Phone, c.Email)).ToList())).ToList(),
            n.OrderedChildren.Select(c => Summary(cf, c)).ToList()));
    }
}
