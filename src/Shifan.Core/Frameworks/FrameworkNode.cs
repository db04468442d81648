namespace Shifan.Core.Frameworks;

/// <summary>A node of an indicator system: area, group, indicator, sub-item or 附加项.</summary>
public sealed class FrameworkNode
{
    public int Id { get; set; }
    public int FrameworkId { get; set; }
    public int? ParentId { get; set; }
    public FrameworkNode? Parent { get; set; }
    public List<FrameworkNode> Children { get; set; } = [];
    public NodeKind Kind { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public string? Goal { get; set; }
    public List<string> Methods { get; set; } = [];
    public List<MaterialRequirement> Materials { get; set; } = [];
    public string? Explanation { get; set; }
    public List<IndicatorTask> Tasks { get; set; } = [];
    public bool NotApplicable { get; set; }
    /// <summary>Why the indicator does not apply, as the task table says it ("本项县区不涉及"); null when not given.</summary>
    public string? NotApplicableReason { get; set; }
    public int SortOrder { get; set; }
    /// <summary>
    /// Weight among its siblings for the score (null: equal); for a 加分项 or 减分项 its points. Imported when the
    /// document gives 分值, editable by the office, carried to the next framework version.
    /// </summary>
    public decimal? Weight { get; set; }

    public IEnumerable<FrameworkNode> OrderedChildren => Children.OrderBy(c => c.SortOrder);

    /// <summary>Depth-first, in document order, this node first.</summary>
    public IEnumerable<FrameworkNode> SelfAndDescendants()
    {
        yield return this;
        foreach (var c in OrderedChildren)
            foreach (var d in c.SelfAndDescendants())
                yield return d;
    }

    public IEnumerable<FrameworkNode> Ancestors()
    {
        for (var p = Parent; p is not null; p = p.Parent) yield return p;
    }

    public FrameworkNode? Area => Kind == NodeKind.Area ? this : Ancestors().FirstOrDefault(a => a.Kind == NodeKind.Area);

    /// <summary>"一、政府职能依法全面履行" style label.</summary>
    public string Label => Kind switch
    {
        NodeKind.Area => $"{Code}、{Title}",
        NodeKind.Group => $"{Code}.{Title}",
        NodeKind.Item => $"{Code}{Title}",
        NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction => $"{NodeKinds.DisplayName(Kind)}{Code}：{Title}",
        _ => $"{Code}. {Title}",
    };

    /// <summary>Returns a Chinese error message, or null when the node's own fields are valid.</summary>
    public Refusal? Validate()
    {
        if (string.IsNullOrWhiteSpace(Code) && Kind != NodeKind.Item) return new Refusal("编号不能为空", "code");
        if (Code.Length > 20) return new Refusal("编号不能超过20个字", "code");
        if (string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Text)) return new Refusal("标题和内容不能都为空", "title");
        if (Title.Length > 500) return new Refusal("标题不能超过500个字", "title");
        if (Text.Length > 10000) return new Refusal("指标内容不能超过10000个字", "text");
        if (Weight is < 0 or > 1000) return new Refusal("权重必须是0到1000之间的数字", "weight");
        var nos = new HashSet<int>();
        foreach (var m in Materials)
        {
            if (m.Validate() is { } err) return new Refusal($"材料{m.No}：{err.Message}", "materials");
            if (!nos.Add(m.No) && m.Unit is null) return new Refusal($"材料序号{m.No}重复", "materials");
        }
        return null;
    }

    /// <summary>The first sentence of a text, used as a title.</summary>
    public static string TitleFrom(string text)
    {
        var t = text.Trim();
        var end = t.IndexOfAny(['。', '；', '\n']);
        var first = end > 0 ? t[..end] : t;
        return first.Length > 120 ? first[..120] : first;
    }
}
