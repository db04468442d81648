using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Assignments;
using Shifan.Core.Campaigns;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Reviews;
using Shifan.Core.Units;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Reviews;

public sealed record ReviewLine(int Id, int NodeId, string NodeLabel, int RequirementId, int RequirementNo, string RequirementText,
    int UnitId, string UnitName, string State, string StateName, bool AwaitsLead, DateTimeOffset UpdatedAt,
    string? ReturnReason, string? ReturnComment, string? ReopenedBecause);

public sealed record ReviewRoundView(string Action, string ActionName, string Actor, string? ActorUnit, DateTimeOffset At, string? Reason, string? Comment, int ItemCount);

/// <summary>One piece of material as the reviewer sees it: the version handed in, ready to preview.</summary>
public sealed record ReviewMaterial(int ItemId, string Title, string KindName, int? VersionNo, string? FileName, string? DetectedType, long? Size, string? Sha256,
    string? Text, bool Classified, string? KeptAt, string? SourceUrl, int? Year)
{
    public bool Previewable => DetectedType is "pdf" or "png" or "jpg" or "gif";
}

public sealed record ReviewDetail(ReviewLine Line, string NodeText, IReadOnlyList<ReviewMaterial> Material, IReadOnlyList<CheckFinding> Findings,
    IReadOnlyList<ReviewRoundView> History, bool MayDecide, bool AsLead, string? WhyNot, int? NextId);

public sealed record SubmissionLine(int RequirementId, int No, string Text, int ItemCount, string StateName, bool WillSubmit,
    IReadOnlyList<CheckFinding> Findings, string? ReturnReason, string? ReturnComment, string? ReopenedBecause);

public sealed record SubmissionPreview(int NodeId, string NodeLabel, int UnitId, string UnitName, IReadOnlyList<SubmissionLine> Lines)
{
    public int ToSubmit => Lines.Count(l => l.WillSubmit);
    public int Flagged => Lines.Where(l => l.WillSubmit).Sum(l => l.Findings.Count);
}

public sealed record SubmissionResult(int Submitted, IReadOnlyList<int> ReviewIds, int Flagged);

public sealed record StandingCounts(int Approved, int Pending, int Returned, int NotSubmitted)
{
    public int Total => Approved + Pending + Returned + NotSubmitted;
    public double ApprovedShare => Total == 0 ? 1 : Approved / (double)Total;
}

public sealed record ReasonView(int Id, string Name, bool NeedsComment, bool Active);

public sealed record BulkResult(int Approved, IReadOnlyList<string> Skipped);

/// <summary>
/// The review loop of material requirements (需报送材料): a unit hands in its material explicitly, the
/// lead unit looks at what its responsible units handed in, the office approves or returns with a
/// reason. Each decision pins the versions it rested on; every step is kept as history.
/// </summary>
public sealed class ReviewService(ShifanDbContext db, CampaignAccess access, TimeProvider clock, ReviewNotices notices, StampedCache kept)
{
    private bool IsOffice => access.IsAdmin || access.Role == Roles.Office;

    private readonly Dictionary<int, Campaign> campaignsRead = [];

    private async Task<Campaign> CampaignAsync(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        // Read once per request (a page asks the totals, the queue and its count, each checking the campaign first).
        if (campaignsRead.TryGetValue(campaignId, out var known)) return known;
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId) ?? throw new NotFoundException("创建活动不存在");
        campaignsRead[campaignId] = campaign;
        return campaign;
    }

    /// <summary>Reading review states is reading material: it needs evidence:item:read, whatever surface asks.</summary>
    private async Task<Campaign> ReadableAsync(int campaignId)
    {
        var campaign = await CampaignAsync(campaignId);
        if (!access.Has(Permissions.EvidenceRead)) throw new ForbiddenException("没有查看佐证材料的权限");
        return campaign;
    }

    private Task<HashSet<int>?> VisibleUnitsAsync(int campaignId) => access.VisibleUnitsAsync(db, campaignId);

    /// <summary>Nodes the caller's unit leads (牵头), directly or through the group above them.</summary>
    private async Task<HashSet<int>> LedNodesAsync(int campaignId)
    {
        // Asked several times per request (scope, level, queue): read once per campaign.
        if (ledNodes is { } known && known.Campaign == campaignId) return known.Nodes;
        var nodes = await ReadLedNodesAsync(campaignId);
        ledNodes = (campaignId, nodes);
        return nodes;
    }

    private (int Campaign, HashSet<int> Nodes)? ledNodes;

    private async Task<HashSet<int>> ReadLedNodesAsync(int campaignId)
    {
        if (access.UnitId is not int own) return [];
        var direct = await db.Assignments.Where(a => a.CampaignId == campaignId && a.UnitId == own && a.Role == AssignmentRole.Lead).Select(a => a.NodeId).ToListAsync();
        var below = await db.FrameworkNodes.Where(n => n.ParentId != null && direct.Contains(n.ParentId.Value)).Select(n => n.Id).ToListAsync();
        return [.. direct, .. below];
    }

    /// <summary>Units assigned to a node (on it or the group above it), lead units first.</summary>
    private Task<List<Assignment>> AssigneesAsync(int campaignId, FrameworkNode node) =>
        db.Assignments.AsNoTracking().Where(a => a.CampaignId == campaignId && (a.NodeId == node.Id || a.NodeId == node.ParentId))
            .OrderBy(a => a.Role).ToListAsync();

    private async Task<FrameworkNode> NodeAsync(Campaign campaign, int nodeId) =>
        await db.FrameworkNodes.AsNoTracking().Include(n => n.Materials).FirstOrDefaultAsync(n => n.Id == nodeId && n.FrameworkId == campaign.FrameworkId)
        ?? throw new NotFoundException("指标不存在");

    private async Task<List<EvidenceItem>> MaterialOfAsync(int campaignId, int unitId, IReadOnlyCollection<int> requirementIds) =>
        // Callers have checked the caller may see this unit's material (its own, or a responsible unit's on a led indicator).
        await db.EvidenceItems.IgnoreQueryFilters().AsNoTracking().Include(i => i.Versions).Include(i => i.Links)
            .Where(i => i.CampaignId == campaignId && i.UnitId == unitId && i.DeletedAt == null && i.Links.Any(l => requirementIds.Contains(l.MaterialRequirementId)))
            .Select(i => new EvidenceItem
            {
                Id = i.Id, CampaignId = i.CampaignId, NodeId = i.NodeId, UnitId = i.UnitId, Title = i.Title, Kind = i.Kind, Year = i.Year, DocumentDate = i.DocumentDate,
                SourceUrl = i.SourceUrl, Text = i.Text, Classified = i.Classified, SecrecyLevel = i.SecrecyLevel, KeptAt = i.KeptAt, Holder = i.Holder,
                Versions = i.Versions.Select(v => new EvidenceVersion
                {
                    Id = v.Id, VersionNo = v.VersionNo, Sha256 = v.Sha256, Size = v.Size, FileName = v.FileName, DetectedType = v.DetectedType,
                }).ToList(),
                Links = i.Links.Select(l => new EvidenceLink { MaterialRequirementId = l.MaterialRequirementId }).ToList(),
            })
            .OrderBy(i => i.Id).ToListAsync();

    private static void EnsureOpen(Campaign campaign)
    {
        if (campaign.Status == CampaignStatus.Closed) throw new ConflictException("创建活动已结束，不能再提交或审核材料");
    }

    // ---- submission ----

    /// <summary>The unit the caller hands in for: their own unit when it holds the indicator; the office may name any unit that does.</summary>
    private async Task<(int Id, string Name, List<Assignment> Assignees)> SubmittingUnitAsync(int campaignId, FrameworkNode node, int? unitId)
    {
        var assignees = await AssigneesAsync(campaignId, node);
        var assigned = assignees.Select(a => a.UnitId).ToHashSet();
        int chosen;
        if (unitId is int asked && asked != access.UnitId)
        {
            if (!IsOffice || !assigned.Contains(asked)) throw new NotFoundException("单位不存在或没有承担这项指标");
            chosen = asked;
        }
        else if (access.UnitId is int own && assigned.Contains(own)) chosen = own;
        else if (IsOffice && assigned.Count > 0) chosen = assignees[0].UnitId;
        else throw new RefusedException(new Refusal("本单位没有承担这项指标，不能提交材料", "unitId"));
        var name = await db.Units.Where(u => u.Id == chosen).Select(u => u.Name).FirstAsync();
        return (chosen, name, assignees);
    }

    /// <summary>What a submission would hand in, and what the checks still flag, before it goes.</summary>
    public async Task<SubmissionPreview> PreviewAsync(int campaignId, int nodeId, int? unitId = null)
    {
        var campaign = await CampaignAsync(campaignId);
        if (!access.Has(Permissions.ReviewSubmit)) throw new ForbiddenException("没有提交材料的权限");
        var node = await NodeAsync(campaign, nodeId);
        var (unit, unitName, _) = await SubmittingUnitAsync(campaignId, node, unitId);
        return await PreviewOfAsync(campaignId, node, unit, unitName);
    }

    private async Task<SubmissionPreview> PreviewOfAsync(int campaignId, FrameworkNode node, int unit, string unitName)
    {
        var requirementIds = node.Materials.Select(m => m.Id).ToList();
        var items = await MaterialOfAsync(campaignId, unit, requirementIds);
        var reviews = await db.RequirementReviews.AsNoTracking().Where(r => r.UnitId == unit && requirementIds.Contains(r.MaterialRequirementId))
            .ToDictionaryAsync(r => r.MaterialRequirementId);
        var lines = node.Materials.OrderBy(m => m.No).Select(m =>
        {
            var mine = items.Where(i => i.Links.Any(l => l.MaterialRequirementId == m.Id)).ToList();
            var review = reviews.GetValueOrDefault(m.Id);
            var state = review?.State ?? ReviewState.Draft;
            var findings = mine.Count == 0 ? [] : EvidenceChecks.Check(m, mine).Findings;
            return new SubmissionLine(m.Id, m.No, m.Text, mine.Count, ReviewStates.DisplayName(state, review?.NeedsLeadReview ?? false),
                mine.Count > 0 && state is ReviewState.Draft or ReviewState.Returned, findings, review?.ReturnReason, review?.ReturnComment, review?.ReopenedBecause);
        }).ToList();
        return new SubmissionPreview(node.Id, node.Label, unit, unitName, lines);
    }

    /// <summary>
    /// Hands in the unit's material for the indicator (all requirements that have material and wait
    /// for it, or the ones named). A responsible unit's material goes to the lead unit first.
    /// </summary>
    public async Task<SubmissionResult> SubmitAsync(int campaignId, int nodeId, int? unitId = null, IReadOnlyCollection<int>? requirementIds = null)
    {
        var campaign = await CampaignAsync(campaignId);
        if (!access.Has(Permissions.ReviewSubmit)) throw new ForbiddenException("没有提交材料的权限");
        EnsureOpen(campaign);
        var node = await NodeAsync(campaign, nodeId);
        var (unit, unitName, assignees) = await SubmittingUnitAsync(campaignId, node, unitId);
        if (requirementIds is { Count: > 0 } && requirementIds.Any(id => node.Materials.All(m => m.Id != id)))
            throw new NotFoundException("材料要求不存在");
        var preview = await PreviewOfAsync(campaignId, node, unit, unitName);
        var chosen = preview.Lines.Where(l => l.WillSubmit && (requirementIds is not { Count: > 0 } || requirementIds.Contains(l.RequirementId))).ToList();
        if (chosen.Count == 0)
            throw new RefusedException(new Refusal(preview.Lines.All(l => l.ItemCount == 0)
                ? "还没有可提交的材料：请先上传材料再提交" : "没有需要提交的材料：已提交或已通过的材料无需再次提交", "requirementIds"));
        var leads = assignees.Where(a => a.Role == AssignmentRole.Lead).Select(a => a.UnitId).ToHashSet();
        var needsLead = leads.Count > 0 && !leads.Contains(unit);
        var ids = chosen.Select(l => l.RequirementId).ToList();
        var items = await MaterialOfAsync(campaignId, unit, ids);
        var existing = await db.RequirementReviews.Where(r => r.UnitId == unit && ids.Contains(r.MaterialRequirementId)).ToDictionaryAsync(r => r.MaterialRequirementId);
        var now = clock.GetUtcNow();
        var touched = new List<RequirementReview>();
        foreach (var line in chosen)
        {
            var pins = ReviewPins.Write(items.Where(i => i.Links.Any(l => l.MaterialRequirementId == line.RequirementId)).Select(ReviewPins.Of));
            if (!existing.TryGetValue(line.RequirementId, out var review))
            {
                review = new RequirementReview { CampaignId = campaignId, NodeId = node.Id, MaterialRequirementId = line.RequirementId, UnitId = unit };
                db.RequirementReviews.Add(review);
            }
            review.State = ReviewState.Submitted;
            review.NeedsLeadReview = needsLead;
            review.Pins = pins;
            review.ReopenedBecause = null;
            review.ReturnReason = null;
            review.ReturnComment = null;
            review.UpdatedAt = now;
            review.Rounds.Add(new ReviewRound { Action = ReviewAction.Submit, Actor = access.UserName, ActorUnitId = access.UnitId, At = now, Pins = pins });
            touched.Add(review);
        }
        await db.SaveChangesAsync();
        await notices.SubmittedAsync(campaignId, node.Id, unit, touched);
        return new SubmissionResult(touched.Count, touched.Select(r => r.Id).ToList(), chosen.Sum(l => l.Findings.Count));
    }

    // ---- decisions ----

    private enum Level { None, Lead, Office }

    private async Task<(RequirementReview Review, Campaign Campaign)> ReviewAsync(int campaignId, int reviewId, bool track)
    {
        var campaign = await ReadableAsync(campaignId);
        // Seen by scope or as the lead unit: SeesAsync decides, so the unit filter is lifted for this one read.
        var q = track ? db.RequirementReviews.IgnoreQueryFilters() : db.RequirementReviews.IgnoreQueryFilters().AsNoTracking();
        var review = await q.FirstOrDefaultAsync(r => r.Id == reviewId && r.CampaignId == campaignId) ?? throw new NotFoundException("审核事项不存在");
        if (!await SeesAsync(campaignId, review)) throw new NotFoundException("审核事项不存在");
        return (review, campaign);
    }

    /// <summary>Within the caller's data scope, or of an indicator their unit leads (the lead unit sees its responsible units' material).</summary>
    private async Task<bool> SeesAsync(int campaignId, RequirementReview review)
    {
        var visible = await VisibleUnitsAsync(campaignId);
        if (visible is null || visible.Contains(review.UnitId)) return true;
        return (await LedNodesAsync(campaignId)).Contains(review.NodeId);
    }

    /// <summary>At which level the caller may decide on this item now (as its lead unit, or as the office), or why not.</summary>
    private async Task<(Level Level, string? WhyNot)> LevelAsync(int campaignId, RequirementReview review, bool? asLead = null)
    {
        var lead = asLead != false && access.Has(Permissions.ReviewLead) && review.AwaitsLead && (await LedNodesAsync(campaignId)).Contains(review.NodeId);
        var office = asLead != true && access.Has(Permissions.ReviewApprove);
        if (!lead && !office)
            return (Level.None, asLead == true && access.Has(Permissions.ReviewLead) && review.Pending && !review.AwaitsLead ? "该事项不等待牵头单位审核" : "没有审核这项材料的权限");
        if (access.UnitId == review.UnitId) return (Level.None, "不能审核本单位的材料");
        if (!review.Pending) return (Level.None, $"该事项当前为“{ReviewStates.DisplayName(review.State)}”，没有待审核的材料");
        return (lead ? Level.Lead : Level.Office, null);
    }

    /// <param name="asLead">True: as the indicator's lead unit; false: as the office; null: whichever the caller may.</param>
    public Task<RequirementReview> ApproveAsync(int campaignId, int reviewId, bool? asLead = null) => DecideAsync(campaignId, reviewId, approve: true, null, null, asLead);

    public Task<RequirementReview> ReturnAsync(int campaignId, int reviewId, int? reasonId, string? comment, bool? asLead = null) =>
        DecideAsync(campaignId, reviewId, approve: false, reasonId, comment, asLead);

    private async Task<RequirementReview> DecideAsync(int campaignId, int reviewId, bool approve, int? reasonId, string? comment, bool? asLead)
    {
        var (review, campaign) = await ReviewAsync(campaignId, reviewId, track: true);
        var (level, whyNot) = await LevelAsync(campaignId, review, asLead);
        if (level == Level.None)
        {
            var right = asLead switch { true => Permissions.ReviewLead, false => Permissions.ReviewApprove, _ => null };
            if (right is not null ? !access.Has(right) : !access.Has(Permissions.ReviewApprove) && !access.Has(Permissions.ReviewLead)) throw new ForbiddenException(whyNot!);
            if (access.UnitId == review.UnitId) throw new RefusedException(new Refusal(whyNot!));
            if (!review.Pending) throw new ConflictException(whyNot!);
            throw new ForbiddenException(whyNot!);
        }
        EnsureOpen(campaign);
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > 1000 }) throw new RefusedException(new Refusal("审核意见不能超过1000字", "comment"));
        string? reasonName = null;
        if (!approve)
        {
            if (reasonId is not int rid) throw new RefusedException(new Refusal("退回时请选择退回原因", "reasonId"));
            var reason = (await ReasonsOfAsync(campaignId)).FirstOrDefault(r => r.Id == rid && r.Active)
                ?? throw new RefusedException(new Refusal("退回原因不存在", "reasonId"));
            if (reason.NeedsComment && comment is null) throw new RefusedException(new Refusal($"退回原因为“{reason.Name}”时请写明具体意见", "comment"));
            reasonName = reason.Name;
        }
        var now = clock.GetUtcNow();
        review.State = approve ? level == Level.Lead ? ReviewState.LeadApproved : ReviewState.Approved : ReviewState.Returned;
        review.ReturnReason = reasonName;
        review.ReturnComment = approve ? null : comment;
        review.UpdatedAt = now;
        review.Rounds.Add(new ReviewRound
        {
            Action = approve ? level == Level.Lead ? ReviewAction.LeadApprove : ReviewAction.Approve : ReviewAction.Return,
            Actor = access.UserName, ActorUnitId = access.UnitId, At = now, Reason = reasonName, Comment = comment, Pins = review.Pins,
        });
        await db.SaveChangesAsync();
        await notices.DecidedAsync(campaignId, review);
        return review;
    }

    /// <summary>Approves every selected item the caller may approve; the others are named with the reason they were skipped.</summary>
    public async Task<BulkResult> ApproveManyAsync(int campaignId, IReadOnlyCollection<int> reviewIds)
    {
        await CampaignAsync(campaignId);
        if (reviewIds.Count == 0) throw new RefusedException(new Refusal("请选择要通过的事项", "ids"));
        if (reviewIds.Count > 500) throw new RefusedException(new Refusal("一次最多通过500项", "ids"));
        var approved = 0;
        var skipped = new List<string>();
        foreach (var id in reviewIds.Distinct())
        {
            try
            {
                await ApproveAsync(campaignId, id, asLead: null);
                approved++;
            }
            catch (Exception ex) when (ex is RefusedException or ConflictException or ForbiddenException or NotFoundException)
            {
                db.ChangeTracker.Clear();
                skipped.Add($"事项{id}：{ex.Message}");
            }
        }
        return new BulkResult(approved, skipped);
    }

    // ---- reading ----

    private async Task<Dictionary<int, (string Label, string Text)>> NodeLabelsAsync(IEnumerable<int> nodeIds)
    {
        var ids = nodeIds.Distinct().ToList();
        var nodes = await db.FrameworkNodes.AsNoTracking().Where(n => ids.Contains(n.Id))
            .Select(n => new FrameworkNode { Id = n.Id, Kind = n.Kind, Code = n.Code, Title = n.Title, Text = n.Text }).ToListAsync();
        return nodes.ToDictionary(n => n.Id, n => (n.Label, n.Text));
    }

    /// <summary>The most a list answers at once (the first ones in framework order); the counts say how many there are in all.</summary>
    public const int ListLimit = 500;

    private async Task<List<ReviewLine>> LinesAsync(int campaignId, IQueryable<RequirementReview> q, int limit = ListLimit)
    {
        var rows = await q.OrderBy(r => r.NodeId).ThenBy(r => r.MaterialRequirementId).ThenBy(r => r.UnitId)
            .Join(db.MaterialRequirements, r => r.MaterialRequirementId, m => m.Id, (r, m) => new { r, m.No, m.Text })
            .Take(Math.Clamp(limit, 1, ListLimit)).ToListAsync();
        var labels = await NodeLabelsAsync(rows.Select(x => x.r.NodeId));
        var unitIds = rows.Select(x => x.r.UnitId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name);
        return rows.Select(x => Line(x.r, labels.GetValueOrDefault(x.r.NodeId).Label ?? "", x.No, x.Text, units.GetValueOrDefault(x.r.UnitId, ""))).ToList();
    }

    private static ReviewLine Line(RequirementReview r, string label, int no, string text, string unit) =>
        new(r.Id, r.NodeId, label, r.MaterialRequirementId, no, text, r.UnitId, unit, r.State.ToString(), ReviewStates.DisplayName(r.State, r.NeedsLeadReview),
            r.AwaitsLead, r.UpdatedAt, r.ReturnReason, r.ReturnComment, r.ReopenedBecause);

    /// <summary>Items the caller can see, filtered by state, unit or indicator.</summary>
    public async Task<List<ReviewLine>> ListAsync(int campaignId, string? state = null, int? unitId = null, int? nodeId = null, int limit = ListLimit)
    {
        await ReadableAsync(campaignId);
        var q = await ScopedAsync(campaignId);
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<ReviewState>(state, true, out var s)) throw new RefusedException(new Refusal("状态不正确（Draft、Submitted、LeadApproved、Approved、Returned）", "state"));
            q = q.Where(r => r.State == s);
        }
        if (unitId is int u) q = q.Where(r => r.UnitId == u);
        if (nodeId is int n) q = q.Where(r => r.NodeId == n);
        return await LinesAsync(campaignId, q, limit);
    }

    private async Task<IQueryable<RequirementReview>> ScopedAsync(int campaignId)
    {
        // The caller's units by the unit filter, and their responsible units' on indicators the caller's unit leads.
        var q = db.RequirementReviews.IgnoreQueryFilters().AsNoTracking().Where(r => r.CampaignId == campaignId);
        var visible = await VisibleUnitsAsync(campaignId);
        if (visible is null) return q;
        var led = await LedNodesAsync(campaignId);
        return q.Where(r => visible.Contains(r.UnitId) || led.Contains(r.NodeId));
    }

    /// <summary>What waits for the caller's decision: for the office (and reviewers) what no lead unit still has to see; for a lead unit its responsible units' material.</summary>
    public async Task<List<ReviewLine>> QueueAsync(int campaignId, int limit = 100)
    {
        await ReadableAsync(campaignId);
        // Kept per caller until the next write: the queue is reloaded after every decision, by every reviewer.
        return await kept.GetAsync("review-queue", access.Caller, $"{campaignId}/{limit}", () => ComputeQueueAsync(campaignId, limit));
    }

    private async Task<List<ReviewLine>> ComputeQueueAsync(int campaignId, int limit)
    {
        var q = await QueueQueryAsync(campaignId);
        return q is null ? [] : await LinesAsync(campaignId, q, limit);
    }

    private async Task<IQueryable<RequirementReview>?> QueueQueryAsync(int campaignId)
    {
        var own = access.UnitId;
        var scoped = await ScopedAsync(campaignId);
        if (access.Has(Permissions.ReviewApprove))
            return scoped.Where(r => (r.State == ReviewState.LeadApproved || r.State == ReviewState.Submitted && !r.NeedsLeadReview) && r.UnitId != own);
        if (access.Has(Permissions.ReviewLead) && own is not null)
        {
            var led = await LedNodesAsync(campaignId);
            return scoped.Where(r => r.State == ReviewState.Submitted && r.NeedsLeadReview && led.Contains(r.NodeId) && r.UnitId != own);
        }
        return null;
    }

    public async Task<int> QueueCountAsync(int campaignId)
    {
        await ReadableAsync(campaignId);
        // Kept with the queue it counts (the review page shows both on every load, ADR-032).
        return (await kept.GetAsync("review-queue-count", access.Caller, campaignId.ToString(System.Globalization.CultureInfo.InvariantCulture), async () =>
        {
            var q = await QueueQueryAsync(campaignId);
            return Tuple.Create(q is null ? 0 : await q.CountAsync());
        })).Item1;
    }

    /// <summary>One item with its material (the versions handed in), the checks, the history, and the next item of the caller's queue.</summary>
    public async Task<ReviewDetail> DetailAsync(int campaignId, int reviewId)
    {
        var (review, _) = await ReviewAsync(campaignId, reviewId, track: false);
        var requirement = await db.MaterialRequirements.AsNoTracking().FirstAsync(m => m.Id == review.MaterialRequirementId);
        var labels = await NodeLabelsAsync([review.NodeId]);
        var unitNames = await db.Units.AsNoTracking().Where(u => u.CampaignId == campaignId).ToDictionaryAsync(u => u.Id, u => u.Name);
        var line = Line(review, labels.GetValueOrDefault(review.NodeId).Label ?? "", requirement.No, requirement.Text, unitNames.GetValueOrDefault(review.UnitId, ""));
        var items = await MaterialOfAsync(campaignId, review.UnitId, [review.MaterialRequirementId]);
        var pinned = ReviewPins.Read(review.Pins).ToDictionary(p => p.ItemId);
        var material = items.Select(i =>
        {
            // The version handed in, not a later one (a later change reopens the item anyway).
            var version = pinned.TryGetValue(i.Id, out var p) && int.TryParse(p.Version, out var no) ? i.Versions.FirstOrDefault(v => v.VersionNo == no) ?? i.Current : i.Current;
            return new ReviewMaterial(i.Id, i.Title, EvidenceItem.KindName(i.Kind), version?.VersionNo, version?.FileName, version?.DetectedType, version?.Size, version?.Sha256,
                i.Text, i.Classified, i.KeptAt, i.SourceUrl, i.Year);
        }).ToList();
        var findings = EvidenceChecks.Check(requirement, items).Findings;
        var rounds = await db.ReviewRounds.AsNoTracking().Where(r => r.ReviewId == reviewId).OrderBy(r => r.At).ThenBy(r => r.Id).ToListAsync();
        var history = rounds.Select(r => new ReviewRoundView(r.Action.ToString(), ReviewStates.ActionName(r.Action), r.Actor,
            r.ActorUnitId is int u ? unitNames.GetValueOrDefault(u) : null, r.At, r.Reason, r.Comment, ReviewPins.Read(r.Pins).Count)).ToList();
        var (level, whyNot) = await LevelAsync(campaignId, review);
        int? next = null;
        if (await QueueQueryAsync(campaignId) is { } queue)
            next = await queue.Where(r => r.Id != reviewId).OrderBy(r => r.NodeId).ThenBy(r => r.MaterialRequirementId).ThenBy(r => r.UnitId).Select(r => (int?)r.Id).FirstOrDefaultAsync();
        return new ReviewDetail(line, labels.GetValueOrDefault(review.NodeId).Text ?? "", material, findings, history, level != Level.None, level == Level.Lead, whyNot, next);
    }

    /// <summary>The history of every item of an indicator the caller can see, as a timeline per requirement and unit.</summary>
    public async Task<List<(ReviewLine Line, List<ReviewRoundView> Rounds)>> NodeHistoryAsync(int campaignId, int nodeId)
    {
        var lines = await ListAsync(campaignId, nodeId: nodeId);
        var ids = lines.Select(l => l.Id).ToList();
        var rounds = await db.ReviewRounds.AsNoTracking().Where(r => ids.Contains(r.ReviewId)).OrderBy(r => r.At).ThenBy(r => r.Id).ToListAsync();
        var unitNames = await db.Units.AsNoTracking().Where(u => u.CampaignId == campaignId).ToDictionaryAsync(u => u.Id, u => u.Name);
        return lines.Select(l => (l, rounds.Where(r => r.ReviewId == l.Id).Select(r => new ReviewRoundView(r.Action.ToString(), ReviewStates.ActionName(r.Action), r.Actor,
            r.ActorUnitId is int u ? unitNames.GetValueOrDefault(u) : null, r.At, r.Reason, r.Comment, ReviewPins.Read(r.Pins).Count)).ToList())).ToList();
    }

    /// <summary>
    /// 通过 / 待审 / 退回 / 未提交 per assessable node, counted over material requirements and every unit,
    /// whoever asks (the same figures for a liaison, the lead unit and the office).
    /// </summary>
    public async Task<Dictionary<int, StandingCounts>> StandingsAsync(int campaignId)
    {
        var campaign = await ReadableAsync(campaignId);
        var requirements = await db.MaterialRequirements.AsNoTracking()
            .Join(db.FrameworkNodes.Where(n => n.FrameworkId == campaign.FrameworkId && !n.NotApplicable), m => m.NodeId, n => n.Id, (m, n) => new { m.Id, m.NodeId })
            .ToListAsync();
        // One row per requirement, counted in the database, however many units and rounds there are.
        // Counted over every unit: completeness is the same whoever looks.
        var counted = await db.RequirementReviews.IgnoreQueryFilters().AsNoTracking().Where(r => r.CampaignId == campaignId)
            .GroupBy(r => r.MaterialRequirementId)
            .Select(g => new
            {
                Id = g.Key,
                Total = g.Count(),
                Approved = g.Count(r => r.State == ReviewState.Approved),
                Returned = g.Count(r => r.State == ReviewState.Returned),
                Pending = g.Count(r => r.State == ReviewState.Submitted || r.State == ReviewState.LeadApproved),
            })
            .ToDictionaryAsync(x => x.Id);
        ReviewStanding StandingOf(int requirementId) => counted.TryGetValue(requirementId, out var c)
            ? c.Approved == c.Total ? ReviewStanding.Approved : c.Returned > 0 ? ReviewStanding.Returned : c.Pending > 0 ? ReviewStanding.Pending : ReviewStanding.NotSubmitted
            : ReviewStanding.NotSubmitted;
        return requirements.GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g =>
        {
            var standings = g.Select(r => StandingOf(r.Id)).ToList();
            return new StandingCounts(standings.Count(s => s == ReviewStanding.Approved), standings.Count(s => s == ReviewStanding.Pending),
                standings.Count(s => s == ReviewStanding.Returned), standings.Count(s => s == ReviewStanding.NotSubmitted));
        });
    }

    /// <summary>The campaign's totals over all nodes.</summary>
    public async Task<StandingCounts> TotalsAsync(int campaignId)
    {
        await ReadableAsync(campaignId);
        // Kept per caller until the next write (ADR-024): the review page and 我的待办 show them on every load (ADR-032).
        return await kept.GetAsync("review-totals", access.Caller, campaignId.ToString(System.Globalization.CultureInfo.InvariantCulture), async () =>
        {
            var all = (await StandingsAsync(campaignId)).Values.ToList();
            return new StandingCounts(all.Sum(s => s.Approved), all.Sum(s => s.Pending), all.Sum(s => s.Returned), all.Sum(s => s.NotSubmitted));
        });
    }

    // ---- return reasons ----

    private async Task<List<ReturnReason>> ReasonsOfAsync(int campaignId)
    {
        var reasons = await db.ReturnReasons.Where(r => r.CampaignId == campaignId).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync();
        if (reasons.Count > 0) return reasons;
        // A campaign starts with the usual list; the office edits it from there.
        var order = 0;
        foreach (var (name, needsComment) in ReturnReason.Defaults)
            db.ReturnReasons.Add(new ReturnReason { CampaignId = campaignId, Name = name, NeedsComment = needsComment, SortOrder = ++order });
        await db.SaveChangesAsync();
        return await db.ReturnReasons.Where(r => r.CampaignId == campaignId).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync();
    }

    public async Task<List<ReasonView>> ReasonsAsync(int campaignId, bool activeOnly = false)
    {
        await ReadableAsync(campaignId);
        return (await ReasonsOfAsync(campaignId)).Where(r => !activeOnly || r.Active).Select(r => new ReasonView(r.Id, r.Name, r.NeedsComment, r.Active)).ToList();
    }

    public async Task<ReasonView> SaveReasonAsync(int campaignId, int? reasonId, string? name, bool needsComment, bool active)
    {
        await CampaignAsync(campaignId);
        if (!access.Has(Permissions.ReviewReasonEdit)) throw new ForbiddenException("没有维护退回原因的权限");
        name = name?.Trim();
        if (string.IsNullOrEmpty(name)) throw new RefusedException(new Refusal("请填写退回原因", "name"));
        if (name.Length > 50) throw new RefusedException(new Refusal("退回原因不能超过50个字", "name"));
        var reasons = await ReasonsOfAsync(campaignId);
        if (reasons.Any(r => r.Name == name && r.Id != reasonId)) throw new ConflictException($"退回原因“{name}”已存在");
        ReturnReason reason;
        if (reasonId is int id)
            reason = reasons.FirstOrDefault(r => r.Id == id) ?? throw new NotFoundException("退回原因不存在");
        else
        {
            reason = new ReturnReason { CampaignId = campaignId, Name = name, SortOrder = reasons.Count + 1 };
            db.ReturnReasons.Add(reason);
        }
        reason.Name = name;
        reason.NeedsComment = needsComment;
        reason.Active = active;
        if (!reasons.Any(r => r.Active && r.Id != reason.Id) && !active) throw new RefusedException(new Refusal("至少保留一个可用的退回原因", "active"));
        await db.SaveChangesAsync();
        return new ReasonView(reason.Id, reason.Name, reason.NeedsComment, reason.Active);
    }
}
