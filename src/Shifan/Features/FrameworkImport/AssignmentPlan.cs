using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Documents.Frameworks;

namespace Shifan.Features.FrameworkImport;

/// <summary>
/// Turns the unit names a document gives each node into assignments. In a department's table the
/// 牵头科室 column names its own sections, so those lead; otherwise the 牵头单位. A sub-item without
/// names of its own inherits its indicator's. Collective names ("各科室") mean every section.
/// </summary>
public static class AssignmentPlan
{
    public static List<(FrameworkNode Node, Unit Unit, AssignmentRole Role)> Build(
        Framework framework, IEnumerable<NodeUnits> named, Func<string, Unit?> resolve, IReadOnlyList<Unit> everyone, Unit? fallbackLead)
    {
        var result = new List<(FrameworkNode, Unit, AssignmentRole)>();
        var seen = new HashSet<(FrameworkNode, Unit)>();
        void Add(FrameworkNode node, Unit? unit, AssignmentRole role)
        {
            if (unit is not null && seen.Add((node, unit))) result.Add((node, unit, role));
        }
        IEnumerable<Unit> Resolve(IEnumerable<string> names) =>
            names.Where(n => !UnitMatching.IsVague(n)).SelectMany(n => UnitMatching.IsCollective(n) ? everyone : resolve(n) is { } u ? [u] : []);

        var byNode = named.ToDictionary(n => n.Node);
        foreach (var node in framework.InOrder().Where(n => NodeKinds.IsAssessable(n.Kind)))
        {
            var source = byNode.GetValueOrDefault(node) ?? (node.Parent is not null ? byNode.GetValueOrDefault(node.Parent) : null);
            var leads = source is null ? [] : source.LeadSections.Count > 0 ? source.LeadSections : source.LeadUnits;
            foreach (var u in Resolve(leads)) Add(node, u, AssignmentRole.Lead);
            if (!result.Any(r => r.Item1 == node)) Add(node, fallbackLead, AssignmentRole.Lead);
            foreach (var u in Resolve(source?.ResponsibleUnits ?? [])) Add(node, u, AssignmentRole.Responsible);
        }
        return result;
    }

    /// <summary>Every unit name a document mentions, in order of appearance.</summary>
    public static List<string> NamesIn(FrameworkFile file) =>
        file.AllNodes().SelectMany(n => (n.LeadSections.Count > 0 ? n.LeadSections : n.LeadUnits).Concat(n.ResponsibleUnits))
            .Distinct().ToList();
}
