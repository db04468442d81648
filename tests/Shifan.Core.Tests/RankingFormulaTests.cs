using Shifan.Core.Ledgers;
using Shifan.Core.Supervision;

namespace Shifan.Core.Tests;

/// <summary>The ranking formula written in the product (RankingFormula.Text), each part computed from known figures.</summary>
public class RankingFormulaTests
{
    private static RankingInput A(int id = 1, string name = "司法局") => new(id, name, Shares: 10, ApprovedShares: 8, LedgerStanding.SubmittedLate,
        SubmissionsInPeriod: 4, ReturnsInPeriod: 1, ApprovalsInPeriod: 3);

    [Fact]
    public void EachPartIsItsWrittenFormulaAndTheScoreIsTheWeightedMean()
    {
        var lines = RankingFormula.Explain(A(), new SupervisionSettings());
        Assert.Equal(["完成率", "台账及时", "退回情况", "审核通过"], lines.Select(l => l.Part));
        Assert.Equal([80.0, 60.0, 75.0, 75.0], lines.Select(l => l.SubScore));     // 8÷10; late ledger; 100−1÷4; 3÷(3+1)
        Assert.Equal([40, 30, 15, 15], lines.Select(l => l.Weight));
        Assert.Equal([32.0, 18.0, 11.25, 11.25], lines.Select(l => l.Points));
        Assert.Equal("全部通过8项 ÷ 承担10项", lines[0].Basis);
        Assert.Equal("本期被退回1次，提交4次", lines[2].Basis);
        Assert.Equal("本期通过3次 ÷ 审核4次", lines[3].Basis);
        Assert.Equal(72.5, RankingFormula.Rank([A()], new SupervisionSettings()).Single().Score);
    }

    [Fact]
    public void UnitsAreRankedByScoreAndTiesShareARank()
    {
        var perfect = new RankingInput(2, "发改委", 5, 5, LedgerStanding.Submitted, 0, 0, 0);
        var missing = new RankingInput(3, "教育局", 4, 0, LedgerStanding.Missing, 0, 2, 0);
        var ranking = RankingFormula.Rank([A(), perfect, missing, A(4, "公安局")], new SupervisionSettings());
        Assert.Equal([("发改委", 1, 100.0), ("司法局", 2, 72.5), ("公安局", 2, 72.5), ("教育局", 4, 0.0)],
            ranking.Select(r => (r.UnitName, r.Rank, r.Score)));
        // No review this period: 审核通过 takes the completion rate, and says so.
        var noReview = RankingFormula.Explain(new RankingInput(5, "财政局", 4, 1, LedgerStanding.NotStarted, 0, 0, 0), new SupervisionSettings());
        Assert.Equal((25.0, "本期没有审核，取完成率"), (noReview[3].SubScore, noReview[3].Basis));
        Assert.Equal(100.0, noReview[1].SubScore); // not yet due: no deduction
    }

    [Fact]
    public void TheCampaignsWeightsChangeTheScore()
    {
        var onlyCompletion = new SupervisionSettings { WeightCompletion = 100, WeightTimeliness = 0, WeightReturns = 0, WeightApprovals = 0 };
        Assert.Equal(80.0, RankingFormula.Rank([A()], onlyCompletion).Single().Score);
        var even = new SupervisionSettings { WeightCompletion = 1, WeightTimeliness = 1, WeightReturns = 1, WeightApprovals = 1 };
        Assert.Equal(72.5, RankingFormula.Rank([A()], even).Single().Score); // (80+60+75+75)÷4
        var timelinessOnly = new SupervisionSettings { WeightCompletion = 0, WeightTimeliness = 50, WeightReturns = 0, WeightApprovals = 0 };
        Assert.Equal(60.0, RankingFormula.Rank([A()], timelinessOnly).Single().Score);
    }
}
