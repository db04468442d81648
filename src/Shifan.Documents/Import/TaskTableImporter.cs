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
    private enum Col { Area, Group, No, Indicator, Methods, Materials, Lead, LeadSection, Responsible, Explanation, Points }

    private static readonly (Col Col, string[] Names)[] HeaderNames =
    [
        (Col.Area, ["一级指标"]),
        (Col.Group, ["二级指标"]),
        (Col.No, ["序号", "编号"]),
        (Col.Indicator, ["三级指标", "指标", "指标（具体工作任务）", "具体工作任务", "指标内容", "考核内容"]),
        (Col.Methods, ["测评方法", "测评方式", "考评方式", "评估方法"]),
        (Col.Materials, ["需报送材料", "报送材料", "主要提供资料", "上报材料", "提供资料", "佐证材料"]),
        (Col.LeadSection, ["牵头科室"]),
        (Col.Lead, ["牵头单位及联系方式", "牵头单位（及联系方式）", "牵头单位"]),
        (Col.Responsible, ["责任单位", "责任科室", "配合单位"]),
        (Col.Explanation, ["情况说明内容", "情况说明"]),
        (Col.Points, ["分值", "标准分", "分数", "权重"]),
    ];

    private static string Squash(string s)
    {
        var i = 0;
        while (i < s.Length && !char.IsWhiteSpace(s[i])) i++;
        if (i == s.Length) return s;
        var sb = new System.Text.StringBuilder(s.Length);
        sb.Append(s, 0, i);
        foreach (var ch in s.AsSpan(i))
            if (!char.IsWhiteSpace(ch)) sb.Append(ch);
        return sb.ToString();
    }

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

    public static bool LooksLikeTaskTable(TableGrid grid) => grid.Rows.Take(40).Any(r => ReadHeader(r) is not null);

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
        /// <summary>The area or group entered last: a "目标要求" row after it is its goal.</summary>
        public NodeDto? Heading;
        public string? ExtraKind;
        public bool MultiRow;
        public string? FirstRowLead;
        public int LastNational;
        public List<Orphan> Orphans { get; } = [];
    }

    private sealed record Orphan(string Location, RowValues Values, NodeDto? Parent);

    private static void FlushOrphans(State s, FrameworkFile file)
    {
        foreach (var o in s.Orphans)
            file.Diagnostics.Add(Diagnostic.Warning(o.Location, $"该行没有序号，无法确定属于哪项指标，已跳过：{Short(o.Values.Text)}").Dropping(o.Values.Text));
        s.Orphans.Clear();
    }

    /// <summary>One row's cells by meaning, after repairs.</summary>
    private sealed record RowValues(string Area, string Group, string No, string Text, string Methods, string Materials,
        string Lead, string LeadSection, string Responsible, string Explanation)
    {
        public RowValues FillFrom(RowValues o) => new(Area, Group, No, Text.Length > 0 ? Text : o.Text,
            Methods.Length > 0 ? Methods : o.Methods, Materials.Length > 0 ? Materials : o.Materials, Lead.Length > 0 ? Lead : o.Lead,
            LeadSection.Length > 0 ? LeadSection : o.LeadSection, Responsible.Length > 0 ? Responsible : o.Responsible,
            Explanation.Length > 0 ? Explanation : o.Explanation) { Points = Points.Length > 0 ? Points : o.Points };

        /// <summary>分值 / 权重 where the table has that column (the score's weight of the node).</summary>
        public string Points { get; init; } = "";
    }

    [GeneratedRegex(@"^(\d{1,3})(?:\s+|(?=[^\d.．、]))(.*)$", RegexOptions.Singleline)]
    private static partial Regex NumberedTextRegex();

    private static bool IsMethodsCell(string s)
    {
        var methods = EvaluationMethods.Parse(s);
        return methods.Count > 0 && methods.All(m => EvaluationMethods.Canonical.Contains(m));
    }

    private static RowValues ReadValues(GridRow row, Dictionary<Col, int> map, FrameworkFile file)
    {
        var cells = row.Cells.Select(CellParsers.Clean).ToList();
        var width = map.Values.Max() + 1;
        var textCol = map[Col.Indicator];
        // Word tables where the 三级指标 heading spans two grid columns: an indicator's own text and its
        // first sub-item sit side by side; sub-item rows carry one more empty cell in front.
        if (cells.Count == width + 1 && textCol + 1 < cells.Count)
        {
            if (cells.Take(textCol + 1).All(c => c.Length == 0)) cells.RemoveAt(0);
            else
            {
                cells[textCol] = (cells[textCol] + "\n" + cells[textCol + 1]).Trim();
                cells.RemoveAt(textCol + 1);
            }
        }
        string At(int i) => i >= 0 && i < cells.Count ? cells[i] : "";
        string Col_(Col c, int shift = 0) => map.TryGetValue(c, out var i) ? At(i > textCol ? i - shift : i) : "";
        if (map.ContainsKey(Col.No))
            return new RowValues(Col_(Col.Area), Col_(Col.Group), Col_(Col.No), Col_(Col.Indicator), Col_(Col.Methods), Col_(Col.Materials),
                Col_(Col.Lead), Col_(Col.LeadSection), Col_(Col.Responsible), Col_(Col.Explanation)) { Points = Col_(Col.Points) };

        // No 序号 column: the number is printed in front of the text, and in text taken from PDFs
        // the whole row may have slid left into the heading columns.
        for (var p = textCol; p >= 0; p--)
        {
            var cell = At(p);
            string no, text;
            int shift;
            if (Regex.IsMatch(cell, @"^\d{1,3}$"))
            {
                no = cell;
                var next = At(p + 1);
                if (p < textCol && !IsMethodsCell(next)) { text = next; shift = textCol - p - 1; }
                else { text = ""; shift = textCol - p; }
            }
            else if (NumberedTextRegex().Match(cell) is { Success: true } m && !IsMethodsCell(cell))
            {
                no = m.Groups[1].Value;
                text = m.Groups[2].Value.Trim();
                shift = textCol - p;
            }
            else continue;
            if (shift != 0) file.Diagnostics.Add(Diagnostic.Info(row.Location, $"第{no}项指标所在行错位，已按内容重新对齐"));
            var heads = Enumerable.Range(0, p).Select(At).ToList();
            // Only numbered headings are trusted here: PDF extraction leaves fragments ("制健全") in these columns.
            var area = heads.Select(CellParsers.JoinLines).FirstOrDefault(h => AreaRegex().IsMatch(h)) ?? "";
            var group = heads.Select(CellParsers.JoinLines).FirstOrDefault(h => GroupRegex().IsMatch(h)) ?? "";
            return new RowValues(area, group, no, text, Col_(Col.Methods, shift), Col_(Col.Materials, shift),
                Col_(Col.Lead, shift), Col_(Col.LeadSection, shift), Col_(Col.Responsible, shift), Col_(Col.Explanation, shift)) { Points = Col_(Col.Points, shift) };
        }
        string Numbered(Col c, Regex heading) => CellParsers.JoinLines(Col_(c)) is var h && heading.IsMatch(h) ? h : "";
        return new RowValues(Numbered(Col.Area, AreaRegex()), Numbered(Col.Group, GroupRegex()), "", Col_(Col.Indicator), Col_(Col.Methods), Col_(Col.Materials),
            Col_(Col.Lead), Col_(Col.LeadSection), Col_(Col.Responsible), Col_(Col.Explanation)) { Points = Col_(Col.Points) };
    }

    /// <summary>Reads every task table among <paramref name="grids"/> into <paramref name="file"/>.</summary>
    public static void Import(IEnumerable<TableGrid> grids, FrameworkFile file)
    {
        var state = new State();
        foreach (var grid in grids)
        {
            Dictionary<Col, int>? map = null;
            foreach (var row in JoinCutRows(grid, file))
            {
                var header = ReadHeader(row);
                if (header is not null)
                {
                    if (map is not null) file.Diagnostics.Add(Diagnostic.Info(row.Location, "跳过重复的表头行"));
                    map = header;
                    continue;
                }
                if (map is not null && row.Cells.Count(c => HeaderOf(c) is not null) >= 2)
                {
                    // The header of some other table (a ledger form, say): this table has ended.
                    file.Diagnostics.Add(Diagnostic.Info(row.Location, "任务分解表在此结束，后面的表格不是任务分解表"));
                    map = null;
                    continue;
                }
                if (map is null) continue;
                ImportRow(ResolveSoftBreaks(row, map), map, state, file);
            }
            if (map is null && !grid.Rows.Any(r => ReadHeader(r) is not null))
                file.Diagnostics.Add(Diagnostic.Info(grid.Location, "表格没有可识别的表头（一级指标、三级指标、测评方法等），已跳过"));
        }
        FlushOrphans(state, file);
    }

    /// <summary>
    /// A PDF page whose table begins (after a repeated header) with a row without a number in the 序号 column
    /// holds the rest of the row the page break cut: its cells go on the cells of that row.
    /// </summary>
    private static List<GridRow> JoinCutRows(TableGrid grid, FrameworkFile file)
    {
        var result = new List<GridRow>();
        var map = grid.Rows.Select(ReadHeader).FirstOrDefault(h => h is not null);
        if (map is null || !map.TryGetValue(Col.No, out var noCol) || !grid.Rows.Any(r => r.StartsPage)) return grid.Rows;
        var pageStart = false;
        // Whether each row kept so far is a header row, read once.
        var isHeader = new List<bool>();
        foreach (var row in grid.Rows)
        {
            pageStart |= row.StartsPage;
            var header = ReadHeader(row) is not null;
            if (!pageStart || header) { result.Add(row); isHeader.Add(header); continue; }
            pageStart = false;
            var last = isHeader.LastIndexOf(false);
            // The row above must be an indicator or one of its numbered sub-items; the rest must not start a sub-item itself.
            var textCol = map.GetValueOrDefault(Col.Indicator, -1);
            if (last < 0 || CellParsers.Clean(row[noCol]).Length > 0 || row.Cells.Count != result[last].Cells.Count
                || CellParsers.Clean(result[last][noCol]).Length == 0 && !ParenRegex().IsMatch(CellParsers.Clean(result[last][textCol]))
                || ParenRegex().IsMatch(CellParsers.Clean(row[textCol])) || AreaRegex().IsMatch(CellParsers.Clean(row[textCol])))
            {
                result.Add(row);
                isHeader.Add(false);
                continue;
            }
            var above = result[last];
            var cells = above.Cells.Select((c, i) => row[i].Trim().Length == 0 || row[i] == c ? c
                : c.Trim().Length == 0 ? row[i] : c + (row.JoinAbove is { } join && i < join.Count ? join[i] : "") + row[i]).ToList();
            result[last] = above with { Cells = cells };
            file.Diagnostics.Add(Diagnostic.Info(row.Location, $"该行是{above.Location}被分页截断的部分，已合并"));
        }
        return result;
    }

    private static readonly string[] UnitSuffixes = ["科", "室", "办", "局", "委", "中心", "站", "队", "所", "部", "处", "院", "组", "厅", "馆"];

    /// <summary>
    /// Resolves the PDF reader's soft breaks (<see cref="GridRow.SoftBreak"/>): in a column of units a full line
    /// that ends like a unit's name ("办公室" / "党建办") ends that name; anywhere else the page wrapped the line.
    /// </summary>
    private static GridRow ResolveSoftBreaks(GridRow row, Dictionary<Col, int> map)
    {
        if (!row.Cells.Any(c => c.Contains(GridRow.SoftBreak))) return row;
        var names = new[] { Col.Lead, Col.LeadSection, Col.Responsible }.Where(map.ContainsKey).Select(c => map[c]).ToHashSet();
        var cells = row.Cells.Select((cell, i) => !cell.Contains(GridRow.SoftBreak) ? cell
            : names.Contains(i) ? SplitNamesAtSoftBreaks(cell) : cell.Replace(GridRow.SoftBreak.ToString(), "")).ToList();
        return row with { Cells = cells };
    }

    private static string SplitNamesAtSoftBreaks(string cell)
    {
        var parts = cell.Split(GridRow.SoftBreak);
        var sb = new System.Text.StringBuilder(parts[0]);
        for (var i = 1; i < parts.Length; i++)
        {
            var current = sb.ToString();
            var name = current[(current.LastIndexOfAny(['\n', '、', '，', ',', '；', ';', '：', ':']) + 1)..];
            var ends = name.Length >= 2 && parts[i].Length >= 2 && UnitSuffixes.Any(name.EndsWith);
            sb.Append(ends ? "\n" : "").Append(parts[i]);
        }
        return sb.ToString();
    }

    private static string Get(GridRow row, Dictionary<Col, int> map, Col col) =>
        map.TryGetValue(col, out var i) ? CellParsers.Clean(row[i]) : "";

    private static void ImportRow(GridRow row, Dictionary<Col, int> map, State s, FrameworkFile file)
    {
        if (row.Cells.All(string.IsNullOrWhiteSpace)) return;
        var v = ReadValues(row, map, file);
        var (areaHeading, areaGoal) = SplitGoal(v.Area);
        var (groupHeading, groupGoal) = SplitGoal(v.Group);
        var areaCell = CellParsers.JoinLines(areaHeading);
        var groupCell = CellParsers.JoinLines(groupHeading);
        var noCell = Squash(v.No);
        var text = v.Text;

        // A section row spans the whole table: every cell holds the same heading. Pasted as text it is one cell.
        var filled = row.Cells.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        var distinct = filled.Select(Squash).Distinct().ToList();
        if (distinct.Count == 1 && (filled.Count > 2 || row.Cells.Count == 1 && !Regex.IsMatch(distinct[0], @"^\d{1,3}$")))
        {
            var (heading, goal) = SplitGoal(CellParsers.Clean(filled[0]));
            heading = CellParsers.JoinLines(heading);
            if (heading.Length == 0 && goal is not null && s.Heading is not null)
            {
                s.Heading.Goal = s.Heading.Goal is null ? goal : s.Heading.Goal + "\n" + goal;
                return;
            }
            (areaCell, areaGoal, groupCell, groupGoal) = ("", null, "", null);
            if (AreaRegex().IsMatch(heading)) { areaCell = heading; areaGoal = goal; }
            else if (GroupRegex().IsMatch(heading)) { groupCell = heading; groupGoal = goal; }
            else { file.Diagnostics.Add(Diagnostic.Info(row.Location, $"跳过通栏说明行：{Short(heading)}")); return; }
            text = "";
            noCell = "";
            v = v with { Methods = "", Materials = "", Lead = "", LeadSection = "", Responsible = "", Explanation = "" };
        }

        if (areaCell.Length > 0)
        {
            EnterArea(areaCell, row, s, file);
            if (areaGoal is not null && s.Area is not null) s.Area.Goal ??= areaGoal;
        }
        if (groupCell.Length > 0)
        {
            EnterGroup(groupCell, row, s, file);
            if (groupGoal is not null && s.Group is not null) s.Group.Goal ??= groupGoal;
        }

        // Text extracted from PDFs loses numbers and splits rows: rows of text without a number wait
        // here until the next numbered row shows which numbers are missing.
        if (s.Orphans.Count > 0 && int.TryParse(noCell, out var arriving) && s.ExtraKind is null)
        {
            var gap = arriving - s.LastNational - 1;
            var k = s.Orphans.Count;
            if (text.Length == 0 && (gap == k - 1 || (k == 1 && gap != 1)))
            {
                var last = s.Orphans[^1];
                s.Orphans.RemoveAt(k - 1);
                text = last.Values.Text;
                v = v.FillFrom(last.Values);
                file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"第{noCell}项指标的内容在上一行（{last.Location}），已合并").About($"indicator:{noCell}"));
                k--;
            }
            if (k > 0 && gap == k)
            {
                foreach (var o in s.Orphans)
                {
                    var inferred = (++s.LastNational).ToString();
                    var node = NewNode("indicator", inferred, o.Values.Text);
                    FillNode(node, o.Values, null, false);
                    AddUnder(o.Parent, node, file);
                    file.Diagnostics.Add(Diagnostic.Warning(o.Location, $"该行没有序号，按前后编号推定为第{inferred}项指标").About($"indicator:{inferred}"));
                }
                s.Orphans.Clear();
            }
        }
        if (noCell.Length > 0) FlushOrphans(s, file);
        // A row with neither number nor text continues the indicator above (its cells were merged downwards,
        // pasted as empty cells) when it has materials or units of its own.
        if (noCell.Length == 0 && text.Length == 0 && (s.Indicator is null || (v.Materials + v.Lead + v.LeadSection + v.Responsible).Length == 0)) return;

        var leadCell = v.Lead;
        var (leadUnits, contacts) = CellParsers.ParseUnitsWithContacts(leadCell);
        var rowLead = leadUnits.FirstOrDefault();
        // A row whose other cells are merged into "本项县区不涉及": the indicator does not apply, and that text is
        // the reason, not a method, material, unit or explanation.
        string? reason = null;
        foreach (var cell in new[] { v.Methods, v.Materials, v.Lead, v.LeadSection, v.Responsible, v.Explanation })
            if (NotApplicableRegex().IsMatch(Squash(cell))) { reason = CellParsers.JoinLines(cell); break; }
        if (reason is not null) v = v with { Methods = "", Materials = "", Lead = "", LeadSection = "", Responsible = "", Explanation = "" };
        var notApplicable = reason is not null || Regex.IsMatch(Squash(text + v.Materials), "^(本项)?(县区|县（市、区）|本级)?不涉及");

        NodeDto? target;
        var continuation = false;
        if (s.ExtraKind is not null && noCell.Length > 0 && int.TryParse(noCell, out var extraNo))
        {
            if (extraNo == 1 && s.Indicator?.Kind == s.ExtraKind && s.Indicator.Code != "1" && s.ExtraKind != "deduction")
            {
                s.ExtraKind = s.ExtraKind == "bonus" ? "veto" : "deduction";
                file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"附加项编号重新开始，按{(s.ExtraKind == "veto" ? "否决项" : "减分项")}处理"));
            }
            target = NewNode(s.ExtraKind, noCell, text);
            AddUnder(s.Group ?? s.Area, target, file);
            s.Indicator = target;
        }
        else if (int.TryParse(noCell, out var number) && number == 1 && s.LastNational > 1 && s.ExtraKind is null)
        {
            // Numbering starts again after the last indicator: the 附加项 whose heading was lost.
            s.ExtraKind = "bonus";
            file.Diagnostics.Add(Diagnostic.Warning(row.Location, "指标编号从1重新开始，按附加项（加分项）处理"));
            target = NewNode(s.ExtraKind, noCell, text);
            file.Nodes.Add(target);
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
                if (s.LastNational > 0 && int.Parse(noCell) != s.LastNational + 1)
                    file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"指标编号不连续：第{s.LastNational}项之后是第{noCell}项"));
                s.LastNational = int.Parse(noCell);
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
                file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"第{parentIndicator.Code}项指标的子项编号不连续：{last.Code}之后是{target.Code}").About($"item:{parentIndicator.Code}/{target.Code}"));
            parentIndicator.Children.Add(target);
            file.Diagnostics.Add(Diagnostic.Info(row.Location, $"识别为第{parentIndicator.Code}项指标的子项{target.Code}"));
        }
        else if (noCell.Length == 0 && s.Indicator is not null && (text.Length == 0 || Squash(text) == Squash(s.Indicator.Text)))
        {
            target = s.Indicator;
            continuation = true;
        }
        else if (noCell.Length == 0)
        {
            s.Orphans.Add(new Orphan(row.Location, v with { Text = text }, s.Group ?? s.Area));
            return;
        }
        else
        {
            file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"无法识别的序号“{noCell}”，已跳过：{Short(text)}").Dropping(text));
            return;
        }

        if (target.Kind != "item" && text.Length == 0 && !continuation)
            file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"第{target.Code}项指标没有指标内容").About($"{target.Kind}:{target.Code}"));

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

        FillNode(target, v, continuation ? rowLead : null, notApplicable);
        if (reason is not null) target.NotApplicableReason ??= reason;
    }

    [GeneratedRegex(@"^(本项|该项|此项)?(县区|县（市、区）|县\(市、区\)|本级|本单位|本部门)?(均)?(不涉及|不适用|无此项)(此项|本项|该项)?[。.；;]?$")]
    private static partial Regex NotApplicableRegex();

    [GeneratedRegex(@"(?:^|\n)\s*(?:目标要求|工作目标|目标任务)\s*[：:]\s*")]
    private static partial Regex GoalRegex();

    /// <summary>"一、…\n目标要求：…" is a heading and its goal.</summary>
    private static (string Heading, string? Goal) SplitGoal(string cell)
    {
        var m = GoalRegex().Match(cell);
        if (!m.Success) return (cell, null);
        var goal = CellParsers.Clean(cell[(m.Index + m.Length)..]);
        return (cell[..m.Index].Trim(), goal.Length > 0 ? goal : null);
    }

    /// <summary>Adds a row's methods, materials, units, contacts and explanation to a node.</summary>
    private static void FillNode(NodeDto target, RowValues v, string? materialUnit, bool notApplicable)
    {
        foreach (var m in EvaluationMethods.Parse(v.Methods))
            if (!target.Methods.Contains(m)) target.Methods.Add(m);
        var materials = CellParsers.ParseMaterials(v.Materials, materialUnit);
        if (notApplicable && materials.Count == 1 && Regex.IsMatch(Squash(materials[0].Text), "不涉及")) materials.Clear();
        target.Materials.AddRange(materials);
        var (leadUnits, contacts) = CellParsers.ParseUnitsWithContacts(v.Lead);
        foreach (var u in leadUnits) if (!target.LeadUnits.Contains(u)) target.LeadUnits.Add(u);
        target.Contacts.AddRange(contacts.Where(c => !target.Contacts.Any(x => x.Unit == c.Unit)));
        foreach (var u in CellParsers.SplitNames(v.LeadSection))
            if (!target.LeadSections.Contains(u)) target.LeadSections.Add(u);
        foreach (var u in CellParsers.SplitNames(v.Responsible))
            if (!target.ResponsibleUnits.Contains(u)) target.ResponsibleUnits.Add(u);
        if (v.Explanation.Length > 0) target.Explanation = target.Explanation is null ? v.Explanation : target.Explanation + "\n" + v.Explanation;
        if (notApplicable) target.NotApplicable = true;
        // "2分", "2.5", "（3分）": the indicator's 分值, used as its weight among its siblings.
        if (target.Weight is null && Regex.Match(v.Points, @"\d+(?:\.\d+)?") is { Success: true } pm
            && decimal.TryParse(pm.Value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var points) && points <= 1000)
            target.Weight = points;
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
        if (s.Area is not null && code.Length > 0 && s.Area.Code == code)
        {
            file.Diagnostics.Add(Diagnostic.Info(row.Location, $"一级指标{code}的名称前后不一致（“{s.Area.Title}”与“{title}”），按前者处理"));
            return;
        }
        if (code.Length > 0 && file.Nodes.FirstOrDefault(n => n.Kind == "area" && n.Code == code) is { } earlier)
        {
            s.Area = earlier;
            s.Group = earlier.Children.LastOrDefault(c => c.Kind == "group");
            return;
        }
        if (!m.Success) file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"一级指标“{Short(cell)}”没有编号"));
        s.Area = new NodeDto { Kind = "area", Code = code, Title = title, Text = title };
        s.Heading = s.Area;
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
        var parentList = s.Area?.Children ?? file.Nodes;
        if (code.Length > 0 && parentList.FirstOrDefault(n => n.Kind == "group" && n.Code == code) is { } sameGroup)
        {
            if (Squash(sameGroup.Title) != Squash(title))
                file.Diagnostics.Add(Diagnostic.Info(row.Location, $"二级指标{code}的名称前后不一致（“{sameGroup.Title}”与“{title}”），按前者处理"));
            s.Group = sameGroup;
            return;
        }
        if (s.Area is null && s.ExtraKind is null)
            file.Diagnostics.Add(Diagnostic.Warning(row.Location, $"二级指标“{Short(cell)}”之前没有一级指标"));
        s.Group = new NodeDto { Kind = "group", Code = code, Title = title, Text = title };
        s.Heading = s.Group;
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
