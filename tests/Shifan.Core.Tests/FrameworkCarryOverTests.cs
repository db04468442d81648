using Shifan.Core.Frameworks;

namespace Shifan.Core.Tests;

public class FrameworkCarryOverTests
{
    [Fact]
    public void AnIndicatorEditedInPlaceKeepsItsNumberAndContinues()
    {
        var before = FrameworkBuilder.TwoAreas();
        var after = FrameworkBuilder.TwoAreas();
        before.Indicator("1").Text = "全面普及行政审批服务“马上办、网上办、就近办”，行政审批事项在法定期限内完成。";
        after.Indicator("1").Text = "全面普及行政审批服务“马上办、网上办、就近办、一次办”，行政审批事项在法定期限内完成并压缩时限。";

        var match = FrameworkCarryOver.Map(before, after).MatchFor(before.Indicator("1"))!;

        Assert.Same(after.Indicator("1"), match.New);
        Assert.Equal(MatchBasis.SameCodeSimilarText, match.Basis);
        Assert.InRange(match.Similarity, 0.65, 0.99);
    }

    [Fact]
    public void ANumberAloneMatchesNothing()
    {
        var before = FrameworkBuilder.TwoAreas();
        var after = FrameworkBuilder.TwoAreas();
        after.Indicator("2").Text = "依法公开本级政府权责清单并动态调整。";
        after.Indicator("3").Title = "健全规章制定程序";
        after.Indicator("3").Text = "健全规章制定程序。";

        var carry = FrameworkCarryOver.Map(before, after);

        Assert.Null(carry.NodeFor(before.Indicator("2")));
        Assert.Null(carry.NodeFor(before.Indicator("3")));
        Assert.Same(after.Indicator("1"), carry.NodeFor(before.Indicator("1")));
        // Its sub-items are unchanged: they continue by their content.
        Assert.Equal(MatchBasis.SameContent, carry.MatchFor(before.Indicator("3").OrderedChildren.First())!.Basis);
    }

    [Fact]
    public void ARenumberedAndSlightlyEditedIndicatorFollowsItsText()
    {
        var before = FrameworkBuilder.TwoAreas();
        var after = FrameworkBuilder.TwoAreas();
        before.Indicator("3").Text = "制定年度立法工作计划并向社会公开，按计划完成立法项目，及时报送备案。";
        after.Indicator("3").Text = "制定年度立法工作计划并向社会公开，按计划完成立法项目，按时报送备案。";
        after.Indicator("3").Code = "7";

        var match = FrameworkCarryOver.Map(before, after).MatchFor(before.Indicator("3"))!;

        Assert.Same(after.Indicator("7"), match.New);
        Assert.Equal(MatchBasis.SimilarText, match.Basis);
    }

    [Fact]
    public void AnUnrelatedFrameworkWithTheSameNumbersMatchesNoIndicator()
    {
        var before = FrameworkBuilder.TwoAreas();
        var after = new Framework { Name = "测试体系" };
        var a = after.Add(null, FrameworkBuilder.Node(NodeKind.Area, "一", "校园食品安全"));
        var g = after.Add(a, FrameworkBuilder.Node(NodeKind.Group, "1", "食堂管理"));
        after.Add(g, FrameworkBuilder.Node(NodeKind.Indicator, "1", "食堂从业人员持健康证上岗。"));
        after.Add(g, FrameworkBuilder.Node(NodeKind.Indicator, "2", "食品原料进货查验记录完整。"));
        after.Add(g, FrameworkBuilder.Node(NodeKind.Indicator, "3", "留样冰箱温度每日记录。"));

        Assert.Empty(FrameworkCarryOver.Map(before, after).Matches);
    }
}
