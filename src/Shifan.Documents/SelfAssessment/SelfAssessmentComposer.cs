using System.Text;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Problems;
using Shifan.Core.SelfAssessment;
using static Shifan.Documents.SelfAssessment.ReportBody;

namespace Shifan.Documents.SelfAssessment;

/// <summary>
/// Writes the draft text of a 自评报告 (the campaign) or a 自查报告 (one unit, restricted to the indicators it holds)
/// from the facts: 一、基本情况, 二、自评得分, 三、指标完成情况 per 一级指标 and indicator (ratings side by side, reasons,
/// figures against the standard, 情况说明, problems), 四、存在问题及整改情况, 五、下一步工作. The office edits it before it is final.
/// </summary>
public static class SelfAssessmentComposer
{
    private static readonly string[] AreaNumbers = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"];

    public static string TitleFor(string region, string? unitName) =>
        unitName is null ? $"{region}法治政府建设示范创建自评报告" : $"{unitName}法治政府建设示范创建自查报告";

    public static string DateText(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    public static SelfAssessmentDocument Compose(SelfAssessmentFacts f)
    {
        var unitName = f.UnitId is int u ? f.UnitNames.GetValueOrDefault(u, "本单位") : null;
        var framework = f.Framework;
        var effective = Scorecard.Effective(f.Ratings);
        var card = Scorecard.Compute(framework, effective);
        var held = f.UnitId is int unit ? f.Assignments.Where(a => a.UnitId == unit).Select(a => a.NodeId).ToHashSet() : null;
        bool Holds(FrameworkNode n) => held is null || held.Contains(n.Id);
        var indicators = framework.InOrder().Where(n => n.Kind == NodeKind.Indicator).Where(Holds).ToList();
        var adjustments = framework.InOrder().Where(n => n.Kind is NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction).Where(Holds).ToList();
        var problems = f.Problems.Where(p => f.UnitId is null || p.OwnerUnitId == f.UnitId).OrderBy(p => p.No).ToList();
        var explanations = f.Explanations.Where(e => f.UnitId is null || e.UnitId == f.UnitId).ToLookup(e => e.NodeId);
        var ratings = f.Ratings.ToLookup(r => r.NodeId);
        var leads = f.Assignments.Where(a => a.Role == AssignmentRole.Lead).ToLookup(a => a.NodeId, a => f.UnitNames.GetValueOrDefault(a.UnitId, ""));
        var nodes = framework.Nodes.ToDictionary(n => n.Id);

        var sections = new List<ReportSection>
        {
            new("一、基本情况", Basics(f, unitName, indicators, adjustments, effective, explanations, problems)),
            new("二、自评得分", f.UnitId is null ? CampaignScore(framework, card, effective) : UnitScore(framework, card, effective, indicators)),
            new("三、指标完成情况", Indicators(f, framework, card, indicators, adjustments, ratings, explanations, leads, problems)),
            new("四、存在问题及整改情况", Problems(f, problems, nodes)),
            new("五、下一步工作", NextSteps(indicators, effective, problems, unitName)),
        };
        return new SelfAssessmentDocument(TitleFor(f.Region, unitName), f.Author, DateText(f.Today), sections);
    }

    private static string F(decimal d) => Scorecard.F(d);

    private static string Basics(SelfAssessmentFacts f, string? unitName, List<FrameworkNode> indicators, List<FrameworkNode> adjustments,
        Dictionary<int, RatingLevel> effective, ILookup<int, ExplanationText> explanations, List<Problem> problems)
    {
        var fw = f.Framework;
        var sb = new StringBuilder();
        int Count(RatingLevel l) => indicators.Count(n => effective.TryGetValue(n.Id, out var r) && r == l);
        var rated = indicators.Count(n => effective.ContainsKey(n.Id));
        var unitRated = indicators.Count(n => f.Ratings.Any(r => r.NodeId == n.Id && r.Side == RatingSide.Unit));
        var officeRated = indicators.Count(n => f.Ratings.Any(r => r.NodeId == n.Id && r.Side == RatingSide.Office));
        var written = indicators.Sum(n => explanations[n.Id].Count());
        var closed = problems.Count(p => p.IsClosed);
        if (unitName is null)
        {
            var units = f.Assignments.Select(a => a.UnitId).Distinct().Count();
            sb.AppendLine($"{f.CampaignName}以《{fw.Name}》（第{fw.Version}版）为依据，共设一级指标{fw.Nodes.Count(n => n.Kind == NodeKind.Area)}个、二级指标{fw.Nodes.Count(n => n.Kind == NodeKind.Group)}个、三级指标{indicators.Count}项"
                + (adjustments.Count > 0 ? "，另有" + string.Join("、", new[] { NodeKind.Bonus, NodeKind.Veto, NodeKind.Deduction }
                    .Where(k => adjustments.Any(n => n.Kind == k)).Select(k => $"{NodeKinds.DisplayName(k)}{adjustments.Count(n => n.Kind == k)}项")) : "")
                + $"，由{units}个单位分工负责。");
        }
        else
        {
            var mine = f.Assignments.Where(a => a.UnitId == f.UnitId).ToList();
            var lead = mine.Where(a => a.Role == AssignmentRole.Lead).Select(a => a.NodeId).Distinct().Count();
            sb.AppendLine($"按照{f.CampaignName}任务分工，{unitName}承担《{fw.Name}》（第{fw.Version}版）中的{indicators.Count + adjustments.Count}项指标，其中牵头{lead}项、责任配合{mine.Select(a => a.NodeId).Distinct().Count() - lead}项。");
        }
        sb.AppendLine($"截至{DateText(f.Today)}，{(unitName is null ? "" : "上述指标中")}已评定{rated}项（单位自评{unitRated}项、办公室评定{officeRated}项），其中达标{Count(RatingLevel.Met)}项、基本达标{Count(RatingLevel.PartlyMet)}项、未达标{Count(RatingLevel.NotMet)}项、不涉及{Count(RatingLevel.NotApplicable)}项，尚未评定{indicators.Count - rated}项；"
            + $"编写和上传情况说明{written}份；{(unitName is null ? "" : "本单位")}登记问题{problems.Count}个，已销号{closed}个，尚在整改{problems.Count - closed}个。");
        return sb.ToString().TrimEnd();
    }

    private static string RatingCounts(IEnumerable<FrameworkNode> indicators, Dictionary<int, RatingLevel> effective, out int unrated)
    {
        var list = indicators.ToList();
        int C(RatingLevel l) => list.Count(n => effective.TryGetValue(n.Id, out var r) && r == l);
        unrated = list.Count(n => !effective.ContainsKey(n.Id));
        return $"{C(RatingLevel.Met)}|{C(RatingLevel.PartlyMet)}|{C(RatingLevel.NotMet)}|{C(RatingLevel.NotApplicable)}";
    }

    private static string CampaignScore(Framework fw, Scorecard card, Dictionary<int, RatingLevel> effective)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"按指标分值和评定结果计算（达标计全分、基本达标计一半、未达标和未评定不得分，不涉及的指标不计分），自评总分{F(card.Total)}分（满分{F(card.Ceiling)}分），其中基础得分{F(card.BaseScore)}分，加分{F(card.Bonus)}分，减分{F(card.Deduction)}分。"
            + (card.Unrated > 0 ? $"尚有{card.Unrated}项指标未评定，按0分计。" : ""));
        sb.AppendLine(card.Vetoed ? $"否决项未达标：{string.Join("；", card.VetoedBy)}，按规定创建不通过。" : "否决项均未触发。");
        sb.AppendLine(Row("一级指标", "分值", "得分", "达标", "基本达标", "未达标", "不涉及", "未评定"));
        foreach (var area in fw.Roots.Where(n => n.Kind == NodeKind.Area))
        {
            var s = card.For(area.Id);
            var counts = RatingCounts(area.SelfAndDescendants().Where(n => n.Kind == NodeKind.Indicator), effective, out var unrated);
            sb.AppendLine(Row([area.Label, s is { Counted: true } ? F(s.Points) : "不计分", s is { Counted: true } ? F(s.Score) : "—", .. counts.Split('|'), unrated.ToString()]));
        }
        sb.AppendLine(Row("合计", F(card.Ceiling), F(card.BaseScore), "", "", "", "", ""));
        var extra = card.Nodes.Where(n => n.Kind is NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction).ToList();
        if (extra.Count > 0)
        {
            sb.AppendLine("附加项评定情况如下：");
            sb.AppendLine(Row("附加项", "类别", "评定", "计分"));
            foreach (var n in extra)
                sb.AppendLine(Row(n.Label, NodeKinds.DisplayName(n.Kind), n.Rating is RatingLevel r ? RatingLevels.Name(r) : "未评定",
                    n.Kind == NodeKind.Veto ? (n.Rating == RatingLevel.NotMet ? "否决" : "—") : n.Score > 0 ? $"+{F(n.Score)}" : n.Score < 0 ? $"−{F(-n.Score)}" : "0"));
        }
        return sb.ToString().TrimEnd();
    }

    private static string UnitScore(Framework fw, Scorecard card, Dictionary<int, RatingLevel> effective, List<FrameworkNode> indicators)
    {
        var scores = indicators.Select(n => card.For(n.Id)).Where(s => s is { Counted: true }).Select(s => s!).ToList();
        var sb = new StringBuilder();
        sb.AppendLine($"按全活动统一的指标分值计算，本单位承担的{indicators.Count}项指标分值合计{F(scores.Sum(s => s.Points))}分，目前得分{F(scores.Sum(s => s.Score))}分；全活动自评总分{F(card.Total)}分。");
        sb.AppendLine(Row("一级指标", "承担指标", "分值", "得分", "达标", "基本达标", "未达标", "不涉及", "未评定"));
        foreach (var area in fw.Roots.Where(n => n.Kind == NodeKind.Area))
        {
            var mine = indicators.Where(n => n.Area?.Id == area.Id).ToList();
            if (mine.Count == 0) continue;
            var s = mine.Select(n => card.For(n.Id)).Where(x => x is { Counted: true }).Select(x => x!).ToList();
            var counts = RatingCounts(mine, effective, out var unrated);
            sb.AppendLine(Row([area.Label, mine.Count.ToString(), F(s.Sum(x => x.Points)), F(s.Sum(x => x.Score)), .. counts.Split('|'), unrated.ToString()]));
        }
        return sb.ToString().TrimEnd();
    }

    private static string Indicators(SelfAssessmentFacts f, Framework fw, Scorecard card, List<FrameworkNode> indicators, List<FrameworkNode> adjustments,
        ILookup<int, IndicatorRating> ratings, ILookup<int, ExplanationText> explanations, ILookup<int, string> leads, List<Problem> problems)
    {
        var sb = new StringBuilder();
        var problemsOf = problems.Where(p => p.NodeId is not null).ToLookup(p => p.NodeId!.Value);
        var figures = f.Figures.Where(x => f.UnitId is null || x.UnitId is null || x.UnitId == f.UnitId)
            .GroupBy(x => (x.NodeId, x.ThresholdKey)).ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.EnteredAt).First());
        string Side(FrameworkNode n, RatingSide side) =>
            ratings[n.Id].Where(r => r.Side == side).OrderByDescending(r => r.RatedAt).FirstOrDefault() is { } r ? RatingLevels.Name(r.Level) : "未评定";

        // Per 一级指标; a flat framework's indicators form one group, and 附加项 outside any area another.
        var groups = indicators.Concat(adjustments).GroupBy(n => n.Area?.Id ?? (n.Kind == NodeKind.Indicator ? 0 : -1)).ToList();
        var areaNo = 0;
        foreach (var group in groups)
        {
            var area = group.Key <= 0 ? null : fw.Find(group.Key);
            var areaScore = area is null ? null : card.For(area.Id);
            var number = areaNo < AreaNumbers.Length ? AreaNumbers[areaNo] : (areaNo + 1).ToString();
            areaNo++;
            var heading = area is not null ? (area.Title.Length > 0 ? area.Title : area.Label) : group.Key == 0 ? "各项指标" : "附加项";
            sb.AppendLine($"（{number}）{heading}");
            if (f.UnitId is null && areaScore is { Counted: true }) sb.AppendLine($"本项一级指标分值{F(areaScore.Points)}分，自评得分{F(areaScore.Score)}分。");
            sb.AppendLine(Row("指标", "牵头单位", "单位自评", "办公室评定", "得分"));
            foreach (var n in group)
            {
                var s = card.For(n.Id);
                sb.AppendLine(Row(Short(n.Label, 40), string.Join("、", leads[n.Id].Distinct()), Side(n, RatingSide.Unit), Side(n, RatingSide.Office),
                    s is null ? "—" : !s.Counted ? "不计分" : n.Kind == NodeKind.Indicator ? $"{F(s.Score)}/{F(s.Points)}" : F(s.Score)));
            }
            foreach (var n in group)
            {
                sb.AppendLine($"{Short(n.Label.Replace('\n', ' '), 56)}");
                if (n.NotApplicable)
                {
                    sb.AppendLine($"本项不涉及{(string.IsNullOrEmpty(n.NotApplicableReason) ? "" : $"（{n.NotApplicableReason}）")}。");
                    continue;
                }
                var unitRating = ratings[n.Id].Where(r => r.Side == RatingSide.Unit).OrderByDescending(r => r.RatedAt).FirstOrDefault();
                var officeRating = ratings[n.Id].FirstOrDefault(r => r.Side == RatingSide.Office);
                var s = card.For(n.Id);
                var line = new StringBuilder("评定情况：");
                line.Append(unitRating is null ? "单位尚未自评" : $"{f.UnitNames.GetValueOrDefault(unitRating.UnitId ?? 0, "牵头单位")}自评{RatingLevels.Name(unitRating.Level)}");
                line.Append(officeRating is null ? "，办公室尚未评定" : $"，办公室评定{RatingLevels.Name(officeRating.Level)}");
                if (unitRating is not null && officeRating is not null && unitRating.Level != officeRating.Level) line.Append("（评定不一致，以办公室评定为准）");
                if (s is { Counted: true } && n.Kind == NodeKind.Indicator) line.Append($"；得分{F(s.Score)}分（分值{F(s.Points)}分）");
                line.Append('。');
                sb.AppendLine(line.ToString());
                if (unitRating is { Reason.Length: > 0 }) sb.AppendLine($"自评理由：{OneLine(unitRating.Reason)}");
                if (officeRating is { Reason.Length: > 0 }) sb.AppendLine($"办公室意见：{OneLine(officeRating.Reason)}");
                var thresholds = ThresholdParser.Read(n.Text).Thresholds;
                if (thresholds.Count > 0)
                {
                    var parts = thresholds.Select(t =>
                    {
                        if (!figures.TryGetValue((n.Id, t.Key), out var fig)) return $"{t.Subject}（标准{t.Rule}）尚未填报实际数值";
                        var value = $"{F(fig.Figure)}{t.UnitOfMeasure}";
                        return $"{t.Subject}标准{t.Rule}，实际{value}（来源：{fig.Source}），{(t.IsMetBy(fig.Figure) ? "达到标准" : "未达到标准")}";
                    });
                    sb.AppendLine($"数据指标：{string.Join("；", parts)}。");
                }
                var texts = explanations[n.Id].ToList();
                if (texts.Count == 0) sb.AppendLine("情况说明：尚未提交。");
                foreach (var e in texts)
                {
                    if (string.IsNullOrWhiteSpace(e.Text))
                    {
                        sb.AppendLine($"情况说明：《{e.Title}》已作为附件上传（{f.UnitNames.GetValueOrDefault(e.UnitId, "")}）。");
                        continue;
                    }
                    var paragraphs = e.Text.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(p => p.StartsWith('|') ? "｜" + p[1..] : p).ToList();
                    sb.AppendLine($"情况说明（{f.UnitNames.GetValueOrDefault(e.UnitId, "")}）：{paragraphs.FirstOrDefault()}");
                    foreach (var p in paragraphs.Skip(1)) sb.AppendLine(p);
                }
                foreach (var p in problemsOf[n.Id])
                    sb.AppendLine($"存在问题：{OneLine(p.Description)}（问题{p.No}，{ProblemNames.Status(p.Status)}）。");
            }
        }
        if (groups.Count == 0) sb.AppendLine("没有需要报告的指标。");
        return sb.ToString().TrimEnd();
    }

    private static string Problems(SelfAssessmentFacts f, List<Problem> problems, Dictionary<int, FrameworkNode> nodes)
    {
        if (problems.Count == 0) return "自查中未登记问题。";
        var sb = new StringBuilder();
        int C(ProblemStatus s) => problems.Count(p => p.Status == s);
        var overdue = problems.Count(p => p.IsOverdue(f.Today));
        sb.AppendLine($"自查自评中共发现问题{problems.Count}个，其中待整改{C(ProblemStatus.Open)}个、整改中{C(ProblemStatus.InProgress)}个、待销号{C(ProblemStatus.AwaitingClose)}个、已销号{C(ProblemStatus.Closed)}个"
            + (overdue > 0 ? $"；已超过整改时限尚未销号{overdue}个" : "") + "。具体情况如下：");
        sb.AppendLine(Row("序号", "指标", "问题", "责任单位", "整改措施", "整改时限", "状态"));
        foreach (var p in problems)
        {
            var node = p.NodeId is int id && nodes.TryGetValue(id, out var n) ? n.Code : "—";
            sb.AppendLine(Row(p.No.ToString(), node, Short(p.Description, 80), f.UnitNames.GetValueOrDefault(p.OwnerUnitId, ""), Short(p.Measure.Length > 0 ? p.Measure : "待制定", 80),
                $"{p.Deadline:yyyy-MM-dd}", ProblemNames.Status(p.Status) + (p.IsOverdue(f.Today) ? "（逾期）" : "")));
        }
        var closed = problems.Where(p => p.IsClosed || p.ProofNote.Length > 0).ToList();
        if (closed.Count > 0)
        {
            sb.AppendLine("整改落实情况：");
            foreach (var p in closed)
                sb.AppendLine($"问题{p.No}：{(p.ProofNote.Length > 0 ? OneLine(p.ProofNote) : "已提交整改佐证材料")}{(p.IsClosed ? "，经办公室对账已销号" : "，待办公室对账销号")}。");
        }
        return sb.ToString().TrimEnd();
    }

    private static string NextSteps(List<FrameworkNode> indicators, Dictionary<int, RatingLevel> effective, List<Problem> problems, string? unitName)
    {
        var shortfall = indicators.Count(n => effective.TryGetValue(n.Id, out var r) && RatingLevels.FallsShort(r));
        var unrated = indicators.Count(n => !effective.ContainsKey(n.Id));
        var open = problems.Count(p => !p.IsClosed);
        var who = unitName ?? "各责任单位";
        return string.Join('\n', new[]
        {
            $"（一）补齐短板。{(shortfall > 0 ? $"对评定为未达标和基本达标的{shortfall}项指标，" : "对照指标要求，")}逐项分析原因，明确整改措施、责任人和完成时限，确保按期达标。",
            unrated > 0 ? $"（二）完成自评。尚未评定的{unrated}项指标由{who}尽快对照标准完成自评，并说明理由、附上佐证材料。" : "（二）巩固成果。对已达标的指标持续跟踪，防止反弹，及时补充最新佐证材料。",
            open > 0 ? $"（三）抓好整改。尚未销号的{open}个问题由{who}按时限整改，提交整改佐证材料，办公室逐项对账销号。" : "（三）健全机制。总结整改经验，建立问题发现、整改、销号的长效机制。",
            "（四）完善材料。进一步规范情况说明和佐证材料，确保材料真实、完整、准确，为迎接评估验收做好准备。",
        });
    }

    private static string OneLine(string text) => text.Replace("\r", "").Replace('\n', ' ').Trim();

    private static string Short(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
