using System.Text.RegularExpressions;
using Shifan.Core.Frameworks;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>
/// Turns a 任务分解表 (as a grid of cells) into interchange nodes. Columns are found by their
/// header names, never by position; section rows, repeated headers and multi-row indicators are resolved.
/// </summary>
public static partial class TaskTableImporter
{
    private enum Col { Area, Group, No, Indicator, Methods, Materials, Lead, LeadSection, Responsible, Explanation }

    private static readonly (Col Col, string[] Names)[] HeaderNames =
    [
        (Col.Area, ["一级指标"]),
        (Col.Group, ["二级指标"]),
        (Col.No, ["序号", "编号"]),
        (Col.Indicator, ["三级指标", "指标（具体工作任务）", "具体工作任务", "指标内容", "考核内容"]),
        (Col.Methods, ["测评方法", "测评方式", "考评方式", "评估方法"]),
        (Col.Materials, ["需报送材料", "报送材料", "主要提供资料", "上报材料", "提供资料", "佐证材料"]),
        (Col.LeadSection, ["牵头科室"]),
        (Col.Lead, ["牵头单位及联系方式", "牵头单位（及联系方式）", "牵头单位"]),
        (Col.Responsible, ["责任单位", "责任科室", "配合单位"]),
        (Col.Explanation, ["情况说明内容", "情况说明"]),
    ];

    private static string Squash(string s) => Regex.Replace(s, @"\s+", "");

    private static Col? HeaderOf(string cell)
    {
        var c = Squash(cell).Replace("(", "（").Replace(")", "）");
        if (c.Length == 0 || c.Length > 20) return null;
        foreach (var (col, names) in HeaderNames)
            if (names.Any(n => c == n || (c.StartsWith(n, StringComparison.Ordinal) && n.Length >= 4))) return col;
        return null;
    }

    /// <summary>The column map of a header row, or null when the row is not a header.</summary>
    private static Dictionary<Col, int>? ReadHeader(GridRow row)
    {
        var map = new Dictionary<Col, int>();
        for (var i = 0; i < row.Cells.Count; i++)
            if (HeaderOf(row.Cells[i]) is Col col && !map.ContainsKey(col)) map[col] = i;
        return map.Count >= 3 && map.ContainsKey(Col.Indicator) ? map : null;
    }

    public static bool LooksLikeTaskTable(TableGrid grid) => grid.Rows.Take(5).Any(r => ReadHeader(r) is not null);

    [GeneratedRegex(@"^([一二三四五六七八九十]+)\s*[、\.．]\s*(.*)$", RegexOptions.Singleline)]
    private static partial Regex AreaRegex();

    [GeneratedRegex(@"^[（(]?(\d{1,2})[)）]?\s*[\.．、]\s*(.*)$", RegexOptions.Singleline)]
    private static partial Regex GroupRegex();

    [GeneratedRegex(@"^[（(](\d{1,2})[)）]\s*(.*)$", RegexOptions.Singleline)]
    private static partial Regex ParenRegex();

    private sealed class State
    {
        public NodeDto? Area;
        public NodeDto? Group;
        public NodeDto? Indicator;
        public string? ExtraKind;
        public bool MultiRow;
        public string? FirstRowLead;
    }

    /// <summary>Reads every task table among <paramref name="grids"/> into <paramref name="file"/>.</summary>
    public static void Import(IEnumerable<TableGrid> grids, FrameworkFile file)
    {
        var state = new State();
        foreach (var grid in grids)
        {
            Dictionary<Col, int>? map = null;
            foreach (var row in grid.Rows)
            {
                var header = ReadHeader(row);
                if (header is not null)
                {
                    if (map is not null) file.Diagnostics.Add(Diagnostic.Info(row.Location, "跳过重复的表头行"));
                    map = header;
                    continue;
                }
                if (map is null) continue;
                ImportRow(row, map, state, file);
            }
            if (map is null) file.Diagnostics.Add(Diagnostic.Info(grid.Location, "表格没有可识别的表头（一级指标、三级指标、测评方法等），已跳过"));
        }
    }

    private static string Get(GridRow row, Dictionary<Col, int> map, Col col) =>
        map.TryGetValue(col, out var i) ? CellParsers.Clean(row[i]) : "";

    private static void ImportRow(GridRow row, Dictionary<Col, int> map, State s, FrameworkFile file)
    {
        var areaCell = CellParsers.JoinLines(Get(row, map, Col.Area));
        var groupCell = CellParsers.JoinLines(Get(row, map, Col.Group));
        var noCell = Squash(Get(row, map, Col.No));
        var text = Get(row, map, Col.Indicator);
        if (row.Cells.All(string.IsNullOrWhiteSpace)) return;

        // A section row spans the whole table: every cell holds the same heading.
        var distinct = row.Cells.Where(c => !string.IsNullOrWhiteSpace(c)).Select(Squash).Distinct().ToList();
        if (distinct.Count == 1 && row.Cells.Count(c => !string.IsNullOrWhiteSpace(c)) > 2)
        {
            var heading = CellParsers.JoinLines(CellParsers.Clean(distinct[0]));
            if (AreaRegex().IsMatch(heading)) areaCell = heading;
            else if (GroupRegex().IsMatch(heading)) groupCell = heading;
            else { file.Diagnostics.Add(Diagnostic.Info(row.Location, $"跳过通栏说明行：{Short(heading)}")); return; }
            text = "";
            noCell = "";
        }

        if (areaCell.Length > 0) EnterArea(areaCell, row, s, file);
        if (groupCell.Length > 0) EnterGroup(groupCell, row, s, file);
        if (noCell.Length == 0 && text.Length == 0) return;

        var leadCell = Get(row, map, Col.Lead);
        var (leadUnits, contacts) = CellParsers.ParseUnitsWithContacts(leadCell);
        var rowLead = leadUnits.FirstOrDefault();
        var notApplicable = Regex.IsMatch(Squash(text + Get(row, map, Col.Materials)), "^(本项)?(县区|县（市、区）|本级)?不涉及");

        NodeDto? target;
        var continuation = false;
        if (s.ExtraKind is not null && noCell.Length > 0 && int.TryParse(noCell, out _))
        {
            target = NewNode(s.ExtraKind, noCell, text);
            AddUnder(s.Group ?? s.Area, target, file);
            s.Indicator = target;
        }
        else if (int.TryParse(noCell, out _))
        {
            if (s.Indicator is { Kind: "indicator" } cur && cur.Code == noCell)
            {
                target = cur;
                continuation = true;
            }
            else
            {
                target = NewNode("indicator", noCell, text);
                AddUnder(s.Group ?? s.Area, target, file);
                s.Indicator = target;
            }
        }
        else if (ParenRegex().Match(noCell) is { Success: true } local)
        {
            target = NewNode("indicator", $"（{local.Groups[1].Value}）", text);
            AddUnder(s.Group ?? s.Area, target, file);
            s.Indicator = target;
        }
        else if (noCell.Length == 0 && ParenRegex().Match(text) is { Success: true } item && s.Indicator is { Kind: "indicator" } parentIndicator)
        {
            target = NewNode("item", $"（{item.Groups[1].Value}）", item.Groups[2].Value.Trim());
            SplitFirstItem(parentIndicator);
            if (parentIndicator.Children.LastOrDefault() is { } last && ParenRegex().Match(last.Code) is { Success: true } lm
                && int.Parse(lm.Groups[1].Value) + 1 != int.Parse(item.Groups[1].Value))
                file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"第{parentIndicator.Code}项指标的子项编号不连续：{last.Code}之后是{target.Code}"));
            parentIndicator.Children.Add(target);
            file.Diagnostics.Add(Diagnostic.Info(row.Location, $"识别为第{parentIndicator.Code}项指标的子项{target.Code}"));
        }
        else if (noCell.Length == 0 && s.Indicator is not null && (text.Length == 0 || Squash(text) == Squash(s.Indicator.Text)))
        {
            target = s.Indicator;
            continuation = true;
        }
        else
        {
            file.Diagnostics.Add(Diagnostic.Warning(row.Location, noCell.Length == 0
                ? $"该行没有序号，无法确定属于哪项指标，已跳过：{Short(text)}"
                : $"无法识别的序号“{noCell}”，已跳过：{Short(text)}"));
            return;
        }

        if (target.Kind != "item" && text.Length == 0 && !continuation)
            file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"第{target.Code}项指标没有指标内容"));

        if (continuation)
        {
            if (!s.MultiRow)
            {
                // The first row's materials belonged to its own lead unit.
                foreach (var m in target.Materials) m.Unit ??= s.FirstRowLead;
                s.MultiRow = true;
            }
            file.Diagnostics.Add(Diagnostic.Info(row.Location, $"第{target.Code}项指标跨多行，已合并（牵头单位：{rowLead ?? "未注明"}）"));
        }
        else
        {
            s.MultiRow = false;
            s.FirstRowLead = rowLead;
        }

        foreach (var m in EvaluationMethods.Parse(Get(row, map, Col.Methods)))
            if (!target.Methods.Contains(m)) target.Methods.Add(m);
        var materials = CellParsers.ParseMaterials(Get(row, map, Col.Materials), continuation ? rowLead : null);
        if (notApplicable && materials.Count == 1 && Regex.IsMatch(Squash(materials[0].Text), "不涉及")) materials.Clear();
        target.Materials.AddRange(materials);
        foreach (var u in leadUnits) if (!target.LeadUnits.Contains(u)) target.LeadUnits.Add(u);
        target.Contacts.AddRange(contacts.Where(c => !target.Contacts.Any(x => x.Unit == c.Unit)));
        foreach (var u in CellParsers.SplitNames(Get(row, map, Col.LeadSection)))
            if (!target.LeadSections.Contains(u)) target.LeadSections.Add(u);
        foreach (var u in CellParsers.SplitNames(Get(row, map, Col.Responsible)))
            if (!target.ResponsibleUnits.Contains(u)) target.ResponsibleUnits.Add(u);
        var explanation = Get(row, map, Col.Explanation);
        if (explanation.Length > 0) target.Explanation = target.Explanation is null ? explanation : target.Explanation + "\n" + explanation;
        if (notApplicable) target.NotApplicable = true;
    }

    [GeneratedRegex(@"(?:^|\n)[（(](\d{1,2})[)）]")]
    private static partial Regex InlineItemRegex();

    /// <summary>
    /// When the first sub-item row is （2）, the indicator's own cell holds （1） after its text:
    /// split it out as the first item, with the methods and materials of that row.
    /// </summary>
    private static void SplitFirstItem(NodeDto indicator)
    {
        if (indicator.Children.Count > 0) return;
        var m = InlineItemRegex().Match(indicator.Text);
        if (!m.Success) return;
        var itemText = indicator.Text[(m.Index + m.Length)..].Trim();
        indicator.Children.Add(new NodeDto
        {
            Kind = "item", Code = $"（{m.Groups[1].Value}）", Title = FrameworkNode.TitleFrom(itemText), Text = itemText,
            Methods = [.. indicator.Methods], Materials = [.. indicator.Materials],
        });
        // The row's materials describe that first item, not the indicator as a whole.
        indicator.Materials.Clear();
        indicator.Text = indicator.Text[..m.Index].Trim();
        indicator.Title = FrameworkNode.TitleFrom(indicator.Text);
    }

    private static void EnterArea(string cell, GridRow row, State s, FrameworkFile file)
    {
        var m = AreaRegex().Match(cell);
        var code = m.Success ? m.Groups[1].Value : "";
        var title = m.Success ? m.Groups[2].Value.Trim() : cell;
        if (title.Contains("附加项") || title.Contains("加分项") && title.Contains("否决"))
        {
            if (s.ExtraKind is null) { s.ExtraKind = "bonus"; s.Area = null; s.Group = null; }
            return;
        }
        s.ExtraKind = null;
        if (s.Area is not null && Squash(s.Area.Title) == Squash(title)) return;
        if (!m.Success) file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"一级指标“{Short(cell)}”没有编号"));
        s.Area = new NodeDto { Kind = "area", Code = code, Title = title, Text = title };
        s.Group = null;
        file.Nodes.Add(s.Area);
    }

    private static void EnterGroup(string cell, GridRow row, State s, FrameworkFile file)
    {
        var m = GroupRegex().Match(cell);
        var code = m.Success ? m.Groups[1].Value : "";
        var title = m.Success ? m.Groups[2].Value.Trim() : cell;
        var extra = title.Contains("加分") ? "bonus" : title.Contains("否决") ? "veto" : title.Contains("减分") || title.Contains("扣分") ? "deduction" : null;
        if (extra is not null)
        {
            s.ExtraKind = extra;
            s.Group = null;
            if (s.Area is not null && !s.Area.Title.Contains("附加")) s.Area = null;
            return;
        }
        if (s.Group is not null && Squash(s.Group.Title) == Squash(title)) return;
        if (s.Area is null && s.ExtraKind is null)
            file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"二级指标“{Short(cell)}”之前没有一级指标"));
        s.Group = new NodeDto { Kind = "group", Code = code, Title = title, Text = title };
        if (s.Area is not null) s.Area.Children.Add(s.Group);
        else file.Nodes.Add(s.Group);
    }

    private static NodeDto NewNode(string kind, string code, string text) => new()
    {
        Kind = kind, Code = code, Title = FrameworkNode.TitleFrom(text), Text = text,
    };

    private static void AddUnder(NodeDto? parent, NodeDto node, FrameworkFile file)
    {
        if (parent is null) file.Nodes.Add(node);
        else parent.Children.Add(node);
    }

    private static string Short(string s) => s.Length > 30 ? s[..30] + "…" : s;
}
