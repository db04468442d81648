using System.Globalization;
using Shifan.Core.Frameworks;

namespace Shifan.Core.SelfAssessment;

/// <summary>The score of one node: the points it stands for, what it earned, and why, line by line.</summary>
public sealed record NodeScore(int NodeId, NodeKind Kind, string Label, decimal Points, decimal Score, bool Counted, RatingLevel? Rating, IReadOnlyList<string> Lines);

/// <summary>
/// The campaign's score from its ratings (ADR-021). The ceiling (100 by default) is shared out over the areas and
/// indicators by their weights (equal unless set); an indicator earns its share times its rating's factor
/// (达标 1, 基本达标 ½, 未达标 and unrated 0); 不涉及 takes an indicator out and its share goes to its siblings.
/// 加分项 add their points above the ceiling, 减分项 subtract theirs, and a 否决项 rated 未达标 fails the campaign
/// whatever the score. The rating that counts is the office's where it has rated, otherwise the lead unit's.
/// </summary>
public sealed class Scorecard
{
    public const decimal DefaultCeiling = 100m;
    /// <summary>Points of a 加分项 or 减分项 whose weight is not set.</summary>
    public const decimal DefaultAdjustmentPoints = 1m;

    private readonly Dictionary<int, NodeScore> _byNode;

    private Scorecard(decimal ceiling, decimal baseScore, decimal bonus, decimal deduction, IReadOnlyList<NodeScore> nodes, IReadOnlyList<string> vetoedBy, int unrated)
    {
        Ceiling = ceiling;
        BaseScore = baseScore;
        Bonus = bonus;
        Deduction = deduction;
        Nodes = nodes;
        VetoedBy = vetoedBy;
        Unrated = unrated;
        _byNode = nodes.ToDictionary(n => n.NodeId);
    }

    public decimal Ceiling { get; }
    /// <summary>What the areas and indicators earned, at most the ceiling.</summary>
    public decimal BaseScore { get; }
    public decimal Bonus { get; }
    public decimal Deduction { get; }
    public decimal Total => Math.Max(0, BaseScore + Bonus - Deduction);
    public IReadOnlyList<NodeScore> Nodes { get; }
    /// <summary>Labels of the 否决项 rated 未达标; any one fails the campaign.</summary>
    public IReadOnlyList<string> VetoedBy { get; }
    public bool Vetoed => VetoedBy.Count > 0;
    /// <summary>Indicators that count and have no rating yet.</summary>
    public int Unrated { get; }

    public NodeScore? For(int nodeId) => _byNode.GetValueOrDefault(nodeId);

    /// <summary>"为什么是 82.5 分": the campaign's score explained.</summary>
    public IReadOnlyList<string> Explain()
    {
        var lines = new List<string> { $"满分{F(Ceiling)}分，由各一级指标按权重分配；指标得分 = 分值 × 评定系数（达标1，基本达标0.5，未达标和未评定0），不涉及的指标不计分，其分值由同级指标分享。" };
        foreach (var n in Nodes.Where(n => n.Kind == NodeKind.Area || (n.Kind == NodeKind.Indicator && Nodes.All(a => a.Kind != NodeKind.Area))))
            lines.Add(n.Counted ? $"{n.Label}：{F(n.Score)} / {F(n.Points)}分" : $"{n.Label}：不计分");
        lines.Add($"基础得分 {F(BaseScore)} 分");
        if (Bonus > 0) lines.Add($"加分项 +{F(Bonus)} 分");
        if (Deduction > 0) lines.Add($"减分项 −{F(Deduction)} 分");
        if (Unrated > 0) lines.Add($"尚有{Unrated}项指标未评定，按0分计");
        lines.Add($"总分 {F(Total)} 分");
        foreach (var v in VetoedBy) lines.Add($"否决项未达标：{v}，创建不通过");
        return lines;
    }

    public static string F(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);

    /// <param name="ratings">The rating that counts per node id (see <see cref="Effective"/>).</param>
    public static Scorecard Compute(Framework framework, IReadOnlyDictionary<int, RatingLevel> ratings, decimal ceiling = DefaultCeiling)
    {
        var scores = new List<NodeScore>();
        var regular = framework.Roots.Where(IsRegular).ToList();
        var baseScore = Share(regular, ceiling, ratings, scores, out var unrated);
        decimal bonus = 0, deduction = 0;
        var vetoed = new List<string>();
        foreach (var n in framework.InOrder().Where(n => n.Kind is NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction))
        {
            var points = n.Weight ?? DefaultAdjustmentPoints;
            RatingLevel? r = ratings.TryGetValue(n.Id, out var lv) ? lv : null;
            var lines = new List<string>();
            decimal earned = 0;
            switch (n.Kind)
            {
                case NodeKind.Bonus:
                    earned = r is RatingLevel level ? points * RatingLevels.Factor(level) : 0;
                    bonus += earned;
                    lines.Add(r is null ? $"加分项未评定，不加分" : $"加分项，分值{F(points)}，评定{RatingLevels.Name(r.Value)}，加{F(earned)}分");
                    break;
                case NodeKind.Deduction:
                    var lost = r switch { RatingLevel.NotMet => points, RatingLevel.PartlyMet => points / 2, _ => 0m };
                    deduction += lost;
                    earned = -lost;
                    lines.Add(r is null ? "减分项未评定，暂不扣分" : lost > 0 ? $"减分项，分值{F(points)}，评定{RatingLevels.Name(r.Value)}，扣{F(lost)}分" : $"减分项，评定{RatingLevels.Name(r.Value)}，不扣分");
                    break;
                default:
                    if (r == RatingLevel.NotMet) vetoed.Add(n.Label);
                    lines.Add(r is null ? "否决项未评定" : r == RatingLevel.NotMet ? "否决项评定为未达标：创建不通过，不论得分多少" : $"否决项评定为{RatingLevels.Name(r.Value)}，不否决");
                    break;
            }
            scores.Add(new NodeScore(n.Id, n.Kind, n.Label, points, earned, !n.NotApplicable, r, lines));
        }
        var order = framework.InOrder().Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i);
        scores.Sort((a, b) => order[a.NodeId].CompareTo(order[b.NodeId]));
        return new Scorecard(ceiling, baseScore, bonus, deduction, scores, vetoed, unrated);
    }

    /// <summary>The office's rating where it has rated, otherwise the unit's.</summary>
    public static Dictionary<int, RatingLevel> Effective(IEnumerable<IndicatorRating> ratings) =>
        ratings.GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => (g.FirstOrDefault(r => r.Side == RatingSide.Office) ?? g.First()).Level);

    private static bool IsRegular(FrameworkNode n) => n.Kind is NodeKind.Area or NodeKind.Group or NodeKind.Indicator;

    private static bool Counts(FrameworkNode n, IReadOnlyDictionary<int, RatingLevel> ratings) =>
        !n.NotApplicable && !(n.Kind == NodeKind.Indicator && ratings.TryGetValue(n.Id, out var r) && r == RatingLevel.NotApplicable)
        && (n.Kind == NodeKind.Indicator || n.OrderedChildren.Where(IsRegular).Any(c => Counts(c, ratings)));

    /// <summary>Shares <paramref name="points"/> over the siblings that count, by weight; returns what they earned.</summary>
    private static decimal Share(IReadOnlyList<FrameworkNode> siblings, decimal points, IReadOnlyDictionary<int, RatingLevel> ratings, List<NodeScore> scores, out int unrated)
    {
        unrated = 0;
        var counting = siblings.Where(s => Counts(s, ratings)).ToList();
        var weightSum = counting.Sum(s => s.Weight ?? 1m);
        decimal earned = 0;
        foreach (var n in siblings)
        {
            if (!counting.Contains(n))
            {
                var why = n.NotApplicable ? $"不涉及{(string.IsNullOrEmpty(n.NotApplicableReason) ? "" : $"（{n.NotApplicableReason}）")}，不计分，分值由同级指标分享"
                    : n.Kind == NodeKind.Indicator ? "评定为不涉及，不计分，分值由同级指标分享" : "下级指标均不涉及，不计分";
                scores.Add(new NodeScore(n.Id, n.Kind, n.Label, 0, 0, false, ratings.TryGetValue(n.Id, out var na) ? na : null, [why]));
                continue;
            }
            var weight = n.Weight ?? 1m;
            var share = weightSum == 0 ? 0 : points * weight / weightSum;
            var lines = new List<string> { $"分值 {F(share)} 分 = 上级分值 {F(points)} × 权重 {F(weight)} / 同级权重合计 {F(weightSum)}" };
            decimal score;
            RatingLevel? rating = null;
            if (n.Kind == NodeKind.Indicator)
            {
                if (ratings.TryGetValue(n.Id, out var level))
                {
                    rating = level;
                    score = share * RatingLevels.Factor(level);
                    lines.Add($"评定{RatingLevels.Name(level)}，系数{F(RatingLevels.Factor(level))}，得分 {F(score)} 分");
                }
                else
                {
                    score = 0;
                    unrated++;
                    lines.Add("尚未评定，按0分计");
                }
            }
            else
            {
                score = Share(n.OrderedChildren.Where(IsRegular).ToList(), share, ratings, scores, out var below);
                unrated += below;
                lines.Add($"下级指标得分合计 {F(score)} 分{(below > 0 ? $"（其中{below}项未评定）" : "")}");
            }
            earned += score;
            scores.Add(new NodeScore(n.Id, n.Kind, n.Label, share, score, true, rating, lines));
        }
        return earned;
    }
}
