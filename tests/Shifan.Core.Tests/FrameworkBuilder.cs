using Shifan.Core.Frameworks;

namespace Shifan.Core.Tests;

/// <summary>Small frameworks for tests, built through the same Add rule the product uses.</summary>
internal static class FrameworkBuilder
{
    public static Framework TwoAreas()
    {
        var f = new Framework { Name = "测试体系" };
        var a1 = f.Add(null, Node(NodeKind.Area, "一", "政府职能依法全面履行"));
        var g1 = f.Add(a1, Node(NodeKind.Group, "1", "加大简政放权力度"));
        f.Add(g1, Node(NodeKind.Indicator, "1", "全面普及行政审批服务。"));
        f.Add(g1, Node(NodeKind.Indicator, "2", "依法实施行政许可。"));
        f.Add(g1, Node(NodeKind.Indicator, "（1）", "“万人助万企”活动重点任务落实情况。"));
        var a2 = f.Add(null, Node(NodeKind.Area, "二", "依法行政制度体系完备"));
        var g2 = f.Add(a2, Node(NodeKind.Group, "1", "加强重点领域立法"));
        var i3 = f.Add(g2, Node(NodeKind.Indicator, "3", "立法工作计划。"));
        f.Add(i3, Node(NodeKind.Item, "（1）", "第一子项。"));
        f.Add(i3, Node(NodeKind.Item, "（2）", "第二子项。"));
        f.Add(null, Node(NodeKind.Bonus, "1", "获得省部级以上表彰。"));
        f.Add(null, Node(NodeKind.Veto, "1", "发生严重违法行政行为。"));
        return f;
    }

    public static FrameworkNode Node(NodeKind kind, string code, string text) => new()
    {
        Kind = kind, Code = code, Title = FrameworkNode.TitleFrom(text), Text = text,
    };

    public static FrameworkNode Indicator(this Framework f, string code) =>
        f.InOrder().Single(n => n.Kind == NodeKind.Indicator && n.Code == code);
}
