using Shifan.Core.Frameworks;

namespace Shifan.Core.Tests;

public class FrameworkTreeTests
{
    [Fact]
    public void RejectsIndicatorUnderItem()
    {
        var f = FrameworkBuilder.TwoAreas();
        var item = f.InOrder().First(n => n.Kind == NodeKind.Item);
        var ex = Assert.Throws<FrameworkRuleException>(() => f.Add(item, FrameworkBuilder.Node(NodeKind.Indicator, "9", "不应放在子项下")));
        Assert.Contains("子项下不能放置三级指标", ex.Message);
    }

    [Fact]
    public void RejectsGroupAtTopLevel() =>
        Assert.Throws<FrameworkRuleException>(() => FrameworkBuilder.TwoAreas().Add(null, FrameworkBuilder.Node(NodeKind.Group, "1", "孤立的二级指标")));

    [Fact]
    public void RejectsMovingNodeUnderItsOwnDescendant()
    {
        var f = FrameworkBuilder.TwoAreas();
        var area = f.Roots.First();
        var group = area.OrderedChildren.First();
        var ex = Assert.Throws<FrameworkRuleException>(() => f.Move(area, group, 0));
        Assert.Contains("自己的下级", ex.Message);
    }

    [Fact]
    public void MovesIndicatorToAnotherGroupAndResequences()
    {
        var f = FrameworkBuilder.TwoAreas();
        var i2 = f.Indicator("2");
        var target = f.Indicator("3").Parent!;
        f.Move(i2, target, 0);
        Assert.Same(target, i2.Parent);
        Assert.Equal(["2", "3"], target.OrderedChildren.Select(c => c.Code));
        Assert.Equal([1, 2], target.OrderedChildren.Select(c => c.SortOrder));
        Assert.Equal([1, 2], f.Indicator("1").Parent!.OrderedChildren.Select(c => c.SortOrder));
        Assert.Empty(f.CheckInvariants());
    }

    [Fact]
    public void ShiftSwapsWithNeighbourAndStopsAtTheEnds()
    {
        var f = FrameworkBuilder.TwoAreas();
        var i2 = f.Indicator("2");
        f.Shift(i2, -1);
        Assert.Equal(["2", "1", "（1）"], i2.Parent!.OrderedChildren.Select(c => c.Code));
        f.Shift(i2, -1);
        Assert.Equal(1, i2.SortOrder);
    }

    [Fact]
    public void RenumbersIndicatorsAcrossAreasAndItemsWithinTheirIndicator()
    {
        var f = FrameworkBuilder.TwoAreas();
        f.Shift(f.Indicator("2"), -1);
        var item2 = f.Indicator("3").OrderedChildren.Last();
        f.Shift(item2, -1);
        f.Add(null, FrameworkBuilder.Node(NodeKind.Bonus, "7", "第二个加分项。"));
        var changed = f.Renumber();
        Assert.Equal(5, changed); // 1↔2, （1）↔（2）, bonus 7→2
        Assert.Equal(["1", "2", "（1）", "3"], f.Indicators.Select(i => i.Code));
        Assert.Equal("依法实施行政许可。", f.Indicator("1").Text);
        Assert.Equal(["（1）", "（2）"], f.Indicator("3").OrderedChildren.Select(c => c.Code));
        Assert.Equal("第二子项。", f.Indicator("3").OrderedChildren.First().Text);
        Assert.Equal(["1", "2"], f.Roots.Where(r => r.Kind == NodeKind.Bonus).Select(r => r.Code));
        Assert.Equal(0, f.Renumber());
    }

    [Fact]
    public void RenumberGivesAreasChineseNumerals()
    {
        var f = FrameworkBuilder.TwoAreas();
        f.Shift(f.Roots.Skip(1).First(), -1);
        f.Renumber();
        Assert.Equal(["一", "二"], f.Roots.Where(r => r.Kind == NodeKind.Area).Select(r => r.Code));
        Assert.Equal("依法行政制度体系完备", f.Roots.First().Title);
    }

    [Fact]
    public void RemoveTakesTheSubtree()
    {
        var f = FrameworkBuilder.TwoAreas();
        var before = f.Nodes.Count;
        var removed = f.Remove(f.Indicator("3"));
        Assert.Equal(3, removed.Count);
        Assert.Equal(before - 3, f.Nodes.Count);
        Assert.DoesNotContain(f.Nodes, n => n.Kind == NodeKind.Item);
    }

    [Fact]
    public void InvariantsReportDuplicateIndicatorNumbers()
    {
        var f = FrameworkBuilder.TwoAreas();
        f.Indicator("2").Code = "1";
        Assert.Contains(f.CheckInvariants(), p => p.Contains("编号1重复"));
    }

    [Theory]
    [InlineData(1, "一")]
    [InlineData(10, "十")]
    [InlineData(11, "十一")]
    [InlineData(20, "二十")]
    [InlineData(35, "三十五")]
    public void FormatsAndParsesChineseNumerals(int n, string text)
    {
        Assert.Equal(text, ChineseNumerals.Format(n));
        Assert.Equal(n, ChineseNumerals.Parse(text));
    }

    [Fact]
    public void NodeValidationNamesTheProblemInChinese()
    {
        var n = FrameworkBuilder.Node(NodeKind.Indicator, "", "内容");
        Assert.Equal(new Refusal("编号不能为空", "code"), n.Validate());
        n.Code = "1";
        n.Materials.Add(new MaterialRequirement { No = 1, Text = "材料", MinCount = 5, MaxCount = 3 });
        Assert.Equal(new Refusal("材料1：最少件数不能大于最多件数", "materials"), n.Validate());
    }
}
