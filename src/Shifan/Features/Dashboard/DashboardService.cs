using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Ledgers;
using Shifan.Core.Reviews;
using Shifan.Core.Supervision;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Dashboard;

/// <summary>
/// The 督导 figures of one campaign, computed by the server from aggregate queries (review counts grouped by
/// indicator, unit and state; return counts; one row per unit's ledger), never by loading evidence: indicators by
/// state, area, unit and 测评方法, traffic lights, ledgers this period, the trend over periods, the ranking, and the
/// list behind every figure. Everything is limited to the units the caller may see (<see cref="CampaignAccess"/>).
/// </summary>
public sealed class DashboardService(ShifanDbContext db, CampaignAccess access, TimeProvider clock, StampedCache kept)
{
    public DateOnly Today => ChinaTime.Today(clock);

    private const int MaxRows = 500;

    /// <summary>An indicator of the framework, its area and methods.</summary>
    internal sealed record Node(int Id, string Code, string Title, int? AreaId, string AreaName, IReadOnlyList<string> Methods, int Order);

    /// <summary>One unit's share of one indicator: how it stands, when it is due, how often it came back, its light.</summary>
    internal sealed record Share(int UnitId, int NodeId, AssignmentRole Role, WorkStanding Standing, DateOnly? DueOn, int Returns, TrafficLight Light);

    internal sealed record UnitInfo(int Id, string Name, int Order);

    internal sealed record Snapshot(
        Core.Campaigns.Campaign Campaign, SupervisionSettings Rules, HashSet<int>? Visible, List<Node> Nodes, List<UnitInfo> Units,
        List<Share> Shares, LedgerPeriod? Period, List<LedgerPeriod> Periods, Dictionary<int, LedgerStanding> LedgerStandings)
    {
        public Dictionary<int, Node> NodeById { get; } = Nodes.ToDictionary(n => n.Id);
        public Dictionary<int, UnitInfo> UnitById { get; } = Units.ToDictionary(u => u.Id);

        private ILookup<int, Share> ByNode { get; } = Shares.ToLookup(s => s.NodeId);
        private ILookup<int, Share> ByUnit { get; } = Shares.ToLookup(s => s.UnitId);

        public WorkStanding IndicatorStanding(int nodeId) => WorkStandings.OfIndicator(SharesOf(nodeId).Select(s => s.Standing).ToList());

        public IEnumerable<Share> SharesOf(int nodeId) => ByNode[nodeId];

        public bool Holds(int unitId) => ByUnit.Contains(unitId);

        public TrafficLight IndicatorLight(int nodeId) => TrafficLights.Worst(SharesOf(nodeId).Select(s => s.Light));

        public TrafficLight UnitLight(int unitId)
        {
            var light = TrafficLights.Worst(ByUnit[unitId].Select(s => s.Light));
            if (LedgerStandings.TryGetValue(unitId, out var l) && l is Core.Ledgers.LedgerStanding.Late or Core.Ledgers.LedgerStanding.Missing && light == TrafficLight.Green)
                light = TrafficLight.Yellow;
            return light;
        }

        /// <summary>Indicators in view: every indicator for the whole campaign, the unit's own indicators for a unit user.</summary>
        public IEnumerable<Node> NodesInView => Visible is null ? Nodes : Nodes.Where(n => ByNode.Contains(n.Id));
    }

    public async Task<SupervisionSettings> RulesAsync(int campaignId) =>
        await db.SupervisionSettings.AsNoTracking().FirstOrDefaultAsync(s => s.CampaignId == campaignId) ?? SupervisionSettings.Defaults(campaignId);

    private async Task<Core.Campaigns.Campaign> CampaignAsync(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        return await db.Campaigns.AsNoTracking().Include(c => c.Stages).FirstOrDefaultAsync(c => c.Id == campaignId)
            ?? throw new NotFoundException("创建活动不存在");
    }

    private void Require(string permission, string message)
    {
        if (!access.Has(permission)) throw new ForbiddenException(message);
    }

    /// <summary>The period a dashboard shows by default: the monthly period most recently due, else the first.</summary>
    private LedgerPeriod? DefaultPeriod(List<LedgerPeriod> periods)
    {
        var today = Today;
        return periods.Where(p => p.Kind == LedgerPeriodKind.Monthly && p.DueOn <= today).MaxBy(p => p.DueOn)
            ?? periods.Where(p => p.Kind == LedgerPeriodKind.Monthly).MinBy(p => p.DueOn) ?? periods.FirstOrDefault();
    }

    // The rows the figures are computed from, as read by the grouped queries (for one campaign or many at once).
    internal sealed record NodeRow(int Id, int? ParentId, NodeKind Kind, string Code, string Title, List<string> Methods, int SortOrder, bool NotApplicable);
    internal sealed record UnitRow(int Id, int CampaignId, int? ParentId, string Name, int SortOrder);
    internal sealed record AssignmentRow(int CampaignId, int UnitId, int NodeId, AssignmentRole Role, int? StageId, DateOnly? Deadline);
    internal sealed record ReviewCount(int CampaignId, int NodeId, int UnitId, ReviewState State, int Count);
    internal sealed record ReturnCount(int CampaignId, int NodeId, int UnitId, int Count);
    internal sealed record FirstLedger(int PeriodId, int UnitId, DateTimeOffset? SubmittedAt);

    /// <summary>Everything the figures are computed from; <paramref name="wholeCampaign"/> ignores the caller's unit scope (only for ranking places).</summary>
    internal async Task<Snapshot> SnapshotAsync(int campaignId, int? periodId, bool wholeCampaign = false)
    {
        Require(Permissions.DashboardView, "没有查看督导看板的权限");
        var campaign = await CampaignAsync(campaignId);
        var rules = await RulesAsync(campaignId);
        var visible = wholeCampaign ? null : await access.VisibleUnitsAsync(db, campaignId);
        var periods = await db.LedgerPeriods.AsNoTracking().Where(p => p.CampaignId == campaignId).ToListAsync();
        var period = periodId is int pid ? periods.FirstOrDefault(p => p.Id == pid) ?? throw new NotFoundException("报送期不存在") : DefaultPeriod(periods);
        var rows = await ReadAsync([campaignId], [campaign.FrameworkId], period is null ? [] : [period.Id]);
        return Build(campaign, rules, visible, rows.Nodes.Select(n => n.Node).ToList(), rows.Units, rows.Assignments, rows.Counts, rows.Returns, periods, period, rows.Ledgers);
    }

    /// <summary>
    /// The snapshots of many campaigns (their default periods, the caller's scope in each) from the same grouped queries
    /// as one campaign's, each over all of them at once: the province overview asks the database nine times, not per campaign.
    /// </summary>
    internal async Task<List<Snapshot>> SnapshotsAsync(IReadOnlyCollection<int> campaignIds)
    {
        Require(Permissions.DashboardView, "没有查看督导看板的权限");
        var ids = campaignIds.Where(access.CanSee).Distinct().ToList();
        if (ids.Count == 0) return [];
        var campaigns = await db.Campaigns.AsNoTracking().Include(c => c.Stages).Where(c => ids.Contains(c.Id)).ToListAsync();
        var settings = await db.SupervisionSettings.AsNoTracking().Where(s => ids.Contains(s.CampaignId)).ToDictionaryAsync(s => s.CampaignId);
        var periods = (await db.LedgerPeriods.AsNoTracking().Where(p => ids.Contains(p.CampaignId)).ToListAsync()).ToLookup(p => p.CampaignId);
        var chosen = campaigns.ToDictionary(c => c.Id, c => DefaultPeriod(periods[c.Id].ToList()));
        var rows = await ReadAsync(ids, campaigns.Select(c => c.FrameworkId).Distinct().ToList(), chosen.Values.OfType<LedgerPeriod>().Select(p => p.Id).ToList());
        var nodes = rows.Nodes.ToLookup(n => n.FrameworkId);
        var units = rows.Units.ToLookup(u => u.CampaignId);
        var assignments = rows.Assignments.ToLookup(a => a.CampaignId);
        var counts = rows.Counts.ToLookup(c => c.CampaignId);
        var returns = rows.Returns.ToLookup(r => r.CampaignId);
        var ledgers = rows.Ledgers.ToLookup(l => l.PeriodId);
        return campaigns.OrderBy(c => c.Id).Select(c =>
        {
            var campaignUnits = units[c.Id].ToList();
            var visible = access.VisibleUnits(campaignUnits.Select(u => new Core.Units.Unit { Id = u.Id, CampaignId = u.CampaignId, ParentId = u.ParentId, Name = u.Name }).ToList());
            var period = chosen[c.Id];
            return Build(c, settings.GetValueOrDefault(c.Id) ?? SupervisionSettings.Defaults(c.Id), visible, nodes[c.FrameworkId].Select(n => n.Node).ToList(), campaignUnits,
                assignments[c.Id].ToList(), counts[c.Id].ToList(), returns[c.Id].ToList(), periods[c.Id].ToList(), period, period is null ? [] : ledgers[period.Id].ToList());
        }).ToList();
    }

    private sealed record Rows(List<(int FrameworkId, NodeRow Node)> Nodes, List<UnitRow> Units, List<AssignmentRow> Assignments, List<ReviewCount> Counts,
        List<ReturnCount> Returns, List<FirstLedger> Ledgers);

    /// <summary>The grouped queries: review states counted per campaign, indicator, unit and state; returns per campaign, indicator and unit.</summary>
    private async Task<Rows> ReadAsync(List<int> campaignIds, List<int> frameworkIds, List<int> periodIds)
    {
        var nodes = (await db.FrameworkNodes.AsNoTracking().Where(n => frameworkIds.Contains(n.FrameworkId))
                .Select(n => new { n.FrameworkId, n.Id, n.ParentId, n.Kind, n.Code, n.Title, n.Methods, n.SortOrder, n.NotApplicable }).ToListAsync())
            .Select(n => (n.FrameworkId, new NodeRow(n.Id, n.ParentId, n.Kind, n.Code, n.Title, n.Methods, n.SortOrder, n.NotApplicable))).ToList();
        var units = (await db.Units.AsNoTracking().Where(u => campaignIds.Contains(u.CampaignId))
            .Select(u => new { u.Id, u.CampaignId, u.ParentId, u.Name, u.SortOrder }).ToListAsync()).Select(u => new UnitRow(u.Id, u.CampaignId, u.ParentId, u.Name, u.SortOrder)).ToList();
        var assignments = (await db.Assignments.AsNoTracking().Where(a => campaignIds.Contains(a.CampaignId))
                .Select(a => new { a.CampaignId, a.UnitId, a.NodeId, a.Role, a.StageId, a.Deadline }).ToListAsync())
            .Select(a => new AssignmentRow(a.CampaignId, a.UnitId, a.NodeId, a.Role, a.StageId, a.Deadline)).ToList();
        // Read over every unit (rankings place every unit); Build narrows the figures to the caller's scope.
        var counts = (await db.RequirementReviews.IgnoreQueryFilters().AsNoTracking().Where(r => campaignIds.Contains(r.CampaignId))
                .GroupBy(r => new { r.CampaignId, r.NodeId, r.UnitId, r.State }).Select(g => new { g.Key.CampaignId, g.Key.NodeId, g.Key.UnitId, g.Key.State, Count = g.Count() }).ToListAsync())
            .Select(r => new ReviewCount(r.CampaignId, r.NodeId, r.UnitId, r.State, r.Count)).ToList();
        var returns = (await (from round in db.ReviewRounds
                              join r in db.RequirementReviews.IgnoreQueryFilters() on round.ReviewId equals r.Id
                              where campaignIds.Contains(r.CampaignId) && round.Action == ReviewAction.Return
                              group round by new { r.CampaignId, r.NodeId, r.UnitId } into g
                              select new { g.Key.CampaignId, g.Key.NodeId, g.Key.UnitId, Count = g.Count() }).ToListAsync())
            .Select(r => new ReturnCount(r.CampaignId, r.NodeId, r.UnitId, r.Count)).ToList();
        var ledgers = periodIds.Count == 0 ? [] : (await db.Ledgers.IgnoreQueryFilters().AsNoTracking().Where(l => periodIds.Contains(l.PeriodId) && l.Revision == 1)
            .Select(l => new { l.PeriodId, l.UnitId, l.SubmittedAt }).ToListAsync()).Select(l => new FirstLedger(l.PeriodId, l.UnitId, l.SubmittedAt)).ToList();
        return new Rows(nodes, units, assignments, counts, returns, ledgers);
    }

    /// <summary>One campaign's snapshot from its rows: indicators and areas, shares with their standing and light, ledgers of the period.</summary>
    private Snapshot Build(Core.Campaigns.Campaign campaign, SupervisionSettings rules, HashSet<int>? visible, List<NodeRow> rawNodes, List<UnitRow> unitRows,
        List<AssignmentRow> assignmentRows, List<ReviewCount> countRows, List<ReturnCount> returnRows, List<LedgerPeriod> periods, LedgerPeriod? period, List<FirstLedger> firstLedgers)
    {
        var today = Today;
        var byId = rawNodes.ToDictionary(n => n.Id);
        (int? Id, string Name) AreaOf(int id)
        {
            var n = byId[id];
            while (n.ParentId is int p && byId.TryGetValue(p, out var parent))
            {
                if (parent.Kind == NodeKind.Area) return (parent.Id, parent.Title);
                n = parent;
            }
            return (null, "未分类");
        }
        int Order(int id)
        {
            // Document order: the area's place, then the node's own.
            var n = byId[id];
            var area = AreaOf(id).Id is int a ? byId[a].SortOrder : 0;
            return area * 100_000 + (int.TryParse(n.Code, out var c) ? c : 50_000 + n.SortOrder);
        }
        var nodes = rawNodes.Where(n => n.Kind == NodeKind.Indicator && !n.NotApplicable)
            .Select(n => { var area = AreaOf(n.Id); return new Node(n.Id, n.Code, n.Title, area.Id, area.Name, n.Methods, Order(n.Id)); })
            .OrderBy(n => n.Order).ToList();

        var units = unitRows.Where(u => visible is null || visible.Contains(u.Id)).Select(u => new UnitInfo(u.Id, u.Name, u.SortOrder)).OrderBy(u => u.Order).ThenBy(u => u.Id).ToList();
        var unitIds = units.Select(u => u.Id).ToHashSet();
        var nodeIds = nodes.Select(n => n.Id).ToHashSet();

        // An assignment on a 一级/二级 node covers every indicator below it; one on a sub-item, its indicator.
        var children = rawNodes.Where(n => n.ParentId is not null).ToLookup(n => n.ParentId!.Value, n => n.Id);
        IEnumerable<int> IndicatorsOf(int nodeId)
        {
            if (nodeIds.Contains(nodeId)) return [nodeId];
            if (!byId.TryGetValue(nodeId, out var n)) return [];
            for (var up = n; up.ParentId is int pid && byId.TryGetValue(pid, out var parent); up = parent)
                if (nodeIds.Contains(parent.Id)) return [parent.Id];
            return children[nodeId].SelectMany(IndicatorsOf);
        }
        var assignments = assignmentRows.Where(a => unitIds.Contains(a.UnitId))
            .SelectMany(a => IndicatorsOf(a.NodeId).Select(n => a with { NodeId = n })).ToList();
        var stageDeadlines = campaign.Stages.ToDictionary(s => s.Id, s => s.Deadline);
        var currentStage = campaign.CurrentStage(today);

        // The review states, counted in the database per indicator, unit and state.
        var counts = countRows
            .SelectMany(r => IndicatorsOf(r.NodeId).Take(1).Select(n => r with { NodeId = n }))
            .GroupBy(r => (r.NodeId, r.UnitId, r.State)).Select(g => (g.Key.NodeId, g.Key.UnitId, g.Key.State, Count: g.Sum(x => x.Count)))
            .ToLookup(r => (r.NodeId, r.UnitId));
        var returns = returnRows
            .SelectMany(r => IndicatorsOf(r.NodeId).Take(1).Select(n => (NodeId: n, r.UnitId, r.Count)))
            .GroupBy(r => (r.NodeId, r.UnitId)).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));

        var shares = new List<Share>();
        foreach (var a in assignments.GroupBy(a => (a.NodeId, a.UnitId)))
        {
            var first = a.OrderBy(x => x.Role).First();
            var due = first.Deadline ?? (first.StageId is int s && stageDeadlines.TryGetValue(s, out var d) ? d : currentStage?.Deadline);
            var standing = WorkStandings.OfShare(counts[a.Key].ToDictionary(c => c.State, c => c.Count));
            var n = returns.GetValueOrDefault(a.Key);
            shares.Add(new Share(a.Key.UnitId, a.Key.NodeId, first.Role, standing, due, n, TrafficLights.OfShare(standing, due, today, n, rules)));
        }

        var ledgerStandings = new Dictionary<int, LedgerStanding>();
        if (period is not null)
        {
            var started = firstLedgers.Where(l => l.PeriodId == period.Id).ToDictionary(l => l.UnitId, l => l.SubmittedAt);
            var holding = shares.Select(s => s.UnitId).ToHashSet();
            foreach (var u in units.Where(u => holding.Contains(u.Id)))
                ledgerStandings[u.Id] = LedgerStandings.Of(period.DueOn, today, started.ContainsKey(u.Id), started.GetValueOrDefault(u.Id));
        }
        return new Snapshot(campaign, rules, visible, nodes, units, shares, period, periods, ledgerStandings);
    }

    private static string Link(int campaignId, string kind, params (string Key, object? Value)[] filters) =>
        $"/campaigns/{campaignId}/dashboard/list?kind={kind}" + string.Concat(filters.Where(f => f.Value is not null).Select(f => $"&{f.Key}={Uri.EscapeDataString(f.Value!.ToString()!)}"));

    // ---- the figures ----

    /// <summary>
    /// Kept per caller until the next write (ADR-024): before a deadline every office reloads its dashboard,
    /// mostly with nothing changed. The date is part of the key, since lights turn on "due within N days". Recomputed
    /// in the background before it grows old, so no caller waits for the recomputation (ADR-032).
    /// </summary>
    public Task<DashboardView> GetAsync(int campaignId, int? periodId) =>
        kept.GetAsync("dashboard", access.Caller, $"{campaignId}/{periodId}/{Shifan.Core.ChinaTime.Today(clock):O}", () => ComputeAsync(campaignId, periodId),
            refresh: sp => sp.GetRequiredService<DashboardService>().ComputeAsync(campaignId, periodId));

    private async Task<DashboardView> ComputeAsync(int campaignId, int? periodId)
    {
        var s = await SnapshotAsync(campaignId, periodId);
        var id = campaignId;
        var p = s.Period?.Id;
        var nodes = s.NodesInView.ToList();
        var standings = nodes.ToDictionary(n => n.Id, n => s.IndicatorStanding(n.Id));

        var byState = WorkStandings.All.Select(st => new Figure(WorkStandings.Name(st), standings.Values.Count(v => v == st),
            Link(id, "indicators", ("state", WorkStandings.Key(st)), ("period", p)))).ToList();
        var lights = Enum.GetValues<TrafficLight>();
        var indicatorLights = lights.Select(l => new Figure(TrafficLights.Name(l), nodes.Count(n => s.IndicatorLight(n.Id) == l),
            Link(id, "indicators", ("light", TrafficLights.Key(l)), ("period", p)))).ToList();
        var holding = s.Units.Where(u => s.Holds(u.Id)).ToList();
        var unitLights = lights.Select(l => new Figure(TrafficLights.Name(l), holding.Count(u => s.UnitLight(u.Id) == l),
            Link(id, "units", ("light", TrafficLights.Key(l)), ("period", p)))).ToList();

        Breakdown Row(string label, IEnumerable<WorkStanding> values, Func<WorkStanding, string> link, TrafficLight? light = null, string? rowLink = null)
        {
            var list = values.ToList();
            return new Breakdown(label, WorkStandings.All.Select(st => list.Count(v => v == st)).ToList(), WorkStandings.All.Select(link).ToList(),
                light is { } l ? TrafficLights.Key(l) : null, light is { } l2 ? TrafficLights.Name(l2) : null, rowLink);
        }
        var byArea = nodes.GroupBy(n => (n.AreaId, n.AreaName)).Select(g => Row(g.Key.AreaName, g.Select(n => standings[n.Id]),
            st => Link(id, "indicators", ("state", WorkStandings.Key(st)), ("area", g.Key.AreaId ?? 0), ("period", p)))).ToList();
        var byUnit = holding.Select(u => Row(u.Name, s.Shares.Where(x => x.UnitId == u.Id).Select(x => x.Standing),
            st => Link(id, "shares", ("state", WorkStandings.Key(st)), ("unit", u.Id), ("period", p)), s.UnitLight(u.Id),
            Link(id, "shares", ("unit", u.Id), ("period", p)))).ToList();
        var methods = nodes.SelectMany(n => n.Methods.DefaultIfEmpty("未注明")).Distinct().ToList();
        var byMethod = methods.Select(m => Row(m, nodes.Where(n => n.Methods.Contains(m) || m == "未注明" && n.Methods.Count == 0).Select(n => standings[n.Id]),
            st => Link(id, "indicators", ("state", WorkStandings.Key(st)), ("method", m), ("period", p)))).OrderByDescending(b => b.Total).ToList();

        var ledgers = new List<Figure>();
        if (s.Period is not null)
        {
            var l = s.LedgerStandings.Values.ToList();
            ledgers.Add(new Figure("按时提交", l.Count(x => x == LedgerStanding.Submitted), Link(id, "ledgers", ("state", "submitted"), ("period", p))));
            ledgers.Add(new Figure("逾期提交", l.Count(x => x == LedgerStanding.SubmittedLate), Link(id, "ledgers", ("state", "submittedlate"), ("period", p))));
            ledgers.Add(new Figure("逾期未交", l.Count(x => x is LedgerStanding.Late), Link(id, "ledgers", ("state", "late"), ("period", p))));
            ledgers.Add(new Figure("逾期未报", l.Count(x => x is LedgerStanding.Missing), Link(id, "ledgers", ("state", "missing"), ("period", p))));
            ledgers.Add(new Figure("未到期未提交", l.Count(x => x is LedgerStanding.NotStarted or LedgerStanding.Draft), Link(id, "ledgers", ("state", "open"), ("period", p))));
        }

        var attention = new List<Figure>
        {
            new("逾期未提交的任务", s.Shares.Count(Overdue), Link(id, "overdue", ("period", p))),
            new("被退回待重新提交的材料", await ReturnedQuery(s).CountAsync(), Link(id, "returned", ("period", p))),
            new("本期未报台账的单位", s.LedgerStandings.Values.Count(x => x is LedgerStanding.Missing or LedgerStanding.Late), Link(id, "ledgers", ("state", "missingorlate"), ("period", p))),
        };
        if (s.Visible is null)
        {
            attention.Add(new Figure("没有牵头单位的指标", nodes.Count(n => !s.SharesOf(n.Id).Any(x => x.Role == AssignmentRole.Lead)), Link(id, "nolead", ("period", p))));
            attention.Add(new Figure("无人提交过材料的材料要求", await UntouchedQuery(s).CountAsync(), Link(id, "untouched", ("period", p))));
        }

        var (problems, problemsByUnit) = await ProblemFiguresAsync(s);
        attention.Insert(1, problems[^1] with { Label = "逾期未销号的问题" });

        return new DashboardView(id, s.Campaign.Name, Today, s.Period?.Id, s.Period?.Name, s.Period?.DueOn,
            s.Periods.OrderByDescending(x => x.StartsOn).Select(x => new PeriodOption(x.Id, x.Name)).ToList(),
            s.Campaign.CurrentStage(Today)?.Name, s.Campaign.CurrentStage(Today)?.Deadline, TrafficLights.Describe(s.Rules),
            s.Visible is null, nodes.Count, byState, indicatorLights, unitLights, byArea, byUnit, byMethod, ledgers, await TrendAsync(s), attention,
            problems, problemsByUnit);
    }

    /// <summary>Problems of the units in view not yet closed (未销号), waiting for the office (待销号) and past their deadline (逾期, red); and per unit.</summary>
    private async Task<(List<Figure> Figures, List<UnitProblems> ByUnit)> ProblemFiguresAsync(Snapshot s)
    {
        var today = Today;
        var counts = (await OpenProblemsQuery(s).GroupBy(p => new { p.OwnerUnitId, p.Status, Late = p.Deadline < today })
                .Select(g => new { g.Key.OwnerUnitId, g.Key.Status, g.Key.Late, Count = g.Count() }).ToListAsync())
            .Where(c => s.UnitById.ContainsKey(c.OwnerUnitId)).ToList();
        var id = s.Campaign.Id;
        var figures = new List<Figure>
        {
            new("未销号的问题", counts.Sum(c => c.Count), Link(id, "problems", ("state", "open"), ("period", s.Period?.Id))),
            new("待销号的问题", counts.Where(c => c.Status == Core.Problems.ProblemStatus.AwaitingClose).Sum(c => c.Count), Link(id, "problems", ("state", "awaiting"), ("period", s.Period?.Id))),
            new("逾期问题", counts.Where(c => c.Late).Sum(c => c.Count), Link(id, "problems", ("state", "overdue"), ("period", s.Period?.Id))),
        };
        var byUnit = counts.GroupBy(c => c.OwnerUnitId).OrderBy(g => s.UnitById[g.Key].Order).ThenBy(g => g.Key)
            .Select(g => new UnitProblems(s.UnitById[g.Key].Name, g.Sum(c => c.Count), g.Where(c => c.Late).Sum(c => c.Count), $"/campaigns/{id}/problems?unit={g.Key}"))
            .ToList();
        return (figures, byUnit);
    }

    /// <summary>Problems not closed, of the units in view (read from the 问题清单's table, never written here).</summary>
    private IQueryable<Core.Problems.Problem> OpenProblemsQuery(Snapshot s)
    {
        var q = db.Problems.AsNoTracking().Where(p => p.CampaignId == s.Campaign.Id && p.Status != Core.Problems.ProblemStatus.Closed);
        if (s.Visible is { } v) { var ids = v.ToList(); q = q.Where(p => ids.Contains(p.OwnerUnitId)); }
        return q;
    }

    /// <summary>Per monthly period already started: ledgers on time / late / missing, and review activity in the period.</summary>
    private async Task<IReadOnlyList<TrendRow>> TrendAsync(Snapshot s)
    {
        var today = Today;
        var months = s.Periods.Where(p => p.Kind == LedgerPeriodKind.Monthly && p.StartsOn <= today).OrderBy(p => p.StartsOn).TakeLast(12).ToList();
        if (months.Count == 0) return [];
        var ids = months.Select(m => m.Id).ToList();
        var holding = s.LedgerStandings.Count > 0 ? s.LedgerStandings.Keys.ToHashSet() : s.Shares.Select(x => x.UnitId).ToHashSet();
        var firsts = (await db.Ledgers.AsNoTracking().Where(l => ids.Contains(l.PeriodId) && l.Revision == 1).Select(l => new { l.PeriodId, l.UnitId, l.SubmittedAt }).ToListAsync())
            .Where(l => holding.Contains(l.UnitId)).ToLookup(l => l.PeriodId);
        var visible = s.Visible?.ToList();
        var activity = new Dictionary<int, Dictionary<ReviewAction, int>>();
        foreach (var m in months)
        {
            var (start, end) = UtcRange(m);
            var q = from round in db.ReviewRounds
                    join r in db.RequirementReviews on round.ReviewId equals r.Id
                    where r.CampaignId == s.Campaign.Id && round.At >= start && round.At < end
                    select new { r.UnitId, round.Action };
            if (visible is not null) q = q.Where(x => visible.Contains(x.UnitId));
            activity[m.Id] = await q.GroupBy(x => x.Action).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        }
        return months.Select(m =>
        {
            var f = firsts[m.Id].ToList();
            var standings = holding.Select(u => f.FirstOrDefault(x => x.UnitId == u) is { } l
                ? LedgerStandings.Of(m.DueOn, today, true, l.SubmittedAt) : LedgerStandings.Of(m.DueOn, today, false, null)).ToList();
            var a = activity[m.Id];
            return new TrendRow(m.Name, standings.Count(x => x == LedgerStanding.Submitted), standings.Count(x => x is LedgerStanding.SubmittedLate or LedgerStanding.Late),
                standings.Count(x => x == LedgerStanding.Missing),
                a.GetValueOrDefault(ReviewAction.Submit), a.GetValueOrDefault(ReviewAction.Approve), a.GetValueOrDefault(ReviewAction.Return));
        }).ToList();
    }

    /// <summary>A period's days in China Standard Time as UTC instants (stored times are UTC).</summary>
    internal static (DateTimeOffset Start, DateTimeOffset End) UtcRange(LedgerPeriod p) =>
        (ChinaTime.StartOf(p.StartsOn).ToUniversalTime(), ChinaTime.StartOf(p.EndsOn.AddDays(1)).ToUniversalTime());

    /// <summary>Past its due date and not handed in (nothing yet, or returned and not handed in again).</summary>
    private bool Overdue(Share x) => x.DueOn is { } due && due < Today && x.Standing is WorkStanding.NotStarted or WorkStanding.Returned;

    private IQueryable<RequirementReview> ReturnedQuery(Snapshot s)
    {
        var q = db.RequirementReviews.AsNoTracking().Where(r => r.CampaignId == s.Campaign.Id && r.State == ReviewState.Returned);
        if (s.Visible is { } v) { var ids = v.ToList(); q = q.Where(r => ids.Contains(r.UnitId)); }
        return q;
    }

    private IQueryable<MaterialRequirement> UntouchedQuery(Snapshot s)
    {
        var nodeIds = s.Nodes.Select(n => n.Id).ToList();
        var campaignId = s.Campaign.Id;
        return db.MaterialRequirements.AsNoTracking().Where(m => nodeIds.Contains(m.NodeId)
            && !db.RequirementReviews.IgnoreQueryFilters().Any(r => r.CampaignId == campaignId && r.MaterialRequirementId == m.Id && r.State != ReviewState.Draft));
    }

    // ---- the lists behind the figures ----

    /// <summary>The list behind a figure (kinds: indicators, shares, units, ledgers, overdue, returned, nolead, untouched, problems).</summary>
    public async Task<DrillDown> ListAsync(int campaignId, DrillQuery q)
    {
        var s = await SnapshotAsync(campaignId, q.Period);
        var state = q.Kind is "ledgers" or "problems" ? null : WorkStandings.Parse(q.State);
        var light = TrafficLights.Parse(q.Light);
        if (q.State is not null && state is null && q.Kind is not ("ledgers" or "problems")) throw new RefusedException(new Refusal("状态只能是 approved、submitted、returned 或 notstarted", "state"));
        if (q.Light is not null && light is null) throw new RefusedException(new Refusal("灯色只能是 green、yellow 或 red", "light"));
        string Unit(int id) => s.UnitById.TryGetValue(id, out var u) ? u.Name : "";
        string Ind(int id) => s.NodeById[id].Code;
        string Due(DateOnly? d) => d?.ToString("yyyy-MM-dd") ?? "";
        string LeadsOf(int nodeId) => string.Join("、", s.SharesOf(nodeId).Where(x => x.Role == AssignmentRole.Lead).Select(x => Unit(x.UnitId)));
        var indicatorLink = $"/campaigns/{campaignId}/indicators";
        DrillRow ShareRow(Share x) => new([Unit(x.UnitId), Ind(x.NodeId), s.NodeById[x.NodeId].Title, AssignmentRoleName(x.Role), WorkStandings.Name(x.Standing), Due(x.DueOn), x.Returns.ToString(), TrafficLights.Name(x.Light)],
            $"/campaigns/{campaignId}/review?unit={x.UnitId}", TrafficLights.Key(x.Light));
        string[] shareColumns = ["单位", "指标", "指标名称", "分工", "状态", "截止日期", "退回次数", "灯色"];
        switch (q.Kind)
        {
            case "indicators":
            {
                var nodes = s.NodesInView.Where(n =>
                    (state is null || s.IndicatorStanding(n.Id) == state) && (light is null || s.IndicatorLight(n.Id) == light)
                    && (q.Area is null || (n.AreaId ?? 0) == q.Area) && (q.Method is null || n.Methods.Contains(q.Method) || q.Method == "未注明" && n.Methods.Count == 0)).ToList();
                var title = "指标" + Describe(state, light, q.Area is int a ? s.Nodes.FirstOrDefault(n => n.AreaId == a)?.AreaName ?? "未分类" : null, q.Method);
                return Cap(title, ["指标", "指标名称", "一级指标", "测评方法", "牵头单位", "状态", "灯色"], nodes.Select(n =>
                    new DrillRow([n.Code, n.Title, n.AreaName, string.Join("、", n.Methods), LeadsOf(n.Id), WorkStandings.Name(s.IndicatorStanding(n.Id)), TrafficLights.Name(s.IndicatorLight(n.Id))],
                        $"{indicatorLink}?node={n.Id}", TrafficLights.Key(s.IndicatorLight(n.Id)))).ToList());
            }
            case "shares":
            {
                var shares = s.Shares.Where(x => (q.Unit is null || x.UnitId == q.Unit) && (state is null || x.Standing == state) && (light is null || x.Light == light))
                    .OrderBy(x => s.UnitById[x.UnitId].Order).ThenBy(x => s.NodeById[x.NodeId].Order).ToList();
                var title = (q.Unit is int u ? Unit(u) + "的" : "") + "指标任务" + Describe(state, light, null, null);
                if (q.Unit is int unit && !s.UnitById.ContainsKey(unit)) throw new NotFoundException("单位不存在");
                return Cap(title, shareColumns, shares.Select(ShareRow).ToList());
            }
            case "overdue":
                return Cap("逾期未提交的指标任务", shareColumns, s.Shares.Where(Overdue).OrderBy(x => x.DueOn).ThenBy(x => s.UnitById[x.UnitId].Order).Select(ShareRow).ToList());
            case "units":
            {
                var units = s.Units.Where(u => s.Holds(u.Id) && (light is null || s.UnitLight(u.Id) == light)).ToList();
                return Cap("单位" + Describe(null, light, null, null), ["单位", "承担任务", "全部通过", "已提交", "被退回", "未开始", "逾期任务", "本期台账", "灯色"], units.Select(u =>
                {
                    var mine = s.Shares.Where(x => x.UnitId == u.Id).ToList();
                    return new DrillRow([u.Name, mine.Count.ToString(), .. WorkStandings.All.Select(st => mine.Count(x => x.Standing == st).ToString()), mine.Count(Overdue).ToString(),
                        s.LedgerStandings.TryGetValue(u.Id, out var l) ? LedgerStandings.Name(l) : "", TrafficLights.Name(s.UnitLight(u.Id))],
                        Link(campaignId, "shares", ("unit", u.Id), ("period", s.Period?.Id)), TrafficLights.Key(s.UnitLight(u.Id)));
                }).ToList());
            }
            case "ledgers":
            {
                if (s.Period is null) return new DrillDown("工作台账", [], [], 0);
                Func<LedgerStanding, bool> match = q.State switch
                {
                    "submitted" => l => l == LedgerStanding.Submitted,
                    "submittedlate" => l => l == LedgerStanding.SubmittedLate,
                    "late" => l => l == LedgerStanding.Late,
                    "missing" => l => l == LedgerStanding.Missing,
                    "missingorlate" => l => l is LedgerStanding.Missing or LedgerStanding.Late,
                    "open" => l => l is LedgerStanding.NotStarted or LedgerStanding.Draft,
                    null => _ => true,
                    _ => throw new RefusedException(new Refusal("台账状态只能是 submitted、submittedlate、late、missing、missingorlate 或 open", "state")),
                };
                var rows = s.LedgerStandings.Where(kv => match(kv.Value)).OrderBy(kv => s.UnitById[kv.Key].Order)
                    .Select(kv => new DrillRow([Unit(kv.Key), s.Period.Name, s.Period.DueOn.ToString("yyyy-MM-dd"), LedgerStandings.Name(kv.Value)],
                        $"/campaigns/{campaignId}/ledgers/{s.Period.Id}/units/{kv.Key}", LedgerStandings.IsLate(kv.Value) ? "red" : kv.Value == LedgerStanding.Submitted ? "green" : null)).ToList();
                return Cap($"{s.Period.Name}工作台账：{LedgerTitle(q.State)}", ["单位", "报送期", "报送截止", "报送情况"], rows);
            }
            case "returned":
            {
                var rows = await (from r in ReturnedQuery(s)
                                  join m in db.MaterialRequirements on r.MaterialRequirementId equals m.Id
                                  join n in db.FrameworkNodes on r.NodeId equals n.Id
                                  join u in db.Units on r.UnitId equals u.Id
                                  orderby r.UpdatedAt
                                  select new { r.Id, Unit = u.Name, n.Code, m.No, m.Text, r.ReturnReason, r.ReturnComment, r.UpdatedAt }).Take(MaxRows).ToListAsync();
                var total = await ReturnedQuery(s).CountAsync();
                return new DrillDown("被退回待重新提交的材料", ["单位", "指标", "材料", "退回原因", "说明", "退回时间"], rows.Select(r =>
                    new DrillRow([r.Unit, r.Code, $"{r.No}. {Clip(r.Text, 60)}", r.ReturnReason ?? "", r.ReturnComment ?? "", ChinaTime.Format(r.UpdatedAt)], $"/campaigns/{campaignId}/review/{r.Id}", "red")).ToList(), total);
            }
            case "nolead":
            {
                RequireWhole(s);
                var nodes = s.Nodes.Where(n => !s.SharesOf(n.Id).Any(x => x.Role == AssignmentRole.Lead)).ToList();
                return Cap("没有牵头单位的指标", ["指标", "指标名称", "一级指标", "责任单位"], nodes.Select(n =>
                    new DrillRow([n.Code, n.Title, n.AreaName, string.Join("、", s.SharesOf(n.Id).Select(x => Unit(x.UnitId)))], $"/campaigns/{campaignId}/units")).ToList());
            }
            case "untouched":
            {
                RequireWhole(s);
                var total = await UntouchedQuery(s).CountAsync();
                var rows = await UntouchedQuery(s).Select(m => new { m.NodeId, m.No, m.Text }).Take(MaxRows * 4).ToListAsync();
                var list = rows.Where(r => s.NodeById.ContainsKey(r.NodeId)).OrderBy(r => s.NodeById[r.NodeId].Order).ThenBy(r => r.No).Take(MaxRows)
                    .Select(r => new DrillRow([Ind(r.NodeId), s.NodeById[r.NodeId].Title, $"{r.No}. {Clip(r.Text, 80)}", LeadsOf(r.NodeId)], $"{indicatorLink}?node={r.NodeId}")).ToList();
                return new DrillDown("无人提交过材料的材料要求", ["指标", "指标名称", "材料要求", "牵头单位"], list, total);
            }
            case "problems":
            {
                var today = Today;
                var q2 = OpenProblemsQuery(s);
                var (title, filtered) = q.State switch
                {
                    null or "overdue" => ("逾期问题", q2.Where(p => p.Deadline < today)),
                    "open" => ("未销号的问题", q2),
                    "awaiting" => ("待销号的问题", q2.Where(p => p.Status == Core.Problems.ProblemStatus.AwaitingClose)),
                    _ => throw new RefusedException(new Refusal("问题状态只能是 overdue、open 或 awaiting", "state")),
                };
                var rows = await (from p in filtered
                                  join u in db.Units on p.OwnerUnitId equals u.Id
                                  join n in db.FrameworkNodes on p.NodeId equals n.Id into nodes
                                  from n in nodes.DefaultIfEmpty()
                                  orderby p.Deadline, p.No
                                  select new { p.Id, p.No, Code = n == null ? null : n.Code, Unit = u.Name, p.Description, p.Deadline, p.Status }).ToListAsync();
                return Cap(title, ["问题序号", "指标", "责任单位", "问题描述", "整改时限", "状态"], rows.Select(r =>
                    new DrillRow([r.No.ToString(), r.Code ?? "", r.Unit, Clip(r.Description, 80), r.Deadline.ToString("yyyy-MM-dd"),
                        Core.Problems.ProblemNames.Status(r.Status) + (r.Deadline < today ? "（逾期）" : "")],
                        $"/campaigns/{campaignId}/problems/{r.Id}", r.Deadline < today ? "red" : null)).ToList());
            }
            default:
                throw new RefusedException(new Refusal("列表类型只能是 indicators、shares、units、ledgers、overdue、returned、nolead、untouched 或 problems", "kind"));
        }
    }

    private static void RequireWhole(Snapshot s)
    {
        // Lists about the framework as a whole are the office's; a unit sees its own work only.
        if (s.Visible is not null) throw new NotFoundException("该列表仅对全活动范围的用户开放");
    }

    private static string AssignmentRoleName(AssignmentRole role) => Assignment.RoleName(role);

    private static string Clip(string s, int max) => s.Length > max ? s[..max] + "…" : s;

    private static DrillDown Cap(string title, IReadOnlyList<string> columns, List<DrillRow> rows) => new(title, columns, rows.Take(MaxRows).ToList(), rows.Count);

    private static string Describe(WorkStanding? state, TrafficLight? light, string? area, string? method) =>
        string.Concat(new[] { area is null ? null : $"：{area}", method is null ? null : $"：测评方法“{method}”", state is { } st ? $"：{WorkStandings.Name(st)}" : null, light is { } l ? $"：{TrafficLights.Name(l)}" : null }.Where(x => x is not null));

    private static string LedgerTitle(string? state) => state switch
    {
        "submitted" => "按时提交", "submittedlate" => "逾期提交", "late" => "逾期未交", "missing" => "逾期未报", "missingorlate" => "逾期未交或未报", "open" => "未到期未提交", _ => "全部",
    };

    // ---- ranking ----

    /// <summary>Units ranked for a period by <see cref="RankingFormula"/>, each score explained line by line.</summary>
    public async Task<RankingView> RankingAsync(int campaignId, int? periodId)
    {
        var s = await SnapshotAsync(campaignId, periodId);
        if (s.Period is null) throw new NotFoundException("该创建活动还没有报送期");
        var (start, end) = UtcRange(s.Period);
        var activity = (await (from round in db.ReviewRounds
                               join r in db.RequirementReviews.IgnoreQueryFilters() on round.ReviewId equals r.Id
                               where r.CampaignId == campaignId && round.At >= start && round.At < end
                               group round by new { r.UnitId, round.Action } into g
                               select new { g.Key.UnitId, g.Key.Action, Count = g.Count() }).ToListAsync())
            .ToDictionary(x => (x.UnitId, x.Action), x => x.Count);
        // Ranked among every unit of the campaign (so a unit sees its true place), then shown within the caller's scope.
        var all = s.Visible is null ? s : await SnapshotAsync(campaignId, s.Period.Id, wholeCampaign: true);
        var inputs = all.Units.Where(u => all.Holds(u.Id)).Select(u =>
        {
            var mine = all.Shares.Where(x => x.UnitId == u.Id).ToList();
            return new RankingInput(u.Id, u.Name, mine.Count, mine.Count(x => x.Standing == WorkStanding.Approved),
                all.LedgerStandings.GetValueOrDefault(u.Id, LedgerStanding.NotStarted),
                activity.GetValueOrDefault((u.Id, ReviewAction.Submit)), activity.GetValueOrDefault((u.Id, ReviewAction.Return)), activity.GetValueOrDefault((u.Id, ReviewAction.Approve)));
        }).ToList();
        var ranked = RankingFormula.Rank(inputs, s.Rules).Where(x => s.Visible is null || s.Visible.Contains(x.UnitId)).ToList();
        return new RankingView(campaignId, s.Period.Id, s.Period.Name, RankingFormula.Text, Settings(s.Rules), ranked);
    }

    // ---- settings ----

    public static SettingsView Settings(SupervisionSettings r) => new(r.YellowDaysBeforeDue, r.YellowReturns, r.RedReturns, r.WeightCompletion, r.WeightTimeliness,
        r.WeightReturns, r.WeightApprovals, r.IssuingBody, r.NumberPrefix, TrafficLights.Describe(r));

    public async Task<SettingsView> GetSettingsAsync(int campaignId)
    {
        Require(Permissions.DashboardView, "没有查看督导看板的权限");
        await CampaignAsync(campaignId);
        return Settings(await RulesAsync(campaignId));
    }

    public async Task<SettingsView> SaveSettingsAsync(int campaignId, SettingsInput input)
    {
        Require(Permissions.SupervisionSettingsEdit, "没有设置红黄绿灯规则与排名权重的权限");
        await CampaignAsync(campaignId);
        var row = await db.SupervisionSettings.FirstOrDefaultAsync(x => x.CampaignId == campaignId);
        if (row is null)
        {
            row = SupervisionSettings.Defaults(campaignId);
            db.SupervisionSettings.Add(row);
        }
        row.YellowDaysBeforeDue = input.YellowDaysBeforeDue ?? row.YellowDaysBeforeDue;
        row.YellowReturns = input.YellowReturns ?? row.YellowReturns;
        row.RedReturns = input.RedReturns ?? row.RedReturns;
        row.WeightCompletion = input.WeightCompletion ?? row.WeightCompletion;
        row.WeightTimeliness = input.WeightTimeliness ?? row.WeightTimeliness;
        row.WeightReturns = input.WeightReturns ?? row.WeightReturns;
        row.WeightApprovals = input.WeightApprovals ?? row.WeightApprovals;
        if (input.IssuingBody is not null) row.IssuingBody = string.IsNullOrWhiteSpace(input.IssuingBody) ? null : input.IssuingBody.Trim();
        if (input.NumberPrefix is not null) row.NumberPrefix = string.IsNullOrWhiteSpace(input.NumberPrefix) ? null : input.NumberPrefix.Trim();
        if (row.Validate() is { } refusal) throw new RefusedException(refusal);
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = access.UserName;
        await db.SaveChangesAsync();
        return Settings(row);
    }
}
