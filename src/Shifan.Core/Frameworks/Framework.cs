namespace Shifan.Core.Frameworks;

/// <summary>
/// A 指标体系 at one version. A campaign is pinned to one framework; a later version is a new
/// Framework with the same <see cref="Name"/> and a higher <see cref="Version"/>.
/// </summary>
public sealed class Framework
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int Version { get; set; } = 1;
    public string? SourceFileName { get; set; }
    public string? SourceSha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Every node of the tree, flat; the tree is read through Parent/Children.</summary>
    public List<FrameworkNode> Nodes { get; set; } = [];

    public IEnumerable<FrameworkNode> Roots => Nodes.Where(n => n.Parent is null && n.ParentId is null).OrderBy(n => n.SortOrder);

    /// <summary>All nodes in document order.</summary>
    public IEnumerable<FrameworkNode> InOrder() => Roots.SelectMany(r => r.SelfAndDescendants());

    public IEnumerable<FrameworkNode> Indicators => InOrder().Where(n => n.Kind == NodeKind.Indicator);

    public FrameworkNode? Find(int id) => Nodes.FirstOrDefault(n => n.Id == id);

    /// <summary>Sets Parent/Children from ParentId, for nodes loaded without tracking (or without the tree's fix-up).</summary>
    public Framework LinkTree()
    {
        var byId = Nodes.ToDictionary(n => n.Id);
        foreach (var n in Nodes) n.Children.Clear();
        foreach (var n in Nodes)
        {
            n.Parent = n.ParentId is int p ? byId.GetValueOrDefault(p) : null;
            n.Parent?.Children.Add(n);
        }
        return this;
    }

    private IEnumerable<FrameworkNode> Siblings(FrameworkNode? parent) =>
        parent is null ? Roots : parent.OrderedChildren;

    /// <summary>Adds a node as the last child of <paramref name="parent"/> (or at the top level).</summary>
    public FrameworkNode Add(FrameworkNode? parent, FrameworkNode node, int? position = null)
    {
        if (!NodeKinds.MayContain(parent?.Kind, node.Kind))
            throw new FrameworkRuleException($"{(parent is null ? "顶层" : NodeKinds.DisplayName(parent.Kind))}下不能放置{NodeKinds.DisplayName(node.Kind)}");
        if (node.Validate() is { } err) throw new FrameworkRuleException(err);
        node.Parent = parent;
        node.ParentId = parent?.Id is > 0 ? parent.Id : null;
        node.FrameworkId = Id;
        var siblings = Siblings(parent).ToList();
        var at = Math.Clamp(position ?? siblings.Count, 0, siblings.Count);
        siblings.Insert(at, node);
        parent?.Children.Add(node);
        Nodes.Add(node);
        Resequence(siblings);
        return node;
    }

    /// <summary>Moves a node (with its subtree) under a new parent at a position.</summary>
    public void Move(FrameworkNode node, FrameworkNode? newParent, int position)
    {
        if (newParent is not null && (newParent == node || newParent.Ancestors().Contains(node)))
            throw new FrameworkRuleException("不能把节点移动到它自己的下级");
        if (!NodeKinds.MayContain(newParent?.Kind, node.Kind))
            throw new FrameworkRuleException($"{(newParent is null ? "顶层" : NodeKinds.DisplayName(newParent.Kind))}下不能放置{NodeKinds.DisplayName(node.Kind)}");
        var oldSiblings = Siblings(node.Parent).Where(n => n != node).ToList();
        node.Parent?.Children.Remove(node);
        Resequence(oldSiblings);
        node.Parent = newParent;
        node.ParentId = newParent?.Id;
        newParent?.Children.Add(node);
        var siblings = Siblings(newParent).Where(n => n != node).ToList();
        siblings.Insert(Math.Clamp(position, 0, siblings.Count), node);
        Resequence(siblings);
    }

    /// <summary>Moves a node one place up (-1) or down (+1) among its siblings.</summary>
    public void Shift(FrameworkNode node, int delta)
    {
        var siblings = Siblings(node.Parent).ToList();
        var i = siblings.IndexOf(node);
        var j = Math.Clamp(i + delta, 0, siblings.Count - 1);
        if (i == j) return;
        siblings.RemoveAt(i);
        siblings.Insert(j, node);
        Resequence(siblings);
    }

    /// <summary>Removes a node and everything below it; returns the removed nodes.</summary>
    public List<FrameworkNode> Remove(FrameworkNode node)
    {
        var removed = node.SelfAndDescendants().ToList();
        node.Parent?.Children.Remove(node);
        foreach (var r in removed) Nodes.Remove(r);
        Resequence(Siblings(node.Parent).ToList());
        return removed;
    }

    private static void Resequence(List<FrameworkNode> ordered)
    {
        for (var i = 0; i < ordered.Count; i++) ordered[i].SortOrder = i + 1;
    }

    /// <summary>
    /// Renumbers the whole tree in document order: areas 一、二…, groups 1.2.… within their area,
    /// national indicators 1…N across the framework, local indicators （1）… in their own run,
    /// sub-items （1）… within their indicator, and 附加项 1… within each kind and parent.
    /// Returns how many codes changed.
    /// </summary>
    public int Renumber()
    {
        var changed = 0;
        void Set(FrameworkNode n, string code)
        {
            if (n.Code != code) { n.Code = code; changed++; }
        }
        var area = 0;
        var national = 0;
        var local = 0;
        foreach (var n in InOrder())
        {
            switch (n.Kind)
            {
                case NodeKind.Area:
                    Set(n, ChineseNumerals.Format(++area));
                    break;
                case NodeKind.Group:
                    Set(n, (n.Parent is null ? 1 : n.Parent.OrderedChildren.Where(c => c.Kind == NodeKind.Group).ToList().IndexOf(n) + 1).ToString());
                    break;
                case NodeKind.Indicator when IsParenthesised(n.Code):
                    Set(n, $"（{++local}）");
                    break;
                case NodeKind.Indicator:
                    Set(n, (++national).ToString());
                    break;
                case NodeKind.Item:
                    Set(n, $"（{n.Parent!.OrderedChildren.Where(c => c.Kind == NodeKind.Item).ToList().IndexOf(n) + 1}）");
                    break;
                default:
                    Set(n, (Siblings(n.Parent).Where(c => c.Kind == n.Kind).ToList().IndexOf(n) + 1).ToString());
                    break;
            }
        }
        return changed;
    }

    public static bool IsParenthesised(string code) =>
        code.Length >= 3 && (code[0] is '（' or '(') && (code[^1] is '）' or ')');

    /// <summary>Checks the tree invariants; returns Chinese messages for every violation.</summary>
    public List<string> CheckInvariants()
    {
        var problems = new List<string>();
        foreach (var n in Nodes)
        {
            if (!NodeKinds.MayContain(n.Parent?.Kind, n.Kind))
                problems.Add($"{n.Label}：{(n.Parent is null ? "顶层" : NodeKinds.DisplayName(n.Parent.Kind))}下不能放置{NodeKinds.DisplayName(n.Kind)}");
            if (n.Parent is not null && !Nodes.Contains(n.Parent)) problems.Add($"{n.Label}：上级节点不在本指标体系中");
        }
        foreach (var dup in Indicators.Where(i => !IsParenthesised(i.Code)).GroupBy(i => i.Code).Where(g => g.Count() > 1))
            problems.Add($"三级指标编号{dup.Key}重复");
        return problems;
    }
}

public sealed class FrameworkRuleException(Refusal refusal) : Exception(refusal.Message)
{
    /// <summary>The message and, when one input is at fault, its field.</summary>
    public Refusal Refusal { get; } = refusal;
}

public static class ChineseNumerals
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    public static string Format(int n)
    {
        if (n <= 0 || n >= 100) return n.ToString();
        if (n < 10) return Digits[n];
        var tens = n / 10;
        var ones = n % 10;
        return (tens == 1 ? "" : Digits[tens]) + "十" + (ones == 0 ? "" : Digits[ones]);
    }

    public static int? Parse(string s)
    {
        s = s.Trim();
        if (int.TryParse(s, out var v)) return v;
        for (var i = 1; i < 100; i++) if (Format(i) == s) return i;
        return null;
    }
}
