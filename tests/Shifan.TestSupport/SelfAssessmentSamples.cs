using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Problems;
using Shifan.Core.SelfAssessment;
using Shifan.Documents.SelfAssessment;

namespace Shifan.TestSupport;

/// <summary>
/// A campaign's self-assessment facts built in memory, the size of a real one: 8 一级指标, 3 二级指标 each, the given
/// number of indicators with quantitative standards, ratings of both sides, 情况说明 of about 600 characters, figures,
/// a bonus and a veto item, and a problem for every indicator that falls short. Shared by the document tests and the benchmark.
/// </summary>
public static class SelfAssessmentSamples
{
    public const string FirstProblem = "网上可办率仍低于标准，部分事项尚未实现全程网办";

    public static SelfAssessmentFacts Facts(int indicators = 100, int units = 12)
    {
        var framework = new Framework { Id = 1, Name = "市县法治政府建设示范指标体系", Version = 2 };
        var nextId = 1;
        FrameworkNode Add(FrameworkNode? parent, NodeKind kind, string code, string title, string text = "")
        {
            var node = framework.Add(parent, new FrameworkNode { Kind = kind, Code = code, Title = title, Text = text });
            node.Id = nextId++;
            return node;
        }
        string[] areas = ["政府职能依法全面履行", "依法行政制度体系完善", "重大行政决策科学民主合法", "行政执法严格规范公正文明", "行政权力制约监督科学有效", "社会矛盾纠纷依法有效化解", "政府依法行政能力提升", "法治政府建设组织保障"];
        string[] standards = ["政务服务事项网上可办率不低于90%", "合法性审核率达100%", "群众满意度达到95%以上", "突发事件发生后5小时内发布权威信息", "每年开展案卷评查不少于3次", "行政复议决定书网上公开率达到80%以上"];
        var indicatorNodes = new List<FrameworkNode>();
        var perArea = (int)Math.Ceiling(indicators / (double)areas.Length);
        for (var a = 0; a < areas.Length && indicatorNodes.Count < indicators; a++)
        {
            var area = Add(null, NodeKind.Area, ChineseNumerals.Format(a + 1), areas[a]);
            for (var g = 0; g < 3 && indicatorNodes.Count < indicators; g++)
            {
                var group = Add(area, NodeKind.Group, $"{a + 1}.{g + 1}", $"{areas[a]}第{g + 1}组");
                var count = Math.Min(indicators - indicatorNodes.Count, perArea / 3 + (g < perArea % 3 ? 1 : 0));
                for (var i = 0; i < count; i++)
                {
                    var no = indicatorNodes.Count + 1;
                    indicatorNodes.Add(Add(group, NodeKind.Indicator, no.ToString(), $"第{no}项指标：{standards[no % standards.Length][..8]}工作落实到位",
                        $"{standards[no % standards.Length]}，相关制度健全，工作台账完整。"));
                }
            }
        }
        var bonus = Add(null, NodeKind.Bonus, "1", "获得省级以上法治政府建设表彰");
        var veto = Add(null, NodeKind.Veto, "1", "发生严重违法行政行为");

        var now = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var unitNames = Enumerable.Range(1, units).ToDictionary(i => i, i => $"第{i}责任单位");
        var assignments = indicatorNodes.Select((n, i) => new Assignment { CampaignId = 1, NodeId = n.Id, UnitId = i % units + 1, Role = AssignmentRole.Lead }).ToList();
        assignments.AddRange(indicatorNodes.Where((n, i) => i % 4 == 0).Select((n, i) => new Assignment { CampaignId = 1, NodeId = n.Id, UnitId = (i + 3) % units + 1, Role = AssignmentRole.Responsible }));
        var ratings = new List<IndicatorRating>();
        var problems = new List<Problem>();
        var explanations = new List<ExplanationText>();
        var figures = new List<ThresholdFigure>();
        foreach (var (n, i) in indicatorNodes.Select((n, i) => (n, i)))
        {
            var unit = i % units + 1;
            var level = (i % 10) switch { 3 => RatingLevel.PartlyMet, 7 => RatingLevel.NotMet, 9 when i > 50 => RatingLevel.NotApplicable, _ => RatingLevel.Met };
            if (i < indicators - 5)
                ratings.Add(new IndicatorRating { CampaignId = 1, NodeId = n.Id, Side = RatingSide.Unit, UnitId = unit, Level = level, Reason = $"对照标准逐项自查，{RatingLevels.Name(level)}。", RatedAt = now });
            if (i % 3 == 0)
                ratings.Add(new IndicatorRating { CampaignId = 1, NodeId = n.Id, Side = RatingSide.Office, Level = level == RatingLevel.Met && i % 9 == 0 ? RatingLevel.PartlyMet : level, Reason = "办公室复核意见。", RatedAt = now });
            explanations.Add(new ExplanationText(n.Id, unit, $"{n.Code}.1 工作情况说明",
                string.Concat(Enumerable.Repeat($"{unitNames[unit]}认真落实第{n.Code}项指标要求，健全工作制度，明确责任分工，定期调度推进，相关工作取得明显成效。", 8))));
            var threshold = ThresholdParser.Read(n.Text).Thresholds.FirstOrDefault();
            if (threshold is not null && i % 2 == 0)
                figures.Add(new ThresholdFigure { CampaignId = 1, NodeId = n.Id, ThresholdKey = threshold.Key, Figure = threshold.Value + (i % 4 == 0 ? 1 : -1), Source = "统计报表", UnitId = unit, EnteredAt = now });
            if (RatingLevels.FallsShort(level))
                problems.Add(new Problem
                {
                    CampaignId = 1, No = problems.Count + 1, NodeId = n.Id, OwnerUnitId = unit, Source = ProblemSource.SelfRating,
                    Description = problems.Count == 0 ? FirstProblem : $"第{n.Code}项指标佐证材料不完整，部分工作尚未落实", Measure = "制定整改方案，补齐制度和台账，按期提交整改佐证材料",
                    Deadline = new DateOnly(2027, 1, 31), Status = (ProblemStatus)(problems.Count % 4), ProofNote = problems.Count % 4 == 3 ? "已完成整改并提交佐证材料" : "",
                    CreatedAt = now, UpdatedAt = now,
                });
        }
        ratings.Add(new IndicatorRating { CampaignId = 1, NodeId = bonus.Id, Side = RatingSide.Office, Level = RatingLevel.Met, Reason = "获省级表彰。", RatedAt = now });
        ratings.Add(new IndicatorRating { CampaignId = 1, NodeId = veto.Id, Side = RatingSide.Office, Level = RatingLevel.Met, Reason = "未发生。", RatedAt = now });
        return new SelfAssessmentFacts("某县2026年法治政府建设示范创建", "某县", framework, ratings, figures, problems, explanations, assignments, unitNames,
            "某县法治政府建设示范创建工作领导小组办公室", new DateOnly(2026, 12, 2));
    }
}
