namespace Shifan.Core.Frameworks;

/// <summary>Levels of an indicator system; the interchange names are in <see cref="NodeKinds"/>.</summary>
public enum NodeKind { Area, Group, Indicator, Item, Bonus, Veto, Deduction }

public static class NodeKinds
{
    public static string ToJson(NodeKind kind) => kind switch
    {
        NodeKind.Area => "area",
        NodeKind.Group => "group",
        NodeKind.Indicator => "indicator",
        NodeKind.Item => "item",
        NodeKind.Bonus => "bonus",
        NodeKind.Veto => "veto",
        _ => "deduction",
    };

    public static bool TryParse(string? value, out NodeKind kind)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "area": kind = NodeKind.Area; return true;
            case "group": kind = NodeKind.Group; return true;
            case "indicator": kind = NodeKind.Indicator; return true;
            case "item": kind = NodeKind.Item; return true;
            case "bonus": kind = NodeKind.Bonus; return true;
            case "veto": kind = NodeKind.Veto; return true;
            case "deduction": kind = NodeKind.Deduction; return true;
            default: kind = default; return false;
        }
    }

    public static string DisplayName(NodeKind kind) => kind switch
    {
        NodeKind.Area => "一级指标",
        NodeKind.Group => "二级指标",
        NodeKind.Indicator => "三级指标",
        NodeKind.Item => "子项",
        NodeKind.Bonus => "加分项",
        NodeKind.Veto => "否决项",
        _ => "减分项",
    };

    /// <summary>Kinds that carry a standard, methods and materials (as opposed to headings).</summary>
    public static bool IsAssessable(NodeKind kind) => kind is not (NodeKind.Area or NodeKind.Group);

    /// <summary>The tree rule: which kinds may hold which. Null parent means the top level.</summary>
    public static bool MayContain(NodeKind? parent, NodeKind child) => (parent, child) switch
    {
        (null, NodeKind.Area) => true,
        (null, NodeKind.Indicator or NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction) => true,
        (NodeKind.Area, NodeKind.Group or NodeKind.Indicator or NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction) => true,
        (NodeKind.Group, NodeKind.Indicator or NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction) => true,
        (NodeKind.Indicator, NodeKind.Item) => true,
        _ => false,
    };
}
