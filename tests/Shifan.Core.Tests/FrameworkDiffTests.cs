using Shifan.Core.Frameworks;

namespace Shifan.Core.Tests;

public class FrameworkDiffTests
{
    [Fact]
    public void IdenticalVersionsHaveNoChanges() =>
        Assert.Empty(FrameworkDiff.Compare(FrameworkBuilder.TwoAreas(), FrameworkBuilder.TwoAreas()));

    [Fact]
    public void ReportsAddedRemovedChangedAndMovedNodes()
    {
        var before = FrameworkBuilder.TwoAreas();
        var after = FrameworkBuilder.TwoAreas();
        after.Indicator("1").Text = "全面普及行政审批服务，网上可办率不低于90%。";
        after.Indicator("1").Methods = ["网络检索"];
        after.Indicator("2").Materials.Add(new MaterialRequirement { No = 1, Text = "情况说明", MaxChars = 600 });
        after.Remove(after.Indicator("（1）"));
        after.Add(after.Indicator("3").Parent, FrameworkBuilder.Node(NodeKind.Indicator, "4", "新增指标。"));
        after.Move(after.Indicator("2"), after.Indicator("3").Parent, 0);

        var changes = FrameworkDiff.Compare(before, after);

        var changed1 = Assert.Single(changes, c => c.Key == "indicator:1");
        Assert.Equal(ChangeKind.Changed, changed1.Kind);
        Assert.Equal(["text", "methods"], changed1.Fields);
        Assert.Contains(changes, c => c.Key == "indicator:2" && c.Kind == ChangeKind.Changed && c.Fields.SequenceEqual(["materials"]));
        Assert.Contains(changes, c => c.Key == "indicator:2" && c.Kind == ChangeKind.Moved);
        Assert.Contains(changes, c => c.Key == "indicator:（1）" && c.Kind == ChangeKind.Removed);
        Assert.Contains(changes, c => c.Key == "indicator:4" && c.Kind == ChangeKind.Added);
        Assert.Equal(5, changes.Count);
    }

    [Fact]
    public void SubItemsAreKeyedByTheirIndicator()
    {
        var f = FrameworkBuilder.TwoAreas();
        Assert.Equal("item:3/（2）", FrameworkDiff.KeyOf(f.Indicator("3").OrderedChildren.Last()));
    }
}
