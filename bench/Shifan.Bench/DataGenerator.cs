using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Campaigns;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Ledgers;
using Shifan.Core.Organisations;
using Shifan.Core.Reviews;
using Shifan.Core.Units;
using Shifan.Infrastructure.Persistence;

/// <summary>What to generate: campaigns under one province, each with its framework, units, periods, ledgers and evidence.</summary>
internal sealed record GeneratorOptions(int Campaigns, int Indicators = 100, int Units = 30, int Periods = 12, int EvidencePerIndicator = 20, int MaterialsPerIndicator = 3);

/// <summary>What was generated, for the load bench to pick its targets.</summary>
internal sealed record GeneratedData(int ProvinceId, IReadOnlyList<int> CampaignIds, string OfficeUnitName, int Rows, TimeSpan Elapsed);

/// <summary>
/// <c>bench generate</c>: fills a database with N campaigns as a province runs them — one province, a city per ten
/// campaigns, a county per campaign (every tenth campaign is the city's own) — each with its own framework (areas,
/// indicators, material requirements), units (the 创建办公室 and sections), assignments (a lead and one or two
/// responsible units per indicator, some with past or close deadlines), monthly ledger periods up to this month with
/// ledgers (on time, late, in draft, missing), and evidence items per indicator with review history (submitted,
/// lead-approved, approved, returned once or twice, drafts). Evidence is 情况说明 text, so no blob is needed.
/// Rows go in with multi-row INSERTs from the EF model (<see cref="BulkInsert"/>), one transaction per campaign; no
/// audit records are written for generated rows.
/// </summary>
internal static class DataGenerator
{
    private static readonly string[] SectionNames =
    [
        "办公室", "法制科", "行政审批科", "执法监督科", "政策法规科", "财务科", "人事科", "信访科", "督查科", "宣传科",
        "规划科", "综合执法大队", "行政复议科", "公共法律服务科", "社区矫正科", "人民调解科", "普法科", "档案室", "信息中心", "机关党委",
    ];

    private static readonly string[] AreaNames =
    [
        "依法全面履行政府职能", "依法行政制度体系", "重大行政决策", "行政执法", "突发事件应对", "社会矛盾纠纷化解", "行政权力制约和监督", "法治政府建设保障",
    ];

    private static readonly List<string>[] MethodSets = [["材料查证"], ["实地核查"], ["材料查证", "问卷调查"], ["网络检索"], ["案卷评查", "材料查证"], ["满意度测评"]];

    private static readonly string[] ReturnReasons = ["数量不足", "时间不符", "内容不相关", "缺少盖章"];

    public static async Task<GeneratedData> GenerateAsync(string connectionString, GeneratorOptions o, TextWriter log)
    {
        var sw = Stopwatch.StartNew();
        await using (var migrate = Database.Create(connectionString)) await Database.MigrateAsync(migrate);
        await using var db = Database.Create(connectionString);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.Database.OpenConnectionAsync();
        var bulk = new BulkInsert(db);
        Type[] tables =
        [
            typeof(Organisation), typeof(Framework), typeof(FrameworkNode), typeof(MaterialRequirement), typeof(Campaign), typeof(CampaignStage),
            typeof(Unit), typeof(Assignment), typeof(EvidenceItem), typeof(EvidenceLink), typeof(RequirementReview), typeof(ReviewRound),
            typeof(LedgerPeriod), typeof(Ledger), typeof(LedgerEntry),
        ];
        var ids = await bulk.NextIdsAsync(tables);
        int Next<T>() => ids[typeof(T)]++;

        var now = DateTimeOffset.UtcNow;
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var today = DateOnly.FromDateTime(now.UtcDateTime.AddHours(8));
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var firstMonth = thisMonth.AddMonths(-(o.Periods - 1));
        var existingCampaigns = await db.Campaigns.CountAsync();

        // The province (the demo's, when the database has one) and a city per ten campaigns.
        var province = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Kind == OrganisationKind.Province && x.ParentId == null);
        var orgs = new List<Organisation>();
        if (province is null)
        {
            province = new Organisation { Id = Next<Organisation>(), Name = "示范省", Kind = OrganisationKind.Province };
            orgs.Add(province);
        }
        var run = existingCampaigns + 1;
        var cities = Enumerable.Range(0, (o.Campaigns + 9) / 10).Select(i =>
            new Organisation { Id = Next<Organisation>(), ParentId = province.Id, Name = $"示范{run}批第{i + 1}市", Kind = OrganisationKind.City, SortOrder = 100 + i }).ToList();
        orgs.AddRange(cities);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await bulk.InsertAsync(orgs);
            await tx.CommitAsync();
        }

        var campaignIds = new List<int>();
        for (var c = 0; c < o.Campaigns; c++)
        {
            var random = new Random(1000 + c);
            var city = cities[c / 10];
            var owner = city;
            var orgRows = new List<Organisation>();
            if (c % 10 != 0)
            {
                owner = new Organisation { Id = Next<Organisation>(), ParentId = city.Id, Name = $"{city.Name}第{c % 10}县", Kind = OrganisationKind.County, SortOrder = c % 10 };
                orgRows.Add(owner);
            }

            // The framework: areas, indicators, material requirements.
            var framework = new Framework { Id = Next<Framework>(), Name = $"{owner.Name}法治政府建设示范指标体系", Version = 1, CreatedAt = now };
            var nodes = new List<FrameworkNode>();
            var areas = AreaNames.Select((name, i) => new FrameworkNode
            {
                Id = Next<FrameworkNode>(), FrameworkId = framework.Id, Kind = NodeKind.Area, Code = ChineseNumerals.Format(i + 1), Title = name, SortOrder = i + 1,
            }).ToList();
            nodes.AddRange(areas);
            var indicators = new List<FrameworkNode>();
            var materials = new List<MaterialRequirement>();
            for (var i = 0; i < o.Indicators; i++)
            {
                var area = areas[i * areas.Count / o.Indicators];
                var node = new FrameworkNode
                {
                    Id = Next<FrameworkNode>(), FrameworkId = framework.Id, ParentId = area.Id, Kind = NodeKind.Indicator, Code = (i + 1).ToString(),
                    Title = $"{area.Title}第{i + 1}项指标", Text = $"按照示范创建指标要求，{area.Title}相关工作第{i + 1}项落实到位。",
                    Methods = MethodSets[i % MethodSets.Length], SortOrder = i + 1,
                };
                indicators.Add(node);
                for (var m = 1; m <= o.MaterialsPerIndicator; m++)
                    materials.Add(new MaterialRequirement { Id = Next<MaterialRequirement>(), NodeId = node.Id, No = m, Text = $"指标{i + 1}的第{m}项佐证材料：相关制度文件、会议纪要或工作台账。" });
            }
            nodes.AddRange(indicators);

            // The campaign, its default stages, its units.
            var starts = firstMonth;
            var campaign = new Campaign
            {
                Id = Next<Campaign>(), Name = $"{owner.Name}法治政府建设示范创建", Level = owner.Kind == OrganisationKind.City ? CampaignLevel.City : CampaignLevel.County,
                Region = owner.Name, OrganisationId = owner.Id, StartsOn = starts, EndsOn = starts.AddMonths(o.Periods + 6).AddDays(-1), Status = CampaignStatus.Active,
                FrameworkId = framework.Id, CreatedAt = now, LedgerDueDay = LedgerPeriod.DefaultDueDay,
            };
            campaign.AddDefaultStages();
            foreach (var s in campaign.Stages) { s.Id = Next<CampaignStage>(); s.CampaignId = campaign.Id; }
            var office = new Unit { Id = Next<Unit>(), CampaignId = campaign.Id, Name = "创建办公室", Kind = UnitKind.Office, SortOrder = 0 };
            var sections = Enumerable.Range(0, Math.Max(1, o.Units - 1)).Select(i => new Unit
            {
                Id = Next<Unit>(), CampaignId = campaign.Id, ParentId = office.Id, Kind = UnitKind.Section, SortOrder = i + 1,
                Name = i < SectionNames.Length ? SectionNames[i] : $"{SectionNames[i % SectionNames.Length]}{i / SectionNames.Length + 1}",
            }).ToList();

            // A lead and one or two responsible units per indicator; some deadlines past, some within three days.
            var assignments = new List<Assignment>();
            var holders = new Dictionary<int, List<Unit>>();
            for (var i = 0; i < indicators.Count; i++)
            {
                var node = indicators[i];
                var units = new List<Unit> { sections[i % sections.Count] };
                foreach (var k in new[] { (i * 7 + 3) % sections.Count, i % 3 == 0 ? (i * 11 + 5) % sections.Count : -1 })
                    if (k >= 0 && !units.Contains(sections[k])) units.Add(sections[k]);
                holders[node.Id] = units;
                DateOnly? deadline = random.Next(100) switch { < 12 => today.AddDays(-random.Next(5, 40)), < 20 => today.AddDays(random.Next(0, 4)), _ => null };
                for (var u = 0; u < units.Count; u++)
                    assignments.Add(new Assignment
                    {
                        Id = Next<Assignment>(), CampaignId = campaign.Id, NodeId = node.Id, UnitId = units[u].Id,
                        Role = u == 0 ? AssignmentRole.Lead : AssignmentRole.Responsible, Deadline = deadline,
                    });
            }

            // Evidence per indicator, spread over its units and requirements, each requirement-and-unit with its review history.
            var items = new List<EvidenceItem>();
            var links = new List<EvidenceLink>();
            var reviews = new List<RequirementReview>();
            var rounds = new List<ReviewRound>();
            var reviewed = new HashSet<(int, int)>();
            var span = (int)(now - new DateTimeOffset(starts.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8))).TotalMinutes;
            DateTimeOffset At(int minutes) => now.AddMinutes(-span + Math.Clamp(minutes, 0, span - 1));
            for (var i = 0; i < indicators.Count; i++)
            {
                var node = indicators[i];
                var units = holders[node.Id];
                var required = materials.Skip(i * o.MaterialsPerIndicator).Take(o.MaterialsPerIndicator).ToList();
                for (var e = 0; e < o.EvidencePerIndicator; e++)
                {
                    var unit = units[e % units.Count];
                    var requirement = required[e / units.Count % required.Count];
                    var uploaded = At(random.Next(span));
                    var item = new EvidenceItem
                    {
                        Id = Next<EvidenceItem>(), CampaignId = campaign.Id, NodeId = node.Id, UnitId = unit.Id, Title = $"{unit.Name}关于指标{node.Code}的情况说明（{e + 1}）",
                        Kind = EvidenceKind.Explanation, Text = $"{unit.Name}按照工作方案推进指标{node.Code}，已完成阶段任务。", Year = uploaded.Year, UploadedBy = "bench", UploadedAt = uploaded,
                    };
                    items.Add(item);
                    links.Add(new EvidenceLink { Id = Next<EvidenceLink>(), EvidenceItemId = item.Id, MaterialRequirementId = requirement.Id });
                    if (!reviewed.Add((requirement.Id, unit.Id))) continue;
                    var roll = random.Next(100);
                    var state = roll switch { < 45 => ReviewState.Approved, < 63 => ReviewState.Submitted, < 68 => ReviewState.LeadApproved, < 83 => ReviewState.Returned, _ => ReviewState.Draft };
                    var twice = random.Next(100) < 30;
                    var actions = state switch
                    {
                        ReviewState.Approved => twice ? new[] { ReviewAction.Submit, ReviewAction.Return, ReviewAction.Submit, ReviewAction.Approve } : [ReviewAction.Submit, ReviewAction.Approve],
                        ReviewState.Returned => twice ? new[] { ReviewAction.Submit, ReviewAction.Return, ReviewAction.Submit, ReviewAction.Return } : [ReviewAction.Submit, ReviewAction.Return],
                        ReviewState.Submitted => [ReviewAction.Submit],
                        ReviewState.LeadApproved => [ReviewAction.Submit, ReviewAction.LeadApprove],
                        _ => [],
                    };
                    var review = new RequirementReview
                    {
                        Id = Next<RequirementReview>(), CampaignId = campaign.Id, NodeId = node.Id, MaterialRequirementId = requirement.Id, UnitId = unit.Id, State = state,
                        NeedsLeadReview = state == ReviewState.LeadApproved, UpdatedAt = uploaded,
                    };
                    var minute = (int)(uploaded - At(0)).TotalMinutes;
                    string? reason = null;
                    foreach (var action in actions)
                    {
                        minute += random.Next(60, 60 * 24 * 12);
                        reason = action == ReviewAction.Return ? ReturnReasons[random.Next(ReturnReasons.Length)] : null;
                        var round = new ReviewRound
                        {
                            Id = Next<ReviewRound>(), ReviewId = review.Id, Action = action, At = At(minute),
                            Actor = action is ReviewAction.Submit ? "bench-liaison" : "bench-office", ActorUnitId = action is ReviewAction.Submit ? unit.Id : office.Id, Reason = reason,
                        };
                        rounds.Add(round);
                        review.UpdatedAt = round.At;
                    }
                    review.ReturnReason = state == ReviewState.Returned ? reason : null;
                    reviews.Add(review);
                }
            }

            // Monthly periods up to this month; each section's ledger on time, late, in draft or missing.
            var periods = Enumerable.Range(0, o.Periods).Select(m =>
            {
                var month = firstMonth.AddMonths(m);
                var p = LedgerPeriod.Monthly(campaign.Id, month.Year, month.Month, campaign.LedgerDueDay);
                p.Id = Next<LedgerPeriod>();
                p.CreatedAt = now;
                return p;
            }).ToList();
            var ledgers = new List<Ledger>();
            var entries = new List<LedgerEntry>();
            var indicatorsOf = assignments.GroupBy(a => a.UnitId).ToDictionary(g => g.Key, g => g.Select(a => a.NodeId).Distinct().ToList());
            var byId = indicators.ToDictionary(n => n.Id);
            foreach (var period in periods.Where(p => p.StartsOn <= today))
                foreach (var unit in sections.Where(s => indicatorsOf.ContainsKey(s.Id)))
                {
                    var roll = random.Next(100);
                    var due = period.DueOn < today;
                    DateTimeOffset? submitted;
                    LedgerStatus status;
                    if (due)
                    {
                        if (roll < 80) { submitted = Cst(period.DueOn.AddDays(-random.Next(1, 5))); status = random.Next(2) == 0 ? LedgerStatus.Confirmed : LedgerStatus.Submitted; }
                        else if (roll < 88) { submitted = Cst(Min(period.DueOn.AddDays(random.Next(1, 6)), today)); status = LedgerStatus.Submitted; }
                        else if (roll < 92) { submitted = null; status = LedgerStatus.Draft; }
                        else continue;
                    }
                    else
                    {
                        if (roll < 40) { submitted = Cst(Min(period.DueOn.AddDays(-random.Next(1, 5)), today)); status = LedgerStatus.Submitted; }
                        else if (roll < 70) { submitted = null; status = LedgerStatus.Draft; }
                        else continue;
                    }
                    var ledger = new Ledger
                    {
                        Id = Next<Ledger>(), CampaignId = campaign.Id, PeriodId = period.Id, UnitId = unit.Id, Revision = 1, Status = status, Filler = "张明", Contact = "0391-1234567",
                        UpdatedAt = submitted ?? Cst(Min(period.EndsOn, today)), UpdatedBy = "bench-liaison", SubmittedAt = submitted, SubmittedBy = submitted is null ? null : "bench-liaison",
                        ConfirmedAt = status == LedgerStatus.Confirmed ? submitted!.Value.AddDays(1) : null, ConfirmedBy = status == LedgerStatus.Confirmed ? "bench-office" : null,
                    };
                    ledgers.Add(ledger);
                    var order = 0;
                    foreach (var nodeId in indicatorsOf[unit.Id])
                    {
                        var node = byId[nodeId];
                        entries.Add(new LedgerEntry
                        {
                            Id = Next<LedgerEntry>(), LedgerId = ledger.Id, NodeId = nodeId, SortOrder = ++order, Code = node.Code, Title = node.Title,
                            Methods = string.Join("、", node.Methods), Materials = $"{o.MaterialsPerIndicator}项", EvidenceCount = random.Next(0, 8),
                            Progress = random.Next(3) switch { 0 => LedgerProgress.Done, 1 => LedgerProgress.InProgress, _ => LedgerProgress.NotStarted },
                            Note = "按计划推进。",
                        });
                    }
                }

            await using var tx = await db.Database.BeginTransactionAsync();
            await bulk.InsertAsync(orgRows);
            await bulk.InsertAsync([framework]);
            await bulk.InsertAsync(areas);
            await bulk.InsertAsync(indicators);
            await bulk.InsertAsync(materials);
            await bulk.InsertAsync([campaign]);
            await bulk.InsertAsync(campaign.Stages);
            await bulk.InsertAsync([office]);
            await bulk.InsertAsync(sections);
            await bulk.InsertAsync(assignments);
            await bulk.InsertAsync(items);
            await bulk.InsertAsync(links);
            await bulk.InsertAsync(reviews);
            await bulk.InsertAsync(rounds);
            await bulk.InsertAsync(periods);
            await bulk.InsertAsync(ledgers);
            await bulk.InsertAsync(entries);
            await tx.CommitAsync();
            campaignIds.Add(campaign.Id);
            if ((c + 1) % 10 == 0 || c + 1 == o.Campaigns)
                await log.WriteLineAsync($"generated {c + 1}/{o.Campaigns} campaigns, {bulk.Rows} rows, {sw.Elapsed.TotalSeconds:F0} s");
        }
        await bulk.ResetSequencesAsync(tables);
        // Statistics for the planner, as a database in use would have them.
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        return new GeneratedData(province.Id, campaignIds, "创建办公室", bulk.Rows, sw.Elapsed);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>Ten in the morning, China Standard Time, as UTC.</summary>
    private static DateTimeOffset Cst(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
}
