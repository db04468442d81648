using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Export;

/// <summary>
/// A framework laid out as the rows of a 任务分解表: one row per indicator, or one per lead unit
/// where an indicator's materials belong to several lead units; sub-items on rows of their own.
/// </summary>
public static class TaskTableRows
{
    public static IReadOnlyList<string> Header { get; } =
        ["一级指标", "二级指标", "序号", "三级指标", "测评方法", "需报送材料", "牵头单位及联系方式", "牵头科室", "责任单位", "情况说明内容"];

    public static List<string[]> Build(FrameworkFile file)
    {
        var rows = new List<string[]>();
        void Walk(IEnumerable<NodeDto> nodes, string area, string group)
        {
            foreach (var n in nodes)
            {
                switch (n.Kind)
                {
                    case "area":
                        Walk(n.Children, $"{n.Code}、{n.Title}", "");
                        break;
                    case "group":
                        Walk(n.Children, area, $"{n.Code}.{n.Title}");
                        break;
                    case "bonus" or "veto" or "deduction":
                        var groupName = n.Kind switch { "bonus" => "1.加分项", "veto" => "2.否决项", _ => "3.减分项" };
                        rows.AddRange(IndicatorRows(n, "附加项", groupName, n.Code, n.Text));
                        break;
                    case "indicator":
                        rows.AddRange(IndicatorRows(n, area, group, n.Code, n.Text));
                        foreach (var item in n.Children)
                            rows.AddRange(IndicatorRows(item, area, group, "", item.Code + item.Text));
                        break;
                }
            }
        }
        Walk(file.Nodes, "", "");
        return rows;
    }

    private static IEnumerable<string[]> IndicatorRows(NodeDto n, string area, string group, string code, string text)
    {
        // One row per lead unit only where the materials fall into one run per lead unit, in the
        // lead units' order: that is the shape a multi-row indicator had in the original table.
        var runs = n.Materials.Select(m => m.Unit).Where((u, i) => i == 0 || u != n.Materials[i - 1].Unit).ToList();
        var perUnit = n.LeadUnits.Count > 1 && runs.SequenceEqual(n.LeadUnits);
        var splits = perUnit
            ? n.LeadUnits.Select(u => (Leads: new List<string> { u }, Materials: n.Materials.Where(m => m.Unit == u).ToList())).ToList()
            : [(Leads: n.LeadUnits, Materials: n.Materials)];
        var first = true;
        foreach (var (leads, materials) in splits)
        {
            yield return
            [
                area, group, code, first || perUnit ? text : "",
                string.Join("\n", n.Methods),
                n.NotApplicable && materials.Count == 0 ? "本项县区不涉及" : string.Join("\n", materials.Select(m => $"{m.No}.{m.Text}")),
                LeadCell(leads, n.Contacts),
                first ? string.Join("\n", n.LeadSections) : "",
                first ? string.Join("、", n.ResponsibleUnits) : "",
                first ? n.Explanation ?? "" : "",
            ];
            first = false;
        }
    }

    private static string LeadCell(IEnumerable<string> leads, List<ContactDto> contacts) =>
        string.Join("\n", leads.Select(u =>
        {
            var c = contacts.FirstOrDefault(x => x.Unit == u);
            if (c is null || c.Phones.Count + c.Emails.Count == 0) return u;
            return $"{u}：" + string.Join("\n", c.Phones.Concat(c.Emails));
        }));
}
