using Shifan.Core.Frameworks;
using Shifan.Core.SelfAssessment;

namespace Shifan.Core.Tests;

public class ScorecardTests
{
    /// <summary>Two areas of equal weight (50 points each); area 一 has three indicators, area 二 one with two sub-items.</summary>
    private static Framework Numbered()
    {
        var f = FrameworkBuilder.TwoAreas();
        var id = 0;
        foreach (var n in f.Nodes) n.Id = ++id;
        return f;
    }

    private static Dictionary<int, RatingLevel> Rate(Framework f, params (string Code, RatingLevel Level)[] ratings) =>
        ratings.ToDictionary(r => f.Indicator(r.Code).Id, r => r.Level);

    [Fact]
    public void AllMetScoresTheCeiling()
    {
        var f = Numbered();
        var card = Scorecard.Compute(f, Rate(f, ("1", RatingLevel.Met), ("2", RatingLevel.Met), ("（1）", RatingLevel.Met), ("3", RatingLevel.Met)));

        Assert.Equal(100m, card.Total);
        Assert.Equal(0, card.Unrated);
        Assert.False(card.Vetoed);
    }

    [Fact]
    public void SharesPointsByWeightAndExplainsEachIndicator()
    {
        var f = Numbered();
        var card = Scorecard.Compute(f, Rate(f, ("1", RatingLevel.Met), ("2", RatingLevel.PartlyMet), ("（1）", RatingLevel.NotMet), ("3", RatingLevel.Met)));

        // Area 一: 50 over three indicators → 16.67 each: 16.67 + 8.33 + 0 = 25; area 二: 50.
        Assert.Equal(75m, Math.Round(card.Total, 2));
        var partly = card.For(f.Indicator("2").Id)!;
        Assert.Equal(50m / 3, partly.Points);
        Assert.Contains(partly.Lines, l => l.Contains("评定基本达标") && l.Contains("系数0.5"));
        Assert.Contains(partly.Lines, l => l.Contains("上级分值 16.67") || l.Contains("上级分值 50"));
        Assert.Contains(card.Explain(), l => l == "总分 75 分");
    }

    [Fact]
    public void NotApplicableGivesItsPointsToItsSiblings()
    {
        var f = Numbered();
        var card = Scorecard.Compute(f, Rate(f, ("1", RatingLevel.Met), ("2", RatingLevel.NotApplicable), ("（1）", RatingLevel.Met), ("3", RatingLevel.Met)));

        Assert.Equal(100m, card.Total);
        Assert.Equal(25m, card.For(f.Indicator("1").Id)!.Points);
        Assert.False(card.For(f.Indicator("2").Id)!.Counted);
        Assert.Contains("不涉及", card.For(f.Indicator("2").Id)!.Lines[0]);
    }

    [Fact]
    public void WeightsChangeTheShares()
    {
        var f = Numbered();
        f.Roots.First().Weight = 60;
        f.Roots.Skip(1).First().Weight = 40;
        var card = Scorecard.Compute(f, Rate(f, ("3", RatingLevel.Met)));

        Assert.Equal(40m, card.Total);
        Assert.Equal(3, card.Unrated);
        Assert.Contains(card.Explain(), l => l.Contains("3项指标未评定"));
    }

    [Fact]
    public void BonusAddsAboveTheCeilingAndDeductionSubtracts()
    {
        var f = Numbered();
        f.Add(null, FrameworkBuilder.Node(NodeKind.Deduction, "1", "发生行政诉讼败诉案件。"));
        var id = f.Nodes.Max(n => n.Id);
        foreach (var n in f.Nodes.Where(n => n.Id == 0)) n.Id = ++id;
        var bonus = f.InOrder().Single(n => n.Kind == NodeKind.Bonus);
        bonus.Weight = 2;
        var deduction = f.InOrder().Single(n => n.Kind == NodeKind.Deduction);
        var ratings = Rate(f, ("1", RatingLevel.Met), ("2", RatingLevel.Met), ("（1）", RatingLevel.Met), ("3", RatingLevel.Met));
        ratings[bonus.Id] = RatingLevel.Met;
        ratings[deduction.Id] = RatingLevel.NotMet;

        var card = Scorecard.Compute(f, ratings);

        Assert.Equal(100m, card.BaseScore);
        Assert.Equal(2m, card.Bonus);
        Assert.Equal(1m, card.Deduction);
        Assert.Equal(101m, card.Total);
    }

    [Fact]
    public void AVetoItemRatedNotMetFailsWhateverTheScore()
    {
        var f = Numbered();
        var veto = f.InOrder().Single(n => n.Kind == NodeKind.Veto);
        var ratings = Rate(f, ("1", RatingLevel.Met), ("2", RatingLevel.Met), ("（1）", RatingLevel.Met), ("3", RatingLevel.Met));
        ratings[veto.Id] = RatingLevel.NotMet;

        var card = Scorecard.Compute(f, ratings);

        Assert.Equal(100m, card.Total);
        Assert.True(card.Vetoed);
        Assert.Contains(card.Explain(), l => l.Contains("创建不通过"));
    }

    [Fact]
    public void TheOfficeRatingCountsOverTheUnits()
    {
        var effective = Scorecard.Effective([
            new IndicatorRating { NodeId = 1, Side = RatingSide.Unit, Level = RatingLevel.Met },
            new IndicatorRating { NodeId = 1, Side = RatingSide.Office, Level = RatingLevel.PartlyMet },
            new IndicatorRating { NodeId = 2, Side = RatingSide.Unit, Level = RatingLevel.NotMet },
        ]);

        Assert.Equal(RatingLevel.PartlyMet, effective[1]);
        Assert.Equal(RatingLevel.NotMet, effective[2]);
    }

    [Fact]
    public void ARatingNeedsAReason()
    {
        Assert.Equal("reason", IndicatorRating.Validate(RatingLevel.Met, "  ")?.Field);
        Assert.Null(IndicatorRating.Validate(RatingLevel.Met, "已按要求完成"));
    }
}
