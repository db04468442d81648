using Shifan.Core;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Documents.Frameworks;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Frameworks;

public sealed record TreeFilter(int? AreaId = null, string? Method = null, int? UnitId = null, string? Query = null)
{
    public bool IsEmpty => AreaId is null && string.IsNullOrEmpty(Method) && UnitId is null && string.IsNullOrWhiteSpace(Query);
}

public sealed record AssigneeView(int AssignmentId, int UnitId, string UnitName, AssignmentRole Role, DateOnly? Deadline, IReadOnlyList<LiaisonContact> Contacts);

/// <summary>A campaign's framework loaded whole, with who is assigned to each node.</summary>
public sealed class CampaignFramework
{
    public required Framework Framework { get; init; }
    public required IReadOnlyList<Unit> Units { get; init; }
    public required ILookup<int, AssigneeView> Assignees { get; init; }

    public IEnumerable<AssigneeView> Leads(FrameworkNode n) => Assignees[n.Id].Where(a => a.Role == AssignmentRole.Lead);
    public IEnumerable<AssigneeView> Responsible(FrameworkNode n) => Assignees[n.Id].Where(a => a.Role == AssignmentRole.Responsible);

    /// <summary>The nodes shown for a filter: matching assessable nodes with their ancestors.</summary>
    public HashSet<int> Visible(TreeFilter filter)
    {
        var all = Framework.InOrder().ToList();
        if (filter.IsEmpty) return all.Select(n => n.Id).ToHashSet();
        var unitScope = filter.UnitId is int u ? Unit.Subtree(Units.ToList(), u) : null;
        var q = filter.Query?.Trim();
        var matches = all.Where(n => NodeKinds.IsAssessable(n.Kind)
            && (filter.AreaId is null || n.Area?.Id == filter.AreaId)
            && (string.IsNullOrEmpty(filter.Method) || n.Methods.Contains(filter.Method) || (n.Kind == NodeKind.Item && n.Parent!.Methods.Contains(filter.Method)))
            && (unitScope is null || Assignees[n.Id].Any(a => unitScope.Contains(a.UnitId)))
            && (string.IsNullOrEmpty(q) || n.Code == q || n.Text.Contains(q) || n.Title.Contains(q) || n.Materials.Any(m => m.Text.Contains(q))));
        var visible = new HashSet<int>();
        foreach (var m in matches)
        {
            visible.Add(m.Id);
            foreach (var a in m.Ancestors()) visible.Add(a.Id);
        }
        return visible;
    }
}

public sealed record NodeEdit(string? Code, string? Title, string? Text, string? Goal, IReadOnlyList<string>? Methods, string? Explanation, bool? NotApplicable);

public sealed record NewNode(int? ParentId, string Kind, string? Code, string? Title, string? Text);

public sealed record MaterialEdit(int No, string? Text, string? Unit, int? Since, int? MinCount, int? MaxCount, int? MaxChars);

/// <summary>Reading and editing a campaign's indicator tree. Every method checks campaign scope.</summary>
public sealed class FrameworkService(ShifanDbContext db, CampaignAccess access, TimeProvider clock)
{
    private async Task<int> FrameworkIdOf(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        return await db.Campaigns.Where(c => c.Id == campaignId).Select(c => (int?)c.FrameworkId).FirstOrDefaultAsync()
            ?? throw new NotFoundException("创建活动不存在");
    }

    private async Task<Framework> LoadTrackedAsync(int frameworkId) =>
        await db.Frameworks.Include(f => f.Nodes).ThenInclude(n => n.Materials).AsSplitQuery().FirstAsync(f => f.Id == frameworkId);

    public async Task<CampaignFramework> LoadAsync(int campaignId)
    {
        var frameworkId = await FrameworkIdOf(campaignId);
        var framework = await db.Frameworks.AsNoTrackingWithIdentityResolution().Include(f => f.Nodes).ThenInclude(n => n.Materials)
            .AsSplitQuery().FirstAsync(f => f.Id == frameworkId);
        framework.LinkTree();
        var units = await db.Units.AsNoTracking().Include(u => u.Contacts).Where(u => u.CampaignId == campaignId).OrderBy(u => u.SortOrder).ToListAsync();
        var byId = units.ToDictionary(u => u.Id);
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.CampaignId == campaignId).ToListAsync();
        return new CampaignFramework
        {
            Framework = framework,
            Units = units,
            Assignees = assignments.Where(a => byId.ContainsKey(a.UnitId))
                .OrderBy(a => a.Role).ThenBy(a => byId[a.UnitId].SortOrder)
                .ToLookup(a => a.NodeId, a => new AssigneeView(a.Id, a.UnitId, byId[a.UnitId].Name, a.Role, a.Deadline, byId[a.UnitId].Contacts)),
        };
    }

    private async Task<(Framework Framework, FrameworkNode Node)> NodeAsync(int campaignId, int nodeId)
    {
        var framework = await LoadTrackedAsync(await FrameworkIdOf(campaignId));
        var node = framework.Find(nodeId) ?? throw new NotFoundException("指标不存在");
        return (framework, node);
    }

    /// <summary>Edits a node's own fields; returns a Chinese error or null.</summary>
    public async Task<Refusal?> UpdateNodeAsync(int campaignId, int nodeId, NodeEdit edit)
    {
        var (_, node) = await NodeAsync(campaignId, nodeId);
        if (edit.Code is not null) node.Code = edit.Code.Trim();
        if (edit.Title is not null) node.Title = edit.Title.Trim();
        if (edit.Text is not null) node.Text = edit.Text.Trim();
        if (edit.Goal is not null) node.Goal = edit.Goal.Trim().Length == 0 ? null : edit.Goal.Trim();
        if (edit.Methods is not null) node.Methods = EvaluationMethods.Parse(string.Join("、", edit.Methods));
        if (edit.Explanation is not null) node.Explanation = edit.Explanation.Trim().Length == 0 ? null : edit.Explanation.Trim();
        if (edit.NotApplicable is bool na) node.NotApplicable = na;
        if (string.IsNullOrWhiteSpace(node.Title) && node.Text.Length > 0) node.Title = FrameworkNode.TitleFrom(node.Text);
        if (node.Validate() is { } error) return error;
        await db.SaveChangesAsync();
        return null;
    }

    public async Task<(FrameworkNode? Node, Refusal? Error)> AddNodeAsync(int campaignId, NewNode request)
    {
        var framework = await LoadTrackedAsync(await FrameworkIdOf(campaignId));
        if (!NodeKinds.TryParse(request.Kind, out var kind)) return (null, new Refusal("节点类型不正确", "kind"));
        FrameworkNode? parent = null;
        if (request.ParentId is int pid) parent = framework.Find(pid) ?? throw new NotFoundException("上级节点不存在");
        var text = request.Text?.Trim() ?? "";
        var node = new FrameworkNode
        {
            Kind = kind,
            Code = string.IsNullOrWhiteSpace(request.Code) ? "0" : request.Code.Trim(),
            Title = string.IsNullOrWhiteSpace(request.Title) ? FrameworkNode.TitleFrom(text) : request.Title.Trim(),
            Text = text,
        };
        try
        {
            framework.Add(parent, node);
        }
        catch (FrameworkRuleException ex)
        {
            return (null, ex.Refusal);
        }
        if (string.IsNullOrWhiteSpace(request.Code)) framework.Renumber();
        await db.SaveChangesAsync();
        return (node, null);
    }

    public async Task<Refusal?> ShiftAsync(int campaignId, int nodeId, int delta)
    {
        var (framework, node) = await NodeAsync(campaignId, nodeId);
        framework.Shift(node, Math.Sign(delta));
        await db.SaveChangesAsync();
        return null;
    }

    public async Task<Refusal?> MoveAsync(int campaignId, int nodeId, int? newParentId, int position)
    {
        var (framework, node) = await NodeAsync(campaignId, nodeId);
        var parent = newParentId is int p ? framework.Find(p) ?? throw new NotFoundException("目标上级节点不存在") : null;
        try
        {
            framework.Move(node, parent, position);
        }
        catch (FrameworkRuleException ex)
        {
            return new Refusal(ex.Message, "parentId");
        }
        await db.SaveChangesAsync();
        return null;
    }

    public async Task<int> RenumberAsync(int campaignId)
    {
        var framework = await LoadTrackedAsync(await FrameworkIdOf(campaignId));
        var changed = framework.Renumber();
        await db.SaveChangesAsync();
        return changed;
    }

    public async Task<Refusal?> DeleteNodeAsync(int campaignId, int nodeId)
    {
        var (framework, node) = await NodeAsync(campaignId, nodeId);
        var subtree = node.SelfAndDescendants().Select(n => n.Id).ToList();
        if (await db.EvidenceItems.IgnoreQueryFilters().AnyAsync(e => subtree.Contains(e.NodeId)))
            return "该节点下已有佐证材料，不能删除；请先移走或删除材料";
        if (await db.RequirementReviews.IgnoreQueryFilters().AnyAsync(r => subtree.Contains(r.NodeId)))
            return "该节点下已有提交审核的材料，不能删除";
        var removed = framework.Remove(node);
        // Assignments are removed here, not by the database cascade, so the audit trail records them.
        var ids = removed.Select(r => r.Id).ToList();
        db.Assignments.RemoveRange(await db.Assignments.Where(a => ids.Contains(a.NodeId)).ToListAsync());
        // Children first, so the restrict-delete of the parent link is never hit.
        foreach (var r in removed.AsEnumerable().Reverse()) db.FrameworkNodes.Remove(r);
        await db.SaveChangesAsync();
        return null;
    }

    /// <summary>Adds (no = null) or replaces a material requirement; returns a Chinese error or null.</summary>
    public async Task<Refusal?> SaveMaterialAsync(int campaignId, int nodeId, int? materialId, MaterialEdit edit)
    {
        var (_, node) = await NodeAsync(campaignId, nodeId);
        if (!NodeKinds.IsAssessable(node.Kind)) return new Refusal("一级、二级指标不能设置报送材料", "nodeId");
        var m = materialId is int id ? node.Materials.FirstOrDefault(x => x.Id == id) ?? throw new NotFoundException("材料要求不存在") : new MaterialRequirement { Text = "" };
        if (string.IsNullOrWhiteSpace(edit.Text)) return new Refusal("材料内容不能为空", "text");
        m.No = edit.No;
        m.Text = edit.Text.Trim();
        m.Unit = string.IsNullOrWhiteSpace(edit.Unit) ? null : edit.Unit.Trim();
        m.Since = edit.Since;
        m.MinCount = edit.MinCount;
        m.MaxCount = edit.MaxCount;
        m.MaxChars = edit.MaxChars;
        if (m.Validate() is { } error) return error;
        if (node.Materials.Any(x => x != m && x.No == m.No && x.Unit == m.Unit)) return new Refusal($"材料序号{m.No}已存在", "no");
        if (materialId is null) node.Materials.Add(m);
        await db.SaveChangesAsync();
        return null;
    }

    public async Task DeleteMaterialAsync(int campaignId, int nodeId, int materialId)
    {
        var (_, node) = await NodeAsync(campaignId, nodeId);
        var m = node.Materials.FirstOrDefault(x => x.Id == materialId) ?? throw new NotFoundException("材料要求不存在");
        // Its review history is part of the record: a requirement that units have handed material in for stays.
        if (await db.RequirementReviews.IgnoreQueryFilters().AnyAsync(r => r.MaterialRequirementId == materialId))
            throw new Core.RefusedException(new Refusal("已有单位为这项材料要求提交了材料审核，不能删除；可修改其内容", "materialId"));
        db.MaterialRequirements.Remove(m);
        await db.SaveChangesAsync();
    }

    /// <summary>The campaign's framework in the interchange form, with its assigned units and their contacts.</summary>
    public async Task<FrameworkFile> ExportAsync(int campaignId)
    {
        var cf = await LoadAsync(campaignId);
        var campaign = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == campaignId);
        return FrameworkMapping.ToFile(cf.Framework, n =>
        {
            var leads = cf.Leads(n).ToList();
            var responsible = cf.Responsible(n).ToList();
            return new NodeAssignees(
                leads.Select(a => a.UnitName).ToList(),
                responsible.Select(a => a.UnitName).ToList(),
                leads.Where(a => a.Contacts.Count > 0).Select(a => new ContactDto
                {
                    Unit = a.UnitName,
                    Phones = a.Contacts.Where(c => c.Phone is not null).Select(c => c.Phone!).ToList(),
                    Emails = a.Contacts.Where(c => c.Email is not null).Select(c => c.Email!).ToList(),
                }).ToList());
        }, title: $"{campaign.Name}任务分解表");
    }

    /// <summary>What would change if the campaign adopted <paramref name="next"/>.</summary>
    public async Task<List<NodeChange>> DiffAsync(int campaignId, FrameworkFile next)
    {
        var current = (await LoadAsync(campaignId)).Framework;
        var (candidate, _) = FrameworkMapping.ToDomain(next);
        return FrameworkDiff.Compare(current, candidate);
    }

    /// <summary>
    /// Adopts a new version of the campaign's framework. Assignments (with their deadlines), evidence
    /// items and their links to material requirements move to the matching nodes of the new version
    /// (<see cref="FrameworkCarryOver"/>), in one transaction; evidence that matches nothing stays
    /// attached to the old version and is listed as 待重新关联.
    /// </summary>
    public async Task<Adoption> AdoptAsync(int campaignId, FrameworkFile next)
    {
        var current = (await LoadAsync(campaignId)).Framework;
        var campaign = await db.Campaigns.FirstAsync(c => c.Id == campaignId);
        var version = await db.Frameworks.Where(f => f.Name == current.Name).MaxAsync(f => f.Version) + 1;
        var (candidate, _) = FrameworkMapping.ToDomain(next, current.Name, version);
        candidate.CreatedAt = clock.GetUtcNow();
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync() : null;
        db.Frameworks.Add(candidate);
        await db.SaveChangesAsync();
        var carry = FrameworkCarryOver.Map(current, candidate);
        var nodeIds = carry.Nodes.ToDictionary(p => p.Key.Id, p => p.Value.Id);
        var materialIds = carry.Materials.ToDictionary(p => p.Key.Id, p => p.Value.Id);
        var kept = 0;
        var dropped = 0;
        foreach (var a in await db.Assignments.Where(a => a.CampaignId == campaignId).ToListAsync())
        {
            if (nodeIds.TryGetValue(a.NodeId, out var newId)) { a.NodeId = newId; kept++; }
            else { db.Assignments.Remove(a); dropped++; }
        }
        var oldNodeIds = current.Nodes.Select(n => n.Id).ToList();
        var moved = 0;
        var relink = 0;
        // Adoption carries every unit's rows, whoever adopts.
        foreach (var item in await db.EvidenceItems.IgnoreQueryFilters().Include(i => i.Links).Where(i => i.CampaignId == campaignId && oldNodeIds.Contains(i.NodeId)).ToListAsync())
        {
            var whole = nodeIds.TryGetValue(item.NodeId, out var newNode);
            if (whole) item.NodeId = newNode;
            foreach (var link in item.Links)
            {
                if (materialIds.TryGetValue(link.MaterialRequirementId, out var newRequirement)) link.MaterialRequirementId = newRequirement;
                else whole = false;
            }
            if (item.DeletedAt is not null) continue;
            if (whole) moved++; else relink++;
        }
        // Review states and their history follow the material to the matching requirement; a review whose
        // requirement has no match stays on the old one and its material appears under 待重新关联.
        foreach (var review in await db.RequirementReviews.IgnoreQueryFilters().Where(r => r.CampaignId == campaignId).ToListAsync())
            if (materialIds.TryGetValue(review.MaterialRequirementId, out var newRequirement) && nodeIds.TryGetValue(review.NodeId, out var newNode))
                (review.MaterialRequirementId, review.NodeId) = (newRequirement, newNode);
        // Self-assessment follows its indicator: ratings, figures and problems move to the matching node, and a
        // weight the office set stays unless the new document gives its own.
        foreach (var rating in await db.IndicatorRatings.Where(r => r.CampaignId == campaignId).ToListAsync())
            if (nodeIds.TryGetValue(rating.NodeId, out var newNode)) rating.NodeId = newNode;
        foreach (var figure in await db.ThresholdFigures.Where(f => f.CampaignId == campaignId).ToListAsync())
            if (nodeIds.TryGetValue(figure.NodeId, out var newNode)) figure.NodeId = newNode;
        foreach (var problem in await db.Problems.IgnoreQueryFilters().Where(p => p.CampaignId == campaignId && p.NodeId != null).ToListAsync())
            if (nodeIds.TryGetValue(problem.NodeId!.Value, out var newNode)) problem.NodeId = newNode;
        foreach (var (old, successor) in carry.Nodes)
            if (successor.Weight is null && old.Weight is not null) successor.Weight = old.Weight;
        campaign.FrameworkId = candidate.Id;
        await db.SaveChangesAsync();
        if (tx is not null) await tx.CommitAsync();
        return new Adoption(version, kept, dropped, moved, relink);
    }

    /// <summary>
    /// The node of the campaign's current framework that continues <paramref name="nodeId"/> of an
    /// earlier version, so that old addresses keep opening the same indicator; null when none does.
    /// </summary>
    public async Task<int?> SuccessorAsync(int campaignId, int nodeId)
    {
        var current = (await LoadAsync(campaignId)).Framework;
        if (current.Find(nodeId) is not null) return nodeId;
        var oldFrameworkId = await db.FrameworkNodes.Where(n => n.Id == nodeId).Select(n => (int?)n.FrameworkId).FirstOrDefaultAsync();
        if (oldFrameworkId is not int fid) return null;
        var old = await db.Frameworks.AsNoTrackingWithIdentityResolution().Include(f => f.Nodes).ThenInclude(n => n.Materials)
            .AsSplitQuery().FirstAsync(f => f.Id == fid);
        if (old.Name != current.Name) return null;
        old.LinkTree();
        return FrameworkCarryOver.Map(old, current).NodeFor(old.Find(nodeId)!)?.Id;
    }

    /// <summary>What adopting <paramref name="next"/> would do to the campaign's evidence, without changing anything.</summary>
    public async Task<CarryOverPreview> PreviewCarryOverAsync(int campaignId, FrameworkFile next)
    {
        var loaded = await LoadAsync(campaignId);
        var current = loaded.Framework;
        var (candidate, _) = FrameworkMapping.ToDomain(next, current.Name);
        var carry = FrameworkCarryOver.Map(current, candidate);
        var assignments = new List<AssignmentCarry>();
        foreach (var node in current.InOrder())
        {
            var units = loaded.Assignees[node.Id].Select(a => a.Role == AssignmentRole.Lead ? $"{a.UnitName}（牵头）" : $"{a.UnitName}（责任）").ToList();
            if (units.Count == 0) continue;
            var match = carry.MatchFor(node);
            assignments.Add(new AssignmentCarry(node.Label, match?.New.Label, match?.Reason, match?.Similarity, units));
        }
        var nodes = current.Nodes.ToDictionary(n => n.Id);
        var requirements = current.Nodes.SelectMany(n => n.Materials).ToDictionary(m => m.Id);
        var items = await db.EvidenceItems.IgnoreQueryFilters().AsNoTracking().Include(i => i.Links)
            .Where(i => i.CampaignId == campaignId && i.DeletedAt == null && nodes.Keys.Contains(i.NodeId))
            .Select(i => new { i.Id, i.Title, i.NodeId, Links = i.Links.Select(l => l.MaterialRequirementId).ToList() }).ToListAsync();
        var moving = 0;
        var relink = new List<RelinkCandidate>();
        foreach (var i in items)
        {
            var node = nodes[i.NodeId];
            var whole = carry.NodeFor(node) is not null
                && i.Links.All(l => requirements.TryGetValue(l, out var m) && carry.MaterialFor(m) is not null);
            if (whole) moving++;
            else relink.Add(new RelinkCandidate(i.Id, i.Title, node.Label));
        }
        return new CarryOverPreview(moving, relink, assignments);
    }
}
