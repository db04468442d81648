namespace Shifan.Core.Frameworks;

public enum ChangeKind { Added, Removed, Changed, Moved }

/// <summary>One difference between two versions of a framework.</summary>
public sealed record NodeChange(ChangeKind Kind, string Key, string Label, IReadOnlyList<string> Fields, FrameworkNode? Before, FrameworkNode? After);

/// <summary>What changed between two framework versions, for adopting a new version.</summary>
public static class FrameworkDiff
{
    /// <summary>
    /// A node's identity across versions: areas and groups by title, indicators and 附加项 by
    /// kind and code, sub-items by their indicator's code and their own.
    /// </summary>
    public static string KeyOf(FrameworkNode n) => n.Kind switch
    {
        NodeKind.Area => "area:" + Normalize(n.Title),
        NodeKind.Group => $"group:{(n.Parent is null ? "" : Normalize(n.Parent.Title))}/{Normalize(n.Title)}",
        NodeKind.Item => $"item:{n.Parent?.Code}/{n.Code}",
        _ => $"{NodeKinds.ToJson(n.Kind)}:{n.Code}",
    };

    private static string Normalize(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static List<NodeChange> Compare(Framework before, Framework after)
    {
        var changes = new List<NodeChange>();
        var old = before.InOrder().GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.First());
        var now = after.InOrder().GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.First());
        foreach (var (key, n) in now)
        {
            if (!old.TryGetValue(key, out var o))
            {
                changes.Add(new NodeChange(ChangeKind.Added, key, n.Label, [], null, n));
                continue;
            }
            var fields = ChangedFields(o, n);
            if (fields.Count > 0) changes.Add(new NodeChange(ChangeKind.Changed, key, n.Label, fields, o, n));
            var oldParent = o.Parent is null ? "" : KeyOf(o.Parent);
            var newParent = n.Parent is null ? "" : KeyOf(n.Parent);
            if (oldParent != newParent) changes.Add(new NodeChange(ChangeKind.Moved, key, n.Label, ["parent"], o, n));
        }
        foreach (var (key, o) in old)
            if (!now.ContainsKey(key)) changes.Add(new NodeChange(ChangeKind.Removed, key, o.Label, [], o, null));
        return changes;
    }

    public static List<string> ChangedFields(FrameworkNode a, FrameworkNode b)
    {
        var f = new List<string>();
        if (a.Title != b.Title) f.Add("title");
        if (a.Text != b.Text) f.Add("text");
        if (a.Goal != b.Goal) f.Add("goal");
        if (!a.Methods.SequenceEqual(b.Methods)) f.Add("methods");
        if (a.Materials.Count != b.Materials.Count ||
            a.Materials.OrderBy(m => m.No).Zip(b.Materials.OrderBy(m => m.No)).Any(p => !p.First.SameAs(p.Second)))
            f.Add("materials");
        if (a.Explanation != b.Explanation) f.Add("explanation");
        if (a.NotApplicable != b.NotApplicable || a.NotApplicableReason != b.NotApplicableReason) f.Add("notApplicable");
        return f;
    }

    public static string FieldName(string field) => field switch
    {
        "title" => "标题",
        "text" => "指标内容",
        "goal" => "目标要求",
        "methods" => "测评方法",
        "materials" => "报送材料",
        "explanation" => "情况说明内容",
        "notApplicable" => "不涉及",
        "parent" => "所属上级",
        _ => field,
    };
}
