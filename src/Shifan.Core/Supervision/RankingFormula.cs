namespace Shifan.Core.Supervision;

/// <summary>What the ranking knows about one unit in one period.</summary>
public sealed record RankingInput(
    int UnitId, string UnitName,
    int Shares, int ApprovedShares,
    Ledgers.LedgerStanding Ledger,
    int SubmissionsInPeriod, int ReturnsInPeriod, int ApprovalsInPeriod);

/// <summary>One line of a unit's score: the part, the figures it rests on, its sub-score (0–100), weight and points.</summary>
public sealed record ScoreLine(string Part, string Basis, double SubScore, int Weight, double Points);

public sealed record UnitScore(int Rank, int UnitId, string UnitName, double Score, IReadOnlyList<ScoreLine> Lines);

/// <summary>
/// The ranking of units for a period (ADR-019), written down so every score can be explained:
/// <list type="bullet">
/// <item>完成率 = 材料全部通过的指标任务数 ÷ 承担的指标任务数 × 100;</item>
/// <item>台账及时 = 按时提交 100，逾期提交 60，尚未到期未提交 100（不扣分），逾期未交或未报 0;</item>
/// <item>退回情况 = 100 − 本期退回次数 ÷ 本期提交次数 × 100（本期未提交也未被退回为 100，不低于 0）;</item>
/// <item>审核通过 = 本期审核通过次数 ÷ 本期审核次数（通过 + 退回）× 100（本期无审核时取完成率）;</item>
/// </list>
/// score = Σ(sub-score × weight) ÷ Σ weights, rounded to one decimal; ties keep the unit order and share a rank.
/// </summary>
public static class RankingFormula
{
    public const string Text =
        "得分 = (完成率×完成权重 + 台账及时×及时权重 + 退回情况×退回权重 + 审核通过×通过权重) ÷ 权重合计。" +
        "完成率 = 材料全部通过的指标任务数 ÷ 承担的指标任务数 × 100；" +
        "台账及时：按时提交100分，逾期提交60分，尚未到截止日100分，逾期未交或未报0分；" +
        "退回情况 = 100 − 本期被退回次数 ÷ 本期提交次数 × 100（不低于0，本期没有提交也没有退回为100）；" +
        "审核通过 = 本期审核通过次数 ÷ 本期审核次数 × 100（本期没有审核时取完成率）。";

    public static IReadOnlyList<ScoreLine> Explain(RankingInput u, SupervisionSettings w)
    {
        var completion = u.Shares == 0 ? 0 : 100.0 * u.ApprovedShares / u.Shares;
        var timeliness = u.Ledger switch
        {
            Ledgers.LedgerStanding.Submitted => 100,
            Ledgers.LedgerStanding.SubmittedLate => 60,
            Ledgers.LedgerStanding.NotStarted or Ledgers.LedgerStanding.Draft => 100,
            _ => 0,
        };
        var returns = u.SubmissionsInPeriod == 0
            ? (u.ReturnsInPeriod == 0 ? 100 : 0)
            : Math.Max(0, 100 - 100.0 * u.ReturnsInPeriod / u.SubmissionsInPeriod);
        var decided = u.ApprovalsInPeriod + u.ReturnsInPeriod;
        var approvals = decided == 0 ? completion : 100.0 * u.ApprovalsInPeriod / decided;
        var total = Math.Max(1, w.WeightTotal);
        ScoreLine Line(string part, string basis, double sub, int weight) => new(part, basis, Math.Round(sub, 1), weight, Math.Round(sub * weight / total, 2));
        return
        [
            Line("完成率", $"全部通过{u.ApprovedShares}项 ÷ 承担{u.Shares}项", completion, w.WeightCompletion),
            Line("台账及时", $"本期台账：{Ledgers.LedgerStandings.Name(u.Ledger)}", timeliness, w.WeightTimeliness),
            Line("退回情况", $"本期被退回{u.ReturnsInPeriod}次，提交{u.SubmissionsInPeriod}次", returns, w.WeightReturns),
            Line("审核通过", decided == 0 ? "本期没有审核，取完成率" : $"本期通过{u.ApprovalsInPeriod}次 ÷ 审核{decided}次", approvals, w.WeightApprovals),
        ];
    }

    public static IReadOnlyList<UnitScore> Rank(IEnumerable<RankingInput> units, SupervisionSettings weights)
    {
        var scored = units.Select(u =>
        {
            var lines = Explain(u, weights);
            return (u, lines, score: Math.Round(lines.Sum(l => l.Points), 1));
        }).OrderByDescending(x => x.score).ToList();
        var result = new List<UnitScore>();
        for (var i = 0; i < scored.Count; i++)
        {
            var rank = i > 0 && scored[i].score == scored[i - 1].score ? result[i - 1].Rank : i + 1;
            result.Add(new UnitScore(rank, scored[i].u.UnitId, scored[i].u.UnitName, scored[i].score, scored[i].lines));
        }
        return result;
    }
}
