using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Core.Notifications;
using Shifan.Core.Problems;
using Shifan.Core.Reviews;
using Shifan.Core.Users;
using Shifan.Documents.Problems;
using Shifan.Features.Campaigns;
using Shifan.Features.Notifications;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Problems;

/// <summary>
/// The 问题清单 and its 整改: problems raised by hand, from a 督查, from a returned review item or from a 未达标 /
/// 基本达标 rating; the owner unit starts, fixes and hands in proof; the office closes (对账销号) or returns it.
/// Every step is recorded on the problem. A liaison reaches their own unit's problems, a unit head their unit and
/// below, the office the whole campaign; others answer 404.
/// </summary>
public sealed class ProblemService(ShifanDbContext db, CampaignAccess access, INotifier notifier, TimeProvider clock)
{
    private static readonly string[] UnitPeople = [Roles.Liaison, Roles.UnitHead];
    private const int DefaultDays = 30, MaxPageSize = 200, NumberAttempts = 20;

    public DateOnly Today => ChinaTime.Today(clock);

    private void Require(string permission, string message)
    {
        if (!access.Has(permission)) throw new ForbiddenException(message);
    }

    /// <summary>A refusal about the problem's state (no field) is a conflict; one about an input names the field.</summary>
    private static void Apply(Refusal? refusal)
    {
        if (refusal is null) return;
        if (refusal.Field is null) throw new ConflictException(refusal.Message);
        throw new RefusedException(refusal);
    }

    private async Task<Campaign> CampaignAsync(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        return await db.Campaigns.AsNoTracking().Include(c => c.Stages).FirstOrDefaultAsync(c => c.Id == campaignId)
            ?? throw new NotFoundException("创建活动不存在");
    }

    /// <summary>The campaign, if problems may still be raised and worked on: once it has ended (已结束) the list is kept as it stands.</summary>
    private async Task<Campaign> WritableAsync(int campaignId)
    {
        var campaign = await CampaignAsync(campaignId);
        if (campaign.Status == CampaignStatus.Closed) throw new ConflictException("创建活动已结束，问题清单不能再修改");
        return campaign;
    }

    private Task<HashSet<int>?> VisibleUnitsAsync(int campaignId) => access.VisibleUnitsAsync(db, campaignId);

    /// <summary>The problem, if the caller's unit scope reaches its owner; otherwise 404 so ids cannot be probed.</summary>
    private async Task<Problem> FindAsync(int campaignId, int problemId, bool tracking = false)
    {
        var q = db.Problems.Include(p => p.Steps).Where(p => p.Id == problemId && p.CampaignId == campaignId);
        var p = await (tracking ? q : q.AsNoTracking()).FirstOrDefaultAsync() ?? throw new NotFoundException("问题不存在");
        var visible = await VisibleUnitsAsync(campaignId);
        if (visible is not null && !visible.Contains(p.OwnerUnitId)) throw new NotFoundException("问题不存在");
        return p;
    }

    // ---- reading ----

    public async Task<ProblemList> ListAsync(int campaignId, ProblemQuery query)
    {
        Require(Permissions.ProblemView, "没有查看问题清单的权限");
        await CampaignAsync(campaignId);
        var status = ProblemKeys.Status(query.Status);
        if (!string.IsNullOrWhiteSpace(query.Status) && query.Status != "all" && query.Status != "overdue" && status is null)
            throw new RefusedException(new Refusal("状态只能是 open（待整改）、inprogress（整改中）、awaiting（待销号）或 closed（已销号）", "status"));
        var source = ProblemKeys.Source(query.Source);
        if (!string.IsNullOrWhiteSpace(query.Source) && source is null)
            throw new RefusedException(new Refusal("问题来源只能是 rating（自查自评）、review（审核退回）、inspection（督查发现）或 manual（手工登记）", "source"));
        var today = Today;
        var scoped = await ScopedAsync(campaignId);
        var filtered = scoped;
        if (query.Unit is int unit) filtered = filtered.Where(p => p.OwnerUnitId == unit);
        if (source is { } src) filtered = filtered.Where(p => p.Source == src);
        if (!string.IsNullOrWhiteSpace(query.Q)) { var text = query.Q.Trim(); filtered = filtered.Where(p => p.Description.Contains(text) || p.Measure.Contains(text)); }

        // The tabs count within the other filters, so each says how many its click would show.
        var byStatus = await filtered.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var overdueCount = await filtered.CountAsync(p => p.Status != ProblemStatus.Closed && p.Deadline < today);
        var tabs = new List<StatusCount> { new("all", "全部", byStatus.Values.Sum()) };
        tabs.AddRange(Enum.GetValues<ProblemStatus>().Select(s => new StatusCount(ProblemKeys.Of(s), ProblemNames.Status(s), byStatus.GetValueOrDefault(s))));
        tabs.Add(new StatusCount("overdue", "逾期", overdueCount));

        if (status is { } st) filtered = filtered.Where(p => p.Status == st);
        if (query.Overdue == true || query.Status == "overdue") filtered = filtered.Where(p => p.Status != ProblemStatus.Closed && p.Deadline < today);
        var size = Math.Clamp(query.PageSize ?? 20, 1, MaxPageSize);
        var total = await filtered.CountAsync();
        var page = Math.Clamp(query.Page ?? 1, 1, Math.Max(1, (total + size - 1) / size));
        var items = await filtered.OrderBy(p => p.No).Skip((page - 1) * size).Take(size).ToListAsync();
        return new ProblemList(await RowsAsync(campaignId, items), total, page, size, tabs);
    }

    private async Task<IQueryable<Problem>> ScopedAsync(int campaignId)
    {
        var visible = (await VisibleUnitsAsync(campaignId))?.ToList();
        var q = db.Problems.AsNoTracking().Where(p => p.CampaignId == campaignId);
        return visible is null ? q : q.Where(p => visible.Contains(p.OwnerUnitId));
    }

    private async Task<List<ProblemRow>> RowsAsync(int campaignId, IReadOnlyCollection<Problem> problems)
    {
        var unitIds = problems.Select(p => p.OwnerUnitId).Distinct().ToList();
        var nodeIds = problems.Where(p => p.NodeId is not null).Select(p => p.NodeId!.Value).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name);
        var nodes = await db.FrameworkNodes.AsNoTracking().Where(n => nodeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => new { n.Code, n.Title });
        var today = Today;
        return problems.Select(p =>
        {
            var node = p.NodeId is int n ? nodes.GetValueOrDefault(n) : null;
            return new ProblemRow(p.Id, p.No, p.NodeId, node?.Code, node?.Title, p.OwnerUnitId, units.GetValueOrDefault(p.OwnerUnitId, ""),
                ProblemNames.Source(p.Source), ProblemKeys.Of(p.Source), p.SourceId, p.Description, p.Measure, p.Deadline,
                ProblemNames.Status(p.Status), ProblemKeys.Of(p.Status), p.IsOverdue(today), p.ClosedAt, p.ClosedBy);
        }).ToList();
    }

    public async Task<ProblemView> GetAsync(int campaignId, int problemId)
    {
        Require(Permissions.ProblemView, "没有查看问题清单的权限");
        await CampaignAsync(campaignId);
        return await ViewAsync(await FindAsync(campaignId, problemId));
    }

    private async Task<ProblemView> ViewAsync(Problem p)
    {
        var row = (await RowsAsync(p.CampaignId, [p]))[0];
        var ids = p.Proof.ToList();
        var items = await (from e in db.EvidenceItems.AsNoTracking()
                           join n in db.FrameworkNodes on e.NodeId equals n.Id
                           join u in db.Units on e.UnitId equals u.Id
                           where ids.Contains(e.Id)
                           select new { e.Id, e.Title, n.Code, Unit = u.Name, e.DeletedAt }).ToListAsync();
        var proof = ids.Select(id => items.FirstOrDefault(i => i.Id == id)).Where(i => i is not null)
            .Select(i => new ProofItem(i!.Id, i.Title, i.Code, i.Unit, i.DeletedAt is not null)).ToList();
        var steps = p.Steps.OrderBy(s => s.At).ThenBy(s => s.Id)
            .Select(s => new ProblemStepRow(ProblemNames.Action(s.Action), ProblemNames.Status(s.Status), s.Actor, s.At, s.Note)).ToList();
        return new ProblemView(row, p.ProofNote, p.ReturnReason, proof, steps, p.CreatedAt, p.CreatedBy,
            CanEdit: !p.IsClosed && access.Has(Permissions.ProblemRaise),
            CanStart: p.Status == ProblemStatus.Open && access.Has(Permissions.ProblemRectify),
            CanSubmitProof: p.Status is ProblemStatus.Open or ProblemStatus.InProgress && access.Has(Permissions.ProblemRectify),
            CanClose: p.Status == ProblemStatus.AwaitingClose && access.Has(Permissions.ProblemClose));
    }

    /// <summary>The units (in the caller's scope) and indicators the raise and edit forms offer.</summary>
    public async Task<ProblemChoices> ChoicesAsync(int campaignId)
    {
        Require(Permissions.ProblemView, "没有查看问题清单的权限");
        var campaign = await CampaignAsync(campaignId);
        var visible = await VisibleUnitsAsync(campaignId);
        var units = (await db.Units.AsNoTracking().Where(u => u.CampaignId == campaignId).OrderBy(u => u.SortOrder).ThenBy(u => u.Id).Select(u => new { u.Id, u.Name }).ToListAsync())
            .Where(u => visible is null || visible.Contains(u.Id)).Select(u => (u.Id, u.Name)).ToList();
        var nodes = await db.FrameworkNodes.AsNoTracking().Where(n => n.FrameworkId == campaign.FrameworkId && n.Kind == NodeKind.Indicator)
            .Select(n => new { n.Id, n.Code, n.Title, n.SortOrder }).ToListAsync();
        var indicators = nodes.OrderBy(n => int.TryParse(n.Code, out var c) ? c : int.MaxValue).ThenBy(n => n.SortOrder)
            .Select(n => (n.Id, n.Code, n.Title)).ToList();
        return new ProblemChoices(units, indicators);
    }

    /// <summary>The evidence the caller may give as proof: the owner unit's items (its problem's indicator first), not deleted.</summary>
    public async Task<IReadOnlyList<ProofItem>> ProofChoicesAsync(int campaignId, int problemId)
    {
        Require(Permissions.ProblemRectify, "没有整改问题的权限");
        await CampaignAsync(campaignId);
        var p = await FindAsync(campaignId, problemId);
        var items = await (from e in db.EvidenceItems.AsNoTracking()
                           join n in db.FrameworkNodes on e.NodeId equals n.Id
                           join u in db.Units on e.UnitId equals u.Id
                           where e.CampaignId == campaignId && e.UnitId == p.OwnerUnitId && e.DeletedAt == null
                           orderby e.Id descending
                           select new { e.Id, e.Title, e.NodeId, n.Code, Unit = u.Name }).Take(300).ToListAsync();
        return items.OrderBy(i => i.NodeId == p.NodeId ? 0 : 1).ThenByDescending(i => i.Id).Select(i => new ProofItem(i.Id, i.Title, i.Code, i.Unit)).ToList();
    }

    // ---- raising ----

    private DateOnly DefaultDeadline(Campaign campaign)
    {
        var today = Today;
        return campaign.CurrentStage(today)?.Deadline is { } d && d >= today ? d : today.AddDays(DefaultDays);
    }

    private async Task CheckNodeAsync(Campaign campaign, int? nodeId)
    {
        if (nodeId is int n && !await db.FrameworkNodes.AnyAsync(x => x.Id == n && x.FrameworkId == campaign.FrameworkId))
            throw new RefusedException(new Refusal("所选指标不属于本创建活动的指标体系", "nodeId"));
    }

    private async Task CheckOwnerAsync(int campaignId, int? unitId)
    {
        if (unitId is not int u) throw new RefusedException(new Refusal("请选择责任单位", "ownerUnitId"));
        if (!await db.Units.AnyAsync(x => x.Id == u && x.CampaignId == campaignId)) throw new RefusedException(new Refusal("责任单位不属于本创建活动", "ownerUnitId"));
    }

    /// <summary>Raises a problem by hand or from a 督查 (the office).</summary>
    public async Task<ProblemView> RaiseAsync(int campaignId, ProblemInput input)
    {
        Require(Permissions.ProblemRaise, "没有登记问题的权限");
        var campaign = await WritableAsync(campaignId);
        var source = string.IsNullOrWhiteSpace(input.Source) ? ProblemSource.Manual : ProblemKeys.Source(input.Source);
        if (source is not (ProblemSource.Manual or ProblemSource.Inspection))
            throw new RefusedException(new Refusal("手工登记的问题来源只能是 manual（手工登记）或 inspection（督查发现）；自查自评和审核退回的问题由系统生成", "source"));
        Apply(Problem.Validate(input.Description, input.Measure, input.Deadline, Today));
        await CheckOwnerAsync(campaignId, input.OwnerUnitId);
        await CheckNodeAsync(campaign, input.NodeId);
        var p = New(campaignId, input.NodeId, input.OwnerUnitId!.Value, source.Value, null, input.Description!.Trim(), input.Measure?.Trim() ?? "", input.Deadline!.Value);
        await AddAsync(p);
        await NotifyRaisedAsync(p);
        return await ViewAsync(p);
    }

    /// <summary>
    /// Puts a returned review item on the list: owner the unit, indicator its node, description from the return's reason and
    /// comment. Asking again while that problem is open gives the same problem (<c>Created</c> false).
    /// </summary>
    public async Task<(ProblemView Problem, bool Created)> RaiseFromReviewAsync(int campaignId, int reviewId)
    {
        Require(Permissions.ProblemRaise, "没有登记问题的权限");
        var campaign = await WritableAsync(campaignId);
        var review = await db.RequirementReviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reviewId && r.CampaignId == campaignId)
            ?? throw new NotFoundException("审核事项不存在");
        var visible = await VisibleUnitsAsync(campaignId);
        if (visible is not null && !visible.Contains(review.UnitId)) throw new NotFoundException("审核事项不存在");
        var existing = await db.Problems.Include(p => p.Steps).FirstOrDefaultAsync(p => p.CampaignId == campaignId && p.Source == ProblemSource.ReviewReturn
            && p.SourceId == reviewId && p.Status != ProblemStatus.Closed);
        if (existing is not null) return (await ViewAsync(existing), false);
        if (review.State != ReviewState.Returned) throw new ConflictException("只有被退回的材料才能登记为问题");
        var material = await db.MaterialRequirements.AsNoTracking().Where(m => m.Id == review.MaterialRequirementId).Select(m => new { m.No, m.Text }).FirstOrDefaultAsync();
        var code = await db.FrameworkNodes.AsNoTracking().Where(n => n.Id == review.NodeId).Select(n => n.Code).FirstOrDefaultAsync();
        var what = material is null ? "材料" : $"材料{material.No}（{Clip(material.Text, 60)}）";
        var description = $"第{code}项指标{what}审核被退回：{review.ReturnReason ?? "未注明原因"}" + (string.IsNullOrWhiteSpace(review.ReturnComment) ? "" : $"；审核意见：{review.ReturnComment}");
        var p = New(campaignId, review.NodeId, review.UnitId, ProblemSource.ReviewReturn, reviewId, Clip(description, Problem.TextMaxLength),
            "按审核意见修改、补充材料后重新提交审核", DefaultDeadline(campaign));
        await AddAsync(p);
        await NotifyRaisedAsync(p);
        return (await ViewAsync(p), true);
    }

    /// <summary>Returned review items (in the caller's scope) not yet on the list as an open problem, for the raise-from-return form.</summary>
    public async Task<IReadOnlyList<(int ReviewId, string Label)>> ReturnedReviewsAsync(int campaignId)
    {
        Require(Permissions.ProblemRaise, "没有登记问题的权限");
        await CampaignAsync(campaignId);
        var visible = (await VisibleUnitsAsync(campaignId))?.ToList();
        var q = from r in db.RequirementReviews.AsNoTracking()
                join n in db.FrameworkNodes on r.NodeId equals n.Id
                join m in db.MaterialRequirements on r.MaterialRequirementId equals m.Id
                join u in db.Units on r.UnitId equals u.Id
                where r.CampaignId == campaignId && r.State == ReviewState.Returned
                      && !db.Problems.Any(p => p.CampaignId == campaignId && p.Source == ProblemSource.ReviewReturn && p.SourceId == r.Id && p.Status != ProblemStatus.Closed)
                orderby r.UpdatedAt descending
                select new { r.Id, r.UnitId, Unit = u.Name, n.Code, m.No, r.ReturnReason };
        if (visible is not null) q = q.Where(x => visible.Contains(x.UnitId));
        return (await q.Take(200).ToListAsync()).Select(x => (x.Id, $"{x.Unit} · 第{x.Code}项材料{x.No} · {x.ReturnReason ?? "已退回"}")).ToList();
    }

    /// <summary>
    /// Puts an indicator rated 未达标 or 基本达标 on the list, for the rating feature to call after it saved the rating (it checks
    /// its own permission: the lead unit that rates does not raise problems otherwise). At most one problem not yet closed per
    /// rating: calling again returns that problem's id. The deadline is the current stage's, or 30 days from today.
    /// </summary>
    public async Task<int> RaiseFromRatingAsync(int campaignId, int nodeId, int ownerUnitId, int ratingId, string levelName, string reason)
    {
        var campaign = await WritableAsync(campaignId);
        var existing = await db.Problems.AsNoTracking().Where(p => p.CampaignId == campaignId && p.Source == ProblemSource.SelfRating
            && p.SourceId == ratingId && p.Status != ProblemStatus.Closed).Select(p => (int?)p.Id).FirstOrDefaultAsync();
        if (existing is int id) return id;
        await CheckNodeAsync(campaign, nodeId);
        await CheckOwnerAsync(campaignId, ownerUnitId);
        var code = await db.FrameworkNodes.AsNoTracking().Where(n => n.Id == nodeId).Select(n => n.Code).FirstAsync();
        var description = $"第{code}项指标自评为{levelName}：{(string.IsNullOrWhiteSpace(reason) ? "未说明理由" : reason.Trim())}";
        var p = New(campaignId, nodeId, ownerUnitId, ProblemSource.SelfRating, ratingId, Clip(description, Problem.TextMaxLength),
            "对照指标要求查找差距，制定整改措施并补充佐证材料", DefaultDeadline(campaign));
        await AddAsync(p);
        await NotifyRaisedAsync(p);
        return p.Id;
    }

    private static string Clip(string s, int max) => s.Length > max ? s[..(max - 1)] + "…" : s;

    private Problem New(int campaignId, int? nodeId, int ownerUnitId, ProblemSource source, int? sourceId, string description, string measure, DateOnly deadline)
    {
        var now = clock.GetUtcNow();
        var p = new Problem
        {
            CampaignId = campaignId, NodeId = nodeId, OwnerUnitId = ownerUnitId, Source = source, SourceId = sourceId, Description = description,
            Measure = measure, Deadline = deadline, Status = ProblemStatus.Open, CreatedAt = now, CreatedBy = access.UserName, UpdatedAt = now,
        };
        p.Record(ProblemAction.Raise, access.UserName, now, ProblemNames.Source(source));
        return p;
    }

    /// <summary>
    /// Numbers the problem max + 1 within the campaign. Raising at once, all but one collide on the unique index and take
    /// the next number; each round at least one wins, so the attempts bound how many may raise at the same moment.
    /// </summary>
    private async Task AddAsync(Problem p)
    {
        db.Problems.Add(p);
        for (var attempt = 1; ; attempt++)
        {
            p.No = (await db.Problems.Where(x => x.CampaignId == p.CampaignId).MaxAsync(x => (int?)x.No) ?? 0) + 1;
            try
            {
                await db.SaveChangesAsync();
                return;
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex) && attempt < NumberAttempts)
            {
                // Still Added: the next attempt takes a fresh number, after a short random pause so the losers do not collide again in step.
                await Task.Delay(Random.Shared.Next(5, 30 * Math.Min(attempt, 5)));
            }
        }
    }

    // ---- editing and the steps of 整改 ----

    public async Task<ProblemView> UpdateAsync(int campaignId, int problemId, ProblemInput input)
    {
        Require(Permissions.ProblemRaise, "没有修改问题的权限");
        var p = await FindAsync(campaignId, problemId, tracking: true);
        var campaign = await WritableAsync(campaignId);
        if (p.IsClosed) throw new ConflictException("问题已销号，不能再修改");
        var description = input.Description ?? p.Description;
        var measure = input.Measure ?? p.Measure;
        var deadline = input.Deadline ?? p.Deadline;
        Apply(Problem.Validate(description, measure, deadline, Today, deadlineChanged: deadline != p.Deadline));
        if (input.OwnerUnitId is not null) await CheckOwnerAsync(campaignId, input.OwnerUnitId);
        if (input.NodeId is not null) await CheckNodeAsync(campaign, input.NodeId);
        var changes = new List<string>();
        if (description.Trim() != p.Description) { changes.Add("问题描述"); p.Description = description.Trim(); }
        if (measure.Trim() != p.Measure) { changes.Add("整改措施"); p.Measure = measure.Trim(); }
        if (deadline != p.Deadline) { changes.Add($"整改时限 {p.Deadline:yyyy-MM-dd} → {deadline:yyyy-MM-dd}"); p.Deadline = deadline; }
        var ownerChanged = input.OwnerUnitId is int owner && owner != p.OwnerUnitId;
        if (ownerChanged) { changes.Add("责任单位"); p.OwnerUnitId = input.OwnerUnitId!.Value; }
        if (input.NodeId is int node && node != p.NodeId) { changes.Add("指标"); p.NodeId = node; }
        if (changes.Count > 0)
        {
            p.Record(ProblemAction.Edit, access.UserName, clock.GetUtcNow(), "修改了" + string.Join("、", changes));
            await db.SaveChangesAsync();
            if (ownerChanged) await NotifyRaisedAsync(p);
        }
        return await ViewAsync(p);
    }

    public async Task<ProblemView> StartAsync(int campaignId, int problemId)
    {
        Require(Permissions.ProblemRectify, "没有整改问题的权限");
        var p = await FindAsync(campaignId, problemId, tracking: true);
        await WritableAsync(campaignId);
        Apply(p.Start());
        p.Record(ProblemAction.Start, access.UserName, clock.GetUtcNow());
        await db.SaveChangesAsync();
        return await ViewAsync(p);
    }

    /// <summary>Hands in the proof: evidence items of the campaign, in the caller's scope and not deleted; the office is told.</summary>
    public async Task<ProblemView> SubmitProofAsync(int campaignId, int problemId, ProofInput input)
    {
        Require(Permissions.ProblemRectify, "没有整改问题的权限");
        var p = await FindAsync(campaignId, problemId, tracking: true);
        await WritableAsync(campaignId);
        var ids = (input.EvidenceIds ?? []).Distinct().ToList();
        if (ids.Count > 0)
        {
            var visible = (await VisibleUnitsAsync(campaignId))?.ToList();
            var q = db.EvidenceItems.AsNoTracking().Where(e => ids.Contains(e.Id) && e.CampaignId == campaignId && e.DeletedAt == null);
            if (visible is not null) q = q.Where(e => visible.Contains(e.UnitId));
            if (await q.CountAsync() != ids.Count) throw new RefusedException(new Refusal("所选佐证材料不存在、已删除或不在您的范围内", "proof"));
        }
        Apply(p.SubmitProof(ids, input.Note));
        var now = clock.GetUtcNow();
        p.Record(ProblemAction.SubmitProof, access.UserName, now, $"佐证材料{ids.Count}件" + (p.ProofNote.Length > 0 ? $"：{p.ProofNote}" : ""));
        await db.SaveChangesAsync();
        var unit = await UnitNameAsync(p.OwnerUnitId);
        await notifier.NotifyAsync(await OfficeAsync(campaignId), new NotificationMessage(NotificationKind.Submitted, campaignId,
            $"{unit}提交了问题{p.No}的销号材料", $"{unit}为问题{p.No}（{Clip(p.Description, 40)}）提交了{ids.Count}件整改佐证材料，请对账销号。",
            Link(p), $"problem:{p.Id}:proof:{p.Steps.Max(s => s.Id)}") { ToGroupRobot = false });
        return await ViewAsync(p);
    }

    /// <summary>对账销号: the office approves the proof.</summary>
    public async Task<ProblemView> CloseAsync(int campaignId, int problemId)
    {
        Require(Permissions.ProblemClose, "没有对账销号的权限");
        var p = await FindAsync(campaignId, problemId, tracking: true);
        await WritableAsync(campaignId);
        var now = clock.GetUtcNow();
        Apply(p.Close(access.UserName, now));
        p.Record(ProblemAction.Close, access.UserName, now);
        await db.SaveChangesAsync();
        await notifier.NotifyUnitAsync(p.OwnerUnitId, UnitPeople, new NotificationMessage(NotificationKind.Approved, campaignId,
            $"问题{p.No}已销号", $"问题{p.No}（{Clip(p.Description, 40)}）的整改材料已通过对账，已销号。", Link(p), $"problem:{p.Id}:closed") { ToGroupRobot = false });
        return await ViewAsync(p);
    }

    /// <summary>退回整改: the office sends the proof back with its reason.</summary>
    public async Task<ProblemView> ReturnAsync(int campaignId, int problemId, ReasonInput input)
    {
        Require(Permissions.ProblemClose, "没有退回整改的权限");
        var p = await FindAsync(campaignId, problemId, tracking: true);
        await WritableAsync(campaignId);
        Apply(p.ReturnForRework(input.Reason));
        p.Record(ProblemAction.ReturnForRework, access.UserName, clock.GetUtcNow(), p.ReturnReason);
        await db.SaveChangesAsync();
        await notifier.NotifyUnitAsync(p.OwnerUnitId, UnitPeople, new NotificationMessage(NotificationKind.Returned, campaignId,
            $"问题{p.No}退回整改：{Clip(p.ReturnReason!, 40)}", $"问题{p.No}（{Clip(p.Description, 40)}）的销号材料被退回。原因：{p.ReturnReason}。请继续整改后重新提交。",
            Link(p), $"problem:{p.Id}:returned:{p.Steps.Max(s => s.Id)}") { ToGroupRobot = false });
        return await ViewAsync(p);
    }

    // ---- notices ----

    private static string Link(Problem p) => $"/campaigns/{p.CampaignId}/problems/{p.Id}";

    private Task<string> UnitNameAsync(int unitId) => db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Name).FirstAsync();

    private Task<List<int>> OfficeAsync(int campaignId) =>
        db.Users.Where(u => u.Role == Roles.Office && !u.Disabled && u.UnitId != null && db.Units.Any(x => x.Id == u.UnitId && x.CampaignId == campaignId))
            .Select(u => u.Id).ToListAsync();

    private Task NotifyRaisedAsync(Problem p) =>
        notifier.NotifyUnitAsync(p.OwnerUnitId, UnitPeople, new NotificationMessage(NotificationKind.Notice, p.CampaignId,
            $"新的整改问题{p.No}（{p.Deadline:yyyy-MM-dd}前整改）", $"{ProblemNames.Source(p.Source)}：{Clip(p.Description, 80)}。请于{ChinaTime.Day(p.Deadline)}前整改并提交销号材料。",
            Link(p), $"problem:{p.Id}:raised:{p.OwnerUnitId}") { ToGroupRobot = false });

    // ---- exports ----

    public static readonly string[] Formats = ["xlsx", "docx"];
    public static readonly string[] Kinds = ["list", "ledger"];

    /// <summary>The 问题清单 (kind list) or the 整改台账 (kind ledger) of every problem in the caller's scope, as .xlsx or .docx.</summary>
    public async Task<(byte[] Bytes, string FileName)> ExportAsync(int campaignId, string? kind, string? format)
    {
        Require(Permissions.ProblemView, "没有查看问题清单的权限");
        var campaign = await CampaignAsync(campaignId);
        kind = string.IsNullOrWhiteSpace(kind) ? "list" : kind.Trim().ToLowerInvariant();
        format = string.IsNullOrWhiteSpace(format) ? "xlsx" : format.Trim().ToLowerInvariant();
        if (!Kinds.Contains(kind)) throw new RefusedException(new Refusal("导出类型只能是 list（问题清单）或 ledger（整改台账）", "kind"));
        if (!Formats.Contains(format)) throw new RefusedException(new Refusal("导出格式只能是 xlsx 或 docx", "format"));
        var problems = await (await ScopedAsync(campaignId)).OrderBy(p => p.No).ToListAsync();
        var rows = await RowsAsync(campaignId, problems);
        var ledger = kind == "ledger";
        var proofTitles = new Dictionary<int, string>();
        if (ledger)
        {
            var ids = problems.SelectMany(p => p.Proof).Distinct().ToList();
            proofTitles = await db.EvidenceItems.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Title);
        }
        var today = Today;
        var sheetRows = problems.Zip(rows).Select(x =>
        {
            var (p, r) = x;
            var indicator = r.IndicatorCode is null ? "" : $"{r.IndicatorCode}. {r.IndicatorTitle}";
            var status = r.Status + (r.Overdue ? "（逾期）" : "");
            if (!ledger) return new ProblemSheetRow(p.No.ToString(), indicator, p.Description, r.Source, r.OwnerUnitName, p.Measure, $"{p.Deadline:yyyy-MM-dd}", status);
            var proof = string.Join("\n", p.Proof.Select((id, i) => $"{i + 1}. {proofTitles.GetValueOrDefault(id, $"材料{id}")}"));
            var progress = p.ProofNote.Length > 0 ? p.ProofNote : p.Status == ProblemStatus.Open ? "尚未开始整改" : p.Status == ProblemStatus.InProgress ? "正在整改" : "";
            if (p.ReturnReason is { } back && p.Status == ProblemStatus.InProgress) progress += $"（退回整改：{back}）";
            return new ProblemSheetRow(p.No.ToString(), indicator, p.Description, r.Source, r.OwnerUnitName, p.Measure, $"{p.Deadline:yyyy-MM-dd}", status,
                progress, proof, p.ClosedAt is { } at ? ChinaTime.DateOf(at).ToString("yyyy-MM-dd") : "", p.ClosedBy ?? "");
        }).ToList();
        var closed = problems.Count(p => p.IsClosed);
        var title = $"{campaign.Name}{(ledger ? "整改台账" : "问题清单")}";
        var subtitle = $"截至{today.Year}年{today.Month}月{today.Day}日，共{problems.Count}个问题，已销号{closed}个，未销号{problems.Count - closed}个，其中逾期{problems.Count(p => p.IsOverdue(today))}个";
        var sheet = new ProblemSheet(ledger ? ProblemSheetKind.Ledger : ProblemSheetKind.List, title, subtitle, sheetRows);
        using var ms = new MemoryStream();
        if (format == "docx") ProblemDocxWriter.Write(sheet, ms); else ProblemXlsxWriter.Write(sheet, ms);
        return (ms.ToArray(), $"{(ledger ? "整改台账" : "问题清单")}-{campaign.Name}.{format}");
    }
}
