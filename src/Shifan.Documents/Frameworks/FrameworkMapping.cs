using Shifan.Core.Frameworks;

namespace Shifan.Documents.Frameworks;

/// <summary>The units a node names in a document, kept beside the domain node they belong to.</summary>
public sealed record NodeUnits(FrameworkNode Node, IReadOnlyList<string> LeadUnits, IReadOnlyList<string> LeadSections,
    IReadOnlyList<string> ResponsibleUnits, IReadOnlyList<ContactDto> Contacts);

/// <summary>Who is assigned to a node, for writing it out.</summary>
public sealed record NodeAssignees(IReadOnlyList<string> LeadUnits, IReadOnlyList<string> ResponsibleUnits, IReadOnlyList<ContactDto> Contacts);

public static class FrameworkMapping
{
    /// <summary>Builds a domain framework from an interchange document.</summary>
    public static (Framework Framework, List<NodeUnits> Units) ToDomain(FrameworkFile file, string? name = null, int version = 1)
    {
        var framework = new Framework
        {
            Name = name ?? (string.IsNullOrWhiteSpace(file.Title) ? "指标体系" : file.Title),
            Version = version,
            SourceFileName = file.Source.FileName,
            SourceSha256 = file.Source.Sha256,
        };
        var units = new List<NodeUnits>();
        void AddAll(FrameworkNode? parent, IEnumerable<NodeDto> dtos)
        {
            var order = 0;
            foreach (var dto in dtos)
            {
                if (!NodeKinds.TryParse(dto.Kind, out var kind))
                    throw new DocumentReadException($"未知的节点类型“{dto.Kind}”（编号 {dto.Code}）");
                if (!NodeKinds.MayContain(parent?.Kind, kind))
                    throw new DocumentReadException($"{(parent is null ? "顶层" : NodeKinds.DisplayName(parent.Kind))}下不能放置{NodeKinds.DisplayName(kind)}（编号 {dto.Code}）");
                var node = new FrameworkNode
                {
                    Kind = kind,
                    Code = dto.Code.Trim(),
                    Title = dto.Title.Trim(),
                    Text = dto.Text.Trim(),
                    Goal = dto.Goal,
                    Methods = [.. dto.Methods],
                    Materials = dto.Materials.Select(m => new MaterialRequirement
                    {
                        No = m.No, Text = m.Text, Unit = m.Unit, Since = m.Since, MinCount = m.MinCount, MaxCount = m.MaxCount, MaxChars = m.MaxChars,
                    }).ToList(),
                    Explanation = dto.Explanation,
                    Tasks = dto.Tasks.Select(t => new IndicatorTask(t.Method, t.Text)).ToList(),
                    NotApplicable = dto.NotApplicable,
                    NotApplicableReason = dto.NotApplicable && dto.NotApplicableReason is { Length: > 0 } reason ? (reason.Length > 200 ? reason[..200] : reason) : null,
                    Weight = dto.Weight is >= 0 and <= 1000 ? dto.Weight : null,
                    SortOrder = ++order,
                    Parent = parent,
                };
                parent?.Children.Add(node);
                framework.Nodes.Add(node);
                if (dto.LeadUnits.Count + dto.ResponsibleUnits.Count + dto.LeadSections.Count > 0)
                    units.Add(new NodeUnits(node, dto.LeadUnits, dto.LeadSections, dto.ResponsibleUnits, dto.Contacts));
                AddAll(node, dto.Children);
            }
        }
        AddAll(null, file.Nodes);
        return (framework, units);
    }

    /// <summary>Writes a domain framework as an interchange document.</summary>
    public static FrameworkFile ToFile(Framework framework, Func<FrameworkNode, NodeAssignees?>? assignees = null, string? title = null)
    {
        NodeDto Map(FrameworkNode n)
        {
            var a = assignees?.Invoke(n);
            return new NodeDto
            {
                Kind = NodeKinds.ToJson(n.Kind),
                Code = n.Code,
                Title = n.Title,
                Text = n.Text,
                Goal = n.Goal,
                Methods = [.. n.Methods],
                Materials = n.Materials.OrderBy(m => m.No).Select(m => new MaterialDto
                {
                    No = m.No, Text = m.Text, Unit = m.Unit, Since = m.Since, MinCount = m.MinCount, MaxCount = m.MaxCount, MaxChars = m.MaxChars,
                }).ToList(),
                LeadUnits = a is null ? [] : [.. a.LeadUnits],
                ResponsibleUnits = a is null ? [] : [.. a.ResponsibleUnits],
                Contacts = a is null ? [] : [.. a.Contacts],
                Explanation = n.Explanation,
                Tasks = n.Tasks.Select(t => new TaskDto { Method = t.Method, Text = t.Text }).ToList(),
                NotApplicable = n.NotApplicable,
                NotApplicableReason = n.NotApplicableReason,
                Weight = n.Weight,
                Children = n.OrderedChildren.Select(Map).ToList(),
            };
        }
        return new FrameworkFile
        {
            Title = title ?? framework.Name,
            Source = new SourceInfo { FileName = framework.SourceFileName ?? "", Format = "json", Sha256 = framework.SourceSha256 ?? "" },
            Nodes = framework.Roots.Select(Map).ToList(),
        };
    }
}
