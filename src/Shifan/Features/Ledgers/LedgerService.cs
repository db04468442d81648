using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Core.Ledgers;
using Shifan.Core.Units;
using Shifan.Core.Users;
using Shifan.Documents.Ledgers;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Ledgers;

/// <summary>
/// The monthly 工作台账: reporting periods per campaign, a unit's ledger pre-filled from its assignments and
/// evidence, progress set by the liaison, submission (which freezes it), the unit head's confirmation,
/// revisions with what changed, lateness in China Standard Time, and the official exports. A liaison reaches
/// their own unit, a unit head their unit and below, the office the whole campaign; others answer 404.
/// </summary>
public sealed class LedgerService(ShifanDbContext db, CampaignAccess access, TimeProvider clock, StampedCache kept)
{
    public DateOnly Today => ChinaTime.Today(clock);

    private static void Refuse(Refusal refusal) => throw new LedgerRefusedException(refusal);

    private void Require(string permission, string message)
    {
        if (!access.Has(permission)) throw new ForbiddenException(message);
    }

    private async Task<Campaign> CampaignAsync(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        return await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId) ?? throw new NotFoundException("创建活动不存在");
    }

    private Task<HashSet<int>?> VisibleUnitsAsync(int campaignId) => access.VisibleUnitsAsync(db, campaignId);

    private async Task<Unit> UnitAsync(int campaignId, int unitId)
    {
        var visible = await VisibleUnitsAsync(campaignId);
        if (visible is not null && !visible.Contains(unitId)) throw new NotFoundException("单位不存在");
        return await db.Units.AsNoTracking().Include(u => u.Contacts).FirstOrDefaultAsync(u => u.Id == unitId && u.CampaignId == campaignId)
            ?? throw new NotFoundException("单位不存在");
    }

    private async Task<LedgerPeriod> PeriodAsync(int campaignId, int periodId) =>
        await db.LedgerPeriods.FirstOrDefaultAsync(p => p.Id == periodId && p.CampaignId == campaignId) ?? throw new NotFoundException("报送期不存在");

    private PeriodRow Row(LedgerPeriod p) => new(p.Id, p.Key, p.Name, LedgerPeriod.KindName(p.Kind), p.StartsOn, p.EndsOn, p.DueOn, Today > p.DueOn);

    // ---- periods ----

    public async Task<IReadOnlyList<PeriodRow>> PeriodsAsync(int campaignId)
    {
        await CampaignAsync(campaignId);
        var periods = await db.LedgerPeriods.AsNoTracking().Where(p => p.CampaignId == campaignId).ToListAsync();
        return periods.OrderByDescending(p => p.StartsOn).ThenBy(p => p.Kind).Select(Row).ToList();
    }

    public async Task<PeriodRow> PeriodRowAsync(int campaignId, int periodId)
    {
        await CampaignAsync(campaignId);
        return Row(await PeriodAsync(campaignId, periodId));
    }

    /// <summary>The period a command names: "2026-11" for a month, "adhoc-ID" (or the id) for a 督查.</summary>
    public async Task<LedgerPeriod> FindPeriodAsync(int campaignId, string key)
    {
        await CampaignAsync(campaignId);
        var periods = await db.LedgerPeriods.AsNoTracking().Where(p => p.CampaignId == campaignId).ToListAsync();
        return periods.FirstOrDefault(p => p.Key == key || p.Id.ToString() == key)
            ?? throw new NotFoundException($"创建活动 {campaignId} 没有报送期“{key}”");
    }

    public async Task<int> DueDayAsync(int campaignId) => (await CampaignAsync(campaignId)).LedgerDueDay;

    /// <summary>Adds a monthly period for every month of the campaign that has none yet; returns how many were added.</summary>
    public async Task<int> GenerateMonthlyAsync(int campaignId)
    {
        Require(Permissions.LedgerPeriodEdit, "没有设置报送期的权限");
        var campaign = await CampaignAsync(campaignId);
        var existing = await db.LedgerPeriods.Where(p => p.CampaignId == campaignId).ToListAsync();
        var added = 0;
        foreach (var (year, month) in LedgerPeriod.MonthsBetween(campaign.StartsOn, campaign.EndsOn))
        {
            var period = LedgerPeriod.Monthly(campaignId, year, month, campaign.LedgerDueDay);
            if (period.Validate(existing) is not null) continue;
            period.CreatedAt = clock.GetUtcNow();
            db.LedgerPeriods.Add(period);
            existing.Add(period);
            added++;
        }
        await db.SaveChangesAsync();
        return added;
    }

    /// <summary>Adds a period: a 督查 (ad hoc) by default, or one month; a period overlapping another of its kind is refused.</summary>
    public async Task<PeriodRow> AddPeriodAsync(int campaignId, PeriodInput input)
    {
        Require(Permissions.LedgerPeriodEdit, "没有设置报送期的权限");
        var campaign = await CampaignAsync(campaignId);
        var kind = input.Kind?.Trim().ToLowerInvariant() switch
        {
            null or "" or "adhoc" or "督查" => LedgerPeriodKind.AdHoc,
            "monthly" or "月度" => LedgerPeriodKind.Monthly,
            _ => throw new LedgerRefusedException(new Refusal("报送期类型只能是 monthly（月度）或 adhoc（督查）", "kind")),
        };
        if (input.StartsOn is not DateOnly starts) throw new LedgerRefusedException(new Refusal("请填写报送期开始日期", "startsOn"));
        LedgerPeriod period;
        if (kind == LedgerPeriodKind.Monthly)
            period = LedgerPeriod.Monthly(campaignId, starts.Year, starts.Month, campaign.LedgerDueDay);
        else
        {
            if (input.EndsOn is not DateOnly ends) throw new LedgerRefusedException(new Refusal("请填写报送期结束日期", "endsOn"));
            period = new LedgerPeriod
            {
                CampaignId = campaignId, Kind = kind, Name = input.Name?.Trim() ?? "", StartsOn = starts, EndsOn = ends, DueOn = input.DueOn ?? ends,
            };
        }
        var existing = await db.LedgerPeriods.Where(p => p.CampaignId == campaignId).ToListAsync();
        if (period.Validate(existing) is { } refusal) Refuse(refusal);
        period.CreatedAt = clock.GetUtcNow();
        db.LedgerPeriods.Add(period);
        await db.SaveChangesAsync();
        return Row(period);
    }

    /// <summary>Changes the campaign's due day (1–28) and moves the due date of every monthly period not yet due.</summary>
    public async Task SetDueDayAsync(int campaignId, int? dueDay)
    {
        Require(Permissions.LedgerPeriodEdit, "没有设置报送期的权限");
        var campaign = await CampaignAsync(campaignId);
        if (dueDay is not (>= 1 and <= 28)) Refuse(new Refusal("报送截止日只能是每月1日至28日", "dueDay"));
        campaign.LedgerDueDay = dueDay!.Value;
        var today = Today;
        foreach (var p in await db.LedgerPeriods.Where(p => p.CampaignId == campaignId && p.Kind == LedgerPeriodKind.Monthly).ToListAsync())
        {
            var due = LedgerPeriod.DueIn(p.StartsOn.AddMonths(1), campaign.LedgerDueDay);
            if (p.DueOn >= today && due >= today) p.DueOn = due;
        }
        await db.SaveChangesAsync();
    }

    // ---- one unit's ledger ----

    private async Task<List<Ledger>> RevisionsAsync(int periodId, int unitId, bool tracking = false)
    {
        var q = db.Ledgers.Include(l => l.Entries).Where(l => l.PeriodId == periodId && l.UnitId == unitId);
        return await (tracking ? q : q.AsNoTracking()).OrderBy(l => l.Revision).ToListAsync();
    }

    /// <summary>What the system knows for each unit's ledger: its indicators (in document order), 测评方法, requirements and the unit's evidence.</summary>
    private async Task<Dictionary<int, List<LedgerLine>>> PrefillAsync(Campaign campaign, IReadOnlyCollection<int> unitIds)
    {
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.CampaignId == campaign.Id && unitIds.Contains(a.UnitId))
            .Select(a => new { a.UnitId, a.NodeId }).Distinct().ToListAsync();
        var nodeIds = assignments.Select(a => a.NodeId).Distinct().ToList();
        // Only what a ledger line shows: not the nodes' long texts (goal, explanation, tasks), which a ledger never prints.
        var nodes = (await db.FrameworkNodes.AsNoTracking()
            .Where(n => n.FrameworkId == campaign.FrameworkId && nodeIds.Contains(n.Id))
            .Select(n => new PrefillNode(n.Id, n.Code, n.Title, n.Kind, n.Methods)).ToListAsync()).ToDictionary(n => n.Id);
        var requirementsOf = (await db.MaterialRequirements.AsNoTracking().Where(m => nodeIds.Contains(m.NodeId))
                .OrderBy(m => m.NodeId).ThenBy(m => m.No).Select(m => new { m.NodeId, m.No, m.Text }).ToListAsync())
            .ToLookup(m => m.NodeId);
        var evidence = await db.EvidenceItems.AsNoTracking()
            .Where(e => e.CampaignId == campaign.Id && e.DeletedAt == null && unitIds.Contains(e.UnitId) && nodeIds.Contains(e.NodeId))
            .OrderBy(e => e.Id).Select(e => new { e.UnitId, e.NodeId, e.Title }).ToListAsync();
        var byUnitNode = evidence.ToLookup(e => (e.UnitId, e.NodeId), e => e.Title);
        // Where the material stands in review (通过 / 待审 / 退回 per material requirement), as of the ledger.
        var reviews = (await db.RequirementReviews.AsNoTracking()
                .Where(r => r.CampaignId == campaign.Id && unitIds.Contains(r.UnitId) && nodeIds.Contains(r.NodeId))
                .GroupBy(r => new { r.UnitId, r.NodeId, r.State }).Select(g => new { g.Key.UnitId, g.Key.NodeId, g.Key.State, Count = g.Count() }).ToListAsync())
            .ToLookup(r => (r.UnitId, r.NodeId));
        string ReviewText(int unitId, int nodeId)
        {
            var rows = reviews[(unitId, nodeId)].ToList();
            if (rows.Count == 0) return "";
            int Of(params Core.Reviews.ReviewState[] states) => rows.Where(r => states.Contains(r.State)).Sum(r => r.Count);
            var parts = new[]
            {
                (Of(Core.Reviews.ReviewState.Approved), "通过"), (Of(Core.Reviews.ReviewState.Submitted, Core.Reviews.ReviewState.LeadApproved), "待审"),
                (Of(Core.Reviews.ReviewState.Returned), "退回"), (Of(Core.Reviews.ReviewState.Draft), "待重新提交"),
            }.Where(p => p.Item1 > 0).Select(p => $"{p.Item2}{p.Item1}项");
            return "\n审核：" + string.Join("、", parts);
        }
        var result = unitIds.ToDictionary(u => u, _ => new List<LedgerLine>());
        foreach (var a in assignments)
        {
            if (!nodes.TryGetValue(a.NodeId, out var node)) continue;
            var titles = byUnitNode[(a.UnitId, a.NodeId)].ToList();
            var requirements = string.Join("\n", requirementsOf[node.Id].Select(m => $"{m.No}. {m.Text}"));
            var materials = (titles.Count == 0 ? "尚未上报材料" : $"已上报{titles.Count}件：\n" + string.Join("\n", titles.Select((t, i) => $"{i + 1}. {t}"))) + ReviewText(a.UnitId, a.NodeId);
            result[a.UnitId].Add(new LedgerLine(node.Id, node.Code, node.Title, string.Join("、", node.Methods), requirements, materials, titles.Count,
                null, LedgerEntry.ProgressName(null), null));
        }
        foreach (var lines in result.Values) lines.Sort((x, y) => CompareCodes(nodes[x.NodeId], nodes[y.NodeId]));
        return result;
    }

    /// <summary>
    /// The pre-fill for showing a ledger, kept per caller until the next write (ADR-024): it lists every title of the
    /// unit's material, and in the days before the 5th a liaison reloads their ledger far more often than anything
    /// changes. Writing a draft, submitting and the exports always read it afresh.
    /// </summary>
    private async Task<List<LedgerLine>> KeptPrefillAsync(Campaign campaign, int unitId)
    {
        var lines = await kept.GetAsync("ledger-prefill", access.Caller, $"{campaign.Id}/{unitId}", async () => (await PrefillAsync(campaign, [unitId]))[unitId]);
        return [.. lines]; // the lines are records; the list is the caller's own
    }

    private sealed record PrefillNode(int Id, string Code, string Title, NodeKind Kind, List<string> Methods);

    private static int CompareCodes(PrefillNode a, PrefillNode b)
    {
        static (int, int, string) Key(PrefillNode n) => (n.Kind == NodeKind.Indicator ? 0 : (int)n.Kind + 1, int.TryParse(n.Code, out var i) ? i : int.MaxValue, n.Code);
        return Key(a).CompareTo(Key(b));
    }

    private static List<LedgerLine> Merge(List<LedgerLine> prefill, Ledger? draft)
    {
        if (draft is null) return prefill;
        var saved = draft.Entries.ToDictionary(e => e.NodeId);
        return prefill.Select(l => saved.TryGetValue(l.NodeId, out var e) ? l with { Progress = e.Progress, ProgressName = LedgerEntry.ProgressName(e.Progress), Note = e.Note } : l).ToList();
    }

    private static LedgerLine FromEntry(LedgerEntry e, string requirements) =>
        new(e.NodeId, e.Code, e.Title, e.Methods, requirements, e.Materials, e.EvidenceCount, e.Progress, LedgerEntry.ProgressName(e.Progress), e.Note);

    /// <summary>The unit's ledger for the period: the current revision (a frozen one as submitted, a draft refreshed from what the system knows), or a new pre-filled one.</summary>
    public async Task<LedgerView> GetAsync(int campaignId, int periodId, int unitId)
    {
        Require(Permissions.LedgerView, "没有查看工作台账的权限");
        var campaign = await CampaignAsync(campaignId);
        var unit = await UnitAsync(campaignId, unitId);
        var period = await PeriodAsync(campaignId, periodId);
        var revisions = await RevisionsAsync(periodId, unitId);
        return View(period, unit, revisions, await KeptPrefillAsync(campaign, unitId));
    }

    private LedgerView View(LedgerPeriod period, Unit unit, List<Ledger> revisions, List<LedgerLine> prefill)
    {
        var current = revisions.LastOrDefault();
        var requirements = prefill.ToDictionary(l => l.NodeId, l => l.Requirements);
        var lines = current is { Frozen: true }
            ? current.Entries.OrderBy(e => e.SortOrder).Select(e => FromEntry(e, requirements.GetValueOrDefault(e.NodeId, ""))).ToList()
            : Merge(prefill, current);
        var standing = LedgerStandings.Of(period.DueOn, Today, revisions.Count > 0, revisions.FirstOrDefault()?.SubmittedAt);
        var contact = unit.Contacts.OrderByDescending(c => c.IsPrimary).FirstOrDefault();
        return new LedgerView(Row(period), unit.Id, unit.Name, current?.Id, current?.Revision ?? 1,
            current is null ? "未开始" : Ledger.StatusName(current.Status), LedgerStandings.Name(standing), LedgerStandings.IsLate(standing),
            current?.Frozen ?? false, current?.Status == LedgerStatus.Confirmed,
            current?.Filler ?? contact?.Name, current?.Contact ?? contact?.Phone,
            current?.SubmittedAt, current?.SubmittedBy, current?.ConfirmedAt, current?.ConfirmedBy, lines);
    }

    /// <summary>Saves the progress of a draft (creating revision 1 on the first save); a frozen ledger is refused.</summary>
    public async Task<LedgerView> SaveAsync(int campaignId, int periodId, int unitId, LedgerInput input)
    {
        Require(Permissions.LedgerEdit, "没有填写工作台账的权限");
        await WriteDraftAsync(campaignId, periodId, unitId, input);
        await db.SaveChangesAsync();
        return await GetAsync(campaignId, periodId, unitId);
    }

    private async Task<Ledger> WriteDraftAsync(int campaignId, int periodId, int unitId, LedgerInput? input)
    {
        var campaign = await CampaignAsync(campaignId);
        var unit = await UnitAsync(campaignId, unitId);
        var period = await PeriodAsync(campaignId, periodId);
        if (campaign.Status == CampaignStatus.Closed) Refuse("创建活动已结束，不能再填写工作台账");
        var revisions = await RevisionsAsync(periodId, unitId, tracking: true);
        var current = revisions.LastOrDefault();
        if (current is { Frozen: true })
            Refuse(new Refusal($"第{current.Revision}版台账已{Ledger.StatusName(current.Status)}，不能直接修改；请先点击“修改台账”生成新版本"));
        var now = clock.GetUtcNow();
        if (current is null)
        {
            current = new Ledger { CampaignId = campaignId, PeriodId = period.Id, UnitId = unit.Id, Revision = 1, Status = LedgerStatus.Draft };
            db.Ledgers.Add(current);
        }
        var prefill = (await PrefillAsync(campaign, [unitId]))[unitId];
        var changes = new Dictionary<int, LedgerLineInput>();
        foreach (var line in input?.Entries ?? [])
        {
            if (prefill.All(l => l.NodeId != line.NodeId)) Refuse(new Refusal($"指标（编号{line.NodeId}）不是本单位承担的指标", "entries"));
            if (!LedgerEntry.TryParseProgress(line.Progress, out _)) Refuse(new Refusal($"完成进度“{line.Progress}”不正确（已完成、正在推进、未启动、不涉及）", "entries"));
            if (line.Note is { Length: > 2000 }) Refuse(new Refusal("完成情况不能超过2000字", "entries"));
            changes[line.NodeId] = line;
        }
        if (input?.Filler is { } filler)
        {
            if (filler.Trim().Length > 50) Refuse(new Refusal("填报人不能超过50个字", "filler"));
            current.Filler = Blank(filler);
        }
        if (input?.Contact is { } contact)
        {
            if (contact.Trim().Length > 100) Refuse(new Refusal("联系方式不能超过100个字", "contact"));
            current.Contact = Blank(contact);
        }
        // The lines follow what the system knows now, keeping the progress set so far; unchanged lines stay untouched (and unaudited).
        var existing = current.Entries.ToDictionary(e => e.NodeId);
        foreach (var gone in current.Entries.Where(e => prefill.All(l => l.NodeId != e.NodeId)).ToList())
        {
            current.Entries.Remove(gone);
            db.LedgerEntries.Remove(gone);
        }
        for (var i = 0; i < prefill.Count; i++)
        {
            var l = prefill[i];
            if (!existing.TryGetValue(l.NodeId, out var entry))
            {
                entry = new LedgerEntry { NodeId = l.NodeId };
                current.Entries.Add(entry);
            }
            entry.SortOrder = i + 1;
            entry.Code = Clip(l.Code, 20);
            entry.Title = Clip(l.Title, 500);
            entry.Methods = Clip(l.Methods, 500);
            entry.Materials = l.Materials;
            entry.EvidenceCount = l.EvidenceCount;
            if (changes.TryGetValue(l.NodeId, out var c))
            {
                LedgerEntry.TryParseProgress(c.Progress, out var progress);
                entry.Progress = progress;
                entry.Note = Blank(c.Note);
            }
        }
        current.UpdatedAt = now;
        current.UpdatedBy = access.UserName;
        return current;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Clip(string s, int max) => s.Length > max ? s[..max] : s;

    /// <summary>Submits the current draft (with the given changes, if any): it is frozen from then on. An empty ledger is refused.</summary>
    public async Task<LedgerView> SubmitAsync(int campaignId, int periodId, int unitId, LedgerInput? input)
    {
        Require(Permissions.LedgerSubmit, "没有提交工作台账的权限");
        if (input is not null) Require(Permissions.LedgerEdit, "没有填写工作台账的权限");
        var ledger = await WriteDraftAsync(campaignId, periodId, unitId, input);
        if (ledger.CheckSubmit() is { } refusal) Refuse(refusal);
        ledger.Status = LedgerStatus.Submitted;
        ledger.SubmittedAt = clock.GetUtcNow();
        ledger.SubmittedBy = access.UserName;
        await db.SaveChangesAsync();
        return await GetAsync(campaignId, periodId, unitId);
    }

    /// <summary>The unit head confirms a submitted revision: the electronic stand-in for the 公章.</summary>
    public async Task<LedgerView> ConfirmAsync(int campaignId, int periodId, int unitId)
    {
        Require(Permissions.LedgerConfirm, "没有确认工作台账的权限");
        await CampaignAsync(campaignId);
        await UnitAsync(campaignId, unitId);
        await PeriodAsync(campaignId, periodId);
        var current = (await RevisionsAsync(periodId, unitId, tracking: true)).LastOrDefault();
        if (current is null || current.Status == LedgerStatus.Draft) Refuse("台账尚未提交，不能确认");
        if (current!.Status == LedgerStatus.Confirmed) Refuse($"第{current.Revision}版台账已确认");
        current.Status = LedgerStatus.Confirmed;
        current.ConfirmedAt = clock.GetUtcNow();
        current.ConfirmedBy = access.UserName;
        await db.SaveChangesAsync();
        return await GetAsync(campaignId, periodId, unitId);
    }

    /// <summary>Opens the next revision of a submitted ledger for changes; the submitted one is kept as it was.</summary>
    public async Task<LedgerView> ReviseAsync(int campaignId, int periodId, int unitId)
    {
        Require(Permissions.LedgerEdit, "没有填写工作台账的权限");
        var campaign = await CampaignAsync(campaignId);
        await UnitAsync(campaignId, unitId);
        await PeriodAsync(campaignId, periodId);
        if (campaign.Status == CampaignStatus.Closed) Refuse("创建活动已结束，不能再修改工作台账");
        var current = (await RevisionsAsync(periodId, unitId)).LastOrDefault();
        if (current is null || !current.Frozen) Refuse("台账尚未提交，可以直接修改，无需生成新版本");
        db.Ledgers.Add(current!.NextRevision(clock.GetUtcNow(), access.UserName));
        await db.SaveChangesAsync();
        return await GetAsync(campaignId, periodId, unitId);
    }

    /// <summary>Every revision, newest first, with what changed against the one before.</summary>
    public async Task<IReadOnlyList<LedgerRevisionRow>> HistoryAsync(int campaignId, int periodId, int unitId)
    {
        Require(Permissions.LedgerView, "没有查看工作台账的权限");
        await CampaignAsync(campaignId);
        await UnitAsync(campaignId, unitId);
        await PeriodAsync(campaignId, periodId);
        var revisions = await RevisionsAsync(periodId, unitId);
        return revisions.Select((r, i) => new LedgerRevisionRow(r.Revision, Ledger.StatusName(r.Status), r.UpdatedAt, r.UpdatedBy, r.SubmittedAt, r.SubmittedBy,
                r.ConfirmedAt, r.ConfirmedBy, i == 0 ? [] : LedgerDiff.Between(revisions[i - 1], r)))
            .Reverse().ToList();
    }

    // ---- the office's view ----

    /// <summary>Per unit holding indicators: submitted, late (from the day after the due date, China Standard Time), or not started.</summary>
    public async Task<PeriodOverview> OverviewAsync(int campaignId, int periodId)
    {
        Require(Permissions.LedgerOverview, "没有查看各单位报送情况的权限");
        var campaign = await CampaignAsync(campaignId);
        var period = await PeriodAsync(campaignId, periodId);
        var (units, revisions, prefill) = await LoadAllAsync(campaign, periodId);
        var rows = new List<UnitStandingRow>();
        foreach (var unit in units)
        {
            var view = View(period, unit, revisions[unit.Id], prefill[unit.Id]);
            var list = revisions[unit.Id];
            var standing = LedgerStandings.Of(period.DueOn, Today, list.Count > 0, list.FirstOrDefault()?.SubmittedAt);
            var lines = view.Lines;
            var contact = unit.Contacts.OrderByDescending(c => c.IsPrimary).FirstOrDefault();
            rows.Add(new UnitStandingRow(unit.Id, unit.Name, contact?.Name, contact?.Phone, lines.Count, LedgerStandings.Name(standing), LedgerStandings.IsLate(standing),
                list.Any(l => l.SubmittedAt is not null), list.Count == 0, view.Revision, list.FirstOrDefault()?.SubmittedAt, view.Confirmed,
                lines.Count(l => l.Progress == LedgerProgress.Done), lines.Count(l => l.Progress == LedgerProgress.InProgress),
                lines.Count(l => l.Progress == LedgerProgress.NotStarted), lines.Count(l => l.Progress == LedgerProgress.NotApplicable),
                lines.Count(l => l.Progress is null)));
        }
        return new PeriodOverview(Row(period), rows);
    }

    /// <summary>The units that hold indicators (within the caller's scope), their revisions and pre-fill, in three queries.</summary>
    private async Task<(List<Unit> Units, Dictionary<int, List<Ledger>> Revisions, Dictionary<int, List<LedgerLine>> Prefill)> LoadAllAsync(Campaign campaign, int periodId)
    {
        var visible = await VisibleUnitsAsync(campaign.Id);
        var holding = await db.Assignments.Where(a => a.CampaignId == campaign.Id).Select(a => a.UnitId).Distinct().ToListAsync();
        var units = (await db.Units.AsNoTracking().Include(u => u.Contacts).Where(u => u.CampaignId == campaign.Id && holding.Contains(u.Id)).ToListAsync())
            .Where(u => visible is null || visible.Contains(u.Id)).OrderBy(u => u.SortOrder).ThenBy(u => u.Id).ToList();
        var ids = units.Select(u => u.Id).ToList();
        var all = await db.Ledgers.AsNoTracking().Include(l => l.Entries).Where(l => l.PeriodId == periodId && ids.Contains(l.UnitId)).ToListAsync();
        var revisions = ids.ToDictionary(id => id, id => all.Where(l => l.UnitId == id).OrderBy(l => l.Revision).ToList());
        return (units, revisions, await PrefillAsync(campaign, ids));
    }

    // ---- documents ----

    public static readonly string[] Formats = ["docx", "xlsx"];

    private LedgerSheet Sheet(Campaign campaign, LedgerView view)
    {
        var filled = view.SubmittedAt is { } at ? ChinaTime.DateOf(at) : Today;
        var seal = view.Confirmed ? $"已由{view.ConfirmedBy}于{ChinaTime.Format(view.ConfirmedAt!.Value)}确认" : view.Frozen ? "已提交，待单位负责人确认" : "未提交";
        var responsible = string.Join(" ", new[] { view.Filler, view.Contact }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new LedgerSheet($"{campaign.Name}工作台账（{view.Period.Name}）", view.UnitName, $"{filled.Year}年{filled.Month}月{filled.Day}日",
            view.Filler, view.Contact, seal,
            view.Lines.Select(l => new LedgerSheetRow(l.Code, l.Title, l.Methods, l.Materials, ProgressText(l), responsible)).ToList());
    }

    private static string ProgressText(LedgerLine l) =>
        l.Progress is null ? "" : string.IsNullOrWhiteSpace(l.Note) ? l.ProgressName : $"{l.ProgressName}：{l.Note}";

    /// <summary>The unit's ledger in the official form, as .docx or .xlsx.</summary>
    public async Task<(byte[] Bytes, string FileName)> ExportUnitAsync(int campaignId, int periodId, int unitId, string? format)
    {
        var view = await GetAsync(campaignId, periodId, unitId);
        if (format is null || !Formats.Contains(format)) Refuse(new Refusal("导出格式只能是 docx 或 xlsx", "format"));
        var campaign = await CampaignAsync(campaignId);
        var sheet = Sheet(campaign, view);
        using var ms = new MemoryStream();
        if (format == "docx") LedgerDocxWriter.Write(sheet, ms); else LedgerXlsxWriter.Write(sheet, ms);
        return (ms.ToArray(), $"工作台账-{view.UnitName}-{view.Period.Name}.{format}");
    }

    /// <summary>The office's consolidated ledger: a summary sheet and one sheet per unit.</summary>
    public async Task<(byte[] Bytes, string FileName)> ExportConsolidatedAsync(int campaignId, int periodId)
    {
        Require(Permissions.LedgerOverview, "没有导出汇总台账的权限");
        var campaign = await CampaignAsync(campaignId);
        var period = await PeriodAsync(campaignId, periodId);
        var overview = await OverviewAsync(campaignId, periodId);
        var (units, revisions, prefill) = await LoadAllAsync(campaign, periodId);
        var sheets = units.Select(u => Sheet(campaign, View(period, u, revisions[u.Id], prefill[u.Id]))).ToList();
        var summary = overview.Units.Select(u => new LedgerSummaryRow(u.UnitName, u.Standing,
            u.SubmittedAt is { } s ? ChinaTime.Format(s) : "", u.Confirmed ? "已确认" : "", u.Indicators, u.Done, u.InProgress, u.NotStartedCount, u.NotApplicable, u.Blank)).ToList();
        using var ms = new MemoryStream();
        LedgerXlsxWriter.WriteConsolidated($"{campaign.Name}工作台账汇总（{period.Name}，截止{period.DueOn:yyyy-MM-dd}）", summary, sheets, ms);
        return (ms.ToArray(), $"工作台账汇总-{period.Name}.xlsx");
    }
}
