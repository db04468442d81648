using Shifan.Core;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Assignments;

public sealed record AssignmentView(int Id, int NodeId, string NodeCode, string NodeTitle, int UnitId, string UnitName, string Role, DateOnly? Deadline);

public sealed record AssignRequest(int NodeId, int UnitId, string Role, int? StageId, DateOnly? Deadline);

public sealed class AssignmentService(ShifanDbContext db, CampaignAccess access)
{
    private void Scope(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
    }

    public async Task<List<AssignmentView>> ListAsync(int campaignId, int? unitId = null, int? nodeId = null)
    {
        Scope(campaignId);
        var query = from a in db.Assignments.AsNoTracking()
                    join n in db.FrameworkNodes on a.NodeId equals n.Id
                    join u in db.Units on a.UnitId equals u.Id
                    where a.CampaignId == campaignId && (unitId == null || a.UnitId == unitId) && (nodeId == null || a.NodeId == nodeId)
                    orderby n.FrameworkId, n.Id
                    select new { a, n.Code, n.Title, u.Name };
        return (await query.ToListAsync())
            .Select(x => new AssignmentView(x.a.Id, x.a.NodeId, x.Code, x.Title, x.a.UnitId, x.Name, x.a.Role == AssignmentRole.Lead ? "lead" : "responsible", x.a.Deadline))
            .ToList();
    }

    public static bool TryRole(string? role, out AssignmentRole value)
    {
        value = AssignmentRole.Lead;
        switch (role?.Trim().ToLowerInvariant())
        {
            case "lead" or "牵头": value = AssignmentRole.Lead; return true;
            case "responsible" or "责任": value = AssignmentRole.Responsible; return true;
            default: return false;
        }
    }

    public async Task<(Assignment? Assignment, Refusal? Error)> AssignAsync(int campaignId, AssignRequest request)
    {
        Scope(campaignId);
        if (!TryRole(request.Role, out var role)) return (null, new Refusal("分工角色须为 lead（牵头）或 responsible（责任）", "role"));
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => (int?)c.FrameworkId).FirstOrDefaultAsync() ?? throw new NotFoundException("创建活动不存在");
        var node = await db.FrameworkNodes.FirstOrDefaultAsync(n => n.Id == request.NodeId && n.FrameworkId == frameworkId);
        if (node is null) return (null, new Refusal("指标不存在", "nodeId"));
        if (!NodeKinds.IsAssessable(node.Kind)) return (null, new Refusal("只能给三级指标、子项和附加项分配单位", "nodeId"));
        if (!await db.Units.AnyAsync(u => u.Id == request.UnitId && u.CampaignId == campaignId)) return (null, new Refusal("单位不存在", "unitId"));
        if (request.StageId is int s && !await db.CampaignStages.AnyAsync(x => x.Id == s && x.CampaignId == campaignId)) return (null, new Refusal("阶段不存在", "stageId"));
        var existing = await db.Assignments.FirstOrDefaultAsync(a => a.CampaignId == campaignId && a.NodeId == request.NodeId && a.UnitId == request.UnitId);
        if (existing is not null)
        {
            // One unit holds one role per indicator: reassigning changes the role.
            existing.Role = role;
            existing.StageId = request.StageId;
            existing.Deadline = request.Deadline;
            await db.SaveChangesAsync();
            return (existing, null);
        }
        var a = new Assignment { CampaignId = campaignId, NodeId = request.NodeId, UnitId = request.UnitId, Role = role, StageId = request.StageId, Deadline = request.Deadline };
        db.Assignments.Add(a);
        await db.SaveChangesAsync();
        return (a, null);
    }

    public async Task RemoveAsync(int campaignId, int assignmentId)
    {
        Scope(campaignId);
        var a = await db.Assignments.FirstOrDefaultAsync(x => x.Id == assignmentId && x.CampaignId == campaignId) ?? throw new NotFoundException("分工不存在");
        db.Assignments.Remove(a);
        await db.SaveChangesAsync();
    }
}
