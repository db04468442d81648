using System.Text.RegularExpressions;
using Shifan.Core.Frameworks;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>
/// Reads the prose form of a work plan: "第N项指标：…" blocks with "工作任务：（1）网络检索：…" and a
/// "责任科室：…" line, and "附加项指标加分项1：…" entries. Everything between blocks is ignored.
/// </summary>
public static partial class ProseReader
{
    [GeneratedRegex(@"^第\s*(\d{1,3})\s*项指标\s*[：:]\s*(.*)$")]
    private static partial Regex IndicatorRegex();

    [GeneratedRegex(@"^(?:附加项指标)?\s*(加分项|否决项|减分项|扣分项)\s*(\d{1,2})\s*[：:]\s*(.*)$")]
    private static partial Regex ExtraRegex();

    [GeneratedRegex(@"^工作任务\s*[：:]\s*(.*)$")]
    private static partial Regex TasksRegex();

    [GeneratedRegex(@"^[（(](\d{1,2})[)）]\s*([^：:]{2,12})\s*[：:]\s*(.*)$")]
    private static partial Regex TaskRegex();

    /// <summary>A task written without its number: "材料查证：…" (only when it names a known method).</summary>
    [GeneratedRegex(@"^(?:\d{1,2}\s*[\.．、]\s*)?([^：:\d（(]{2,8})\s*[：:]\s*(.*)$")]
    private static partial Regex BareTaskRegex();

    [GeneratedRegex(@"^(责任科室|责任单位|牵头科室|牵头单位|配合科室|配合单位)\s*[：:]\s*(.*)$")]
    private static partial Regex UnitsRegex();

    public static bool LooksLikeProse(IEnumerable<string> paragraphs) => paragraphs.Count(p => IndicatorRegex().IsMatch(p.Trim())) >= 3;

    private enum Part { Outside, Text, Tasks, Units }

    public static void Import(IReadOnlyList<string> lines, FrameworkFile file, bool lineNumbers)
    {
        NodeDto? node = null;
        var part = Part.Outside;
        var expected = 1;
        string Where(int i) => lineNumbers ? $"第{i + 1}行" : $"第{i + 1}段";
        for (var i = 0; i < lines.Count; i++)
        {
            var line = TextTableReader.StripMarkup(lines[i]).Trim();
            if (line.Length == 0) continue;
            if (IndicatorRegex().Match(line) is { Success: true } im)
            {
                var no = int.Parse(im.Groups[1].Value);
                if (no != expected) file.Diagnostics.Add(Diagnostic.Warning(Where(i), $"指标编号不连续：应为第{expected}项，实为第{no}项"));
                expected = no + 1;
                node = New("indicator", no.ToString(), im.Groups[2].Value);
                file.Nodes.Add(node);
                part = Part.Text;
                continue;
            }
            if (ExtraRegex().Match(line) is { Success: true } em)
            {
                var kind = em.Groups[1].Value switch { "加分项" => "bonus", "否决项" => "veto", _ => "deduction" };
                node = New(kind, em.Groups[2].Value, em.Groups[3].Value);
                file.Nodes.Add(node);
                part = Part.Text;
                continue;
            }
            if (node is null || part == Part.Outside) continue;
            if (TasksRegex().Match(line) is { Success: true } tm)
            {
                part = Part.Tasks;
                if (tm.Groups[1].Value.Length > 0) AddTask(node, tm.Groups[1].Value, Where(i), file);
                continue;
            }
            if (UnitsRegex().Match(line) is { Success: true } um)
            {
                var names = CellParsers.SplitNames(um.Groups[2].Value).Where(n => IsUnit(n, Where(i), file)).ToList();
                var target = um.Groups[1].Value.StartsWith("牵头") ? node.LeadUnits : node.ResponsibleUnits;
                foreach (var n in names) if (!target.Contains(n)) target.Add(n);
                part = Part.Units;
                continue;
            }
            switch (part)
            {
                case Part.Text:
                    node.Text = (node.Text + "\n" + line).Trim();
                    node.Title = FrameworkNode.TitleFrom(node.Text);
                    break;
                case Part.Tasks:
                    AddTask(node, line, Where(i), file);
                    break;
                case Part.Units:
                    // The block is over; prose until the next indicator is not part of the framework.
                    part = Part.Outside;
                    break;
            }
        }
        foreach (var n in file.Nodes.Where(n => n.Kind == "indicator" && n.Tasks.Count == 0))
            file.Diagnostics.Add(Diagnostic.Warning($"第{n.Code}项指标", "没有找到“工作任务”"));
        foreach (var n in file.Nodes)
            foreach (var t in n.Tasks.Where(t => t.Method == "材料查证"))
                n.Materials.AddRange(MaterialsOf(t.Text, n.Materials.Count));
        ReferenceFramework.Restore(file);
    }

    [GeneratedRegex(@"^(以上|上述)(材料|资料|文件)?(均)?(汇总|整理)?(备查|存档)")]
    private static partial Regex SummaryRegex();

    /// <summary>
    /// What a 材料查证 task asks to gather: numbered items, or parts separated by semicolons, without the closing
    /// "以上材料汇总备查".
    /// </summary>
    public static List<MaterialDto> MaterialsOf(string text, int before = 0)
    {
        text = text.Trim();
        if (Regex.IsMatch(text, @"(^|[。；;\n])\s*[（(]?1[)）]?[\.．、]"))
            return CellParsers.ParseMaterials(text).Select(m => { m.No += before; return m; }).ToList();
        var parts = Regex.Split(text, @"[；;]")
            .Select(p => p.Trim())
            .Where(p => p.Length > 0 && !SummaryRegex().IsMatch(p))
            .ToList();
        if (parts.Count > 1) parts = parts.Select(p => p.TrimEnd('。')).ToList();
        return parts.Select((p, i) => CellParsers.Material(before + i + 1, p, null)).ToList();
    }

    private static NodeDto New(string kind, string code, string text) => new()
    {
        Kind = kind, Code = code, Text = text.Trim(), Title = FrameworkNode.TitleFrom(text),
    };

    [GeneratedRegex(@"(各科室|各处室|各股室|按职责|分别负责|负责$)")]
    private static partial Regex DescriptionRegex();

    /// <summary>
    /// "文件起草各科室" or "各县(市、区)按职责分工分别负责" describe who works on it; they are not units to assign.
    /// </summary>
    private static bool IsUnit(string name, string location, FrameworkFile file)
    {
        var m = DescriptionRegex().Match(name);
        if (!m.Success || name.StartsWith(m.Value, StringComparison.Ordinal) && m.Value is "各科室" or "各处室" or "各股室") return true;
        file.Diagnostics.Add(Diagnostic.Info(location, $"“{name}”是说明而不是单位名称，未作为责任单位"));
        return false;
    }

    private static bool IsKnownMethod(string written)
    {
        var methods = EvaluationMethods.Parse(written);
        return methods.Count == 1 && EvaluationMethods.Canonical.Contains(methods[0]);
    }

    private static void AddTask(NodeDto node, string line, string location, FrameworkFile file)
    {
        var numbered = TaskRegex().Match(line);
        var bare = numbered.Success ? null : BareTaskRegex().Match(line);
        if (numbered.Success || bare is { Success: true } && IsKnownMethod(bare.Groups[1].Value.Trim()))
        {
            var written = numbered.Success ? numbered.Groups[2].Value.Trim() : bare!.Groups[1].Value.Trim();
            var text = (numbered.Success ? numbered.Groups[3].Value : bare!.Groups[2].Value).Trim();
            var methods = EvaluationMethods.Parse(written);
            var method = methods.FirstOrDefault() ?? written;
            foreach (var x in methods) if (!node.Methods.Contains(x)) node.Methods.Add(x);
            node.Tasks.Add(new TaskDto { Method = method, Text = text });
        }
        else if (node.Tasks.Count > 0)
        {
            node.Tasks[^1].Text = (node.Tasks[^1].Text + "\n" + line).Trim();
        }
        else
        {
            file.Diagnostics.Add(Diagnostic.Info(location, $"工作任务没有标明测评方法：{(line.Length > 30 ? line[..30] + "…" : line)}"));
            node.Tasks.Add(new TaskDto { Method = "", Text = line });
        }
    }
}
