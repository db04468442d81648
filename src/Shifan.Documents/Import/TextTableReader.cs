using System.Text.RegularExpressions;

namespace Shifan.Documents.Import;

/// <summary>
/// Reads tables out of plain text: text pasted from Word (each cell starts a line with a tab,
/// paragraphs inside a cell separated by blank lines) and text extracted from PDFs (one row per
/// line, cells separated by tabs, stray markup).
/// </summary>
public static partial class TextTableReader
{
    [GeneratedRegex("<[^<>]{1,20}>")]
    private static partial Regex MarkupRegex();

    public static string StripMarkup(string s) => MarkupRegex().Replace(s, " ").Replace("&nbsp;", " ");

    public static List<TableGrid> Read(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var inner = lines.Count(l => l.TrimStart('\t').Contains('\t'));
        var leading = lines.Count(l => l.StartsWith('\t') && !l.TrimStart('\t').Contains('\t'));
        return inner > leading ? ReadTabSeparated(lines) : ReadPasted(lines);
    }

    /// <summary>One row per line, cells separated by tabs.</summary>
    private static List<TableGrid> ReadTabSeparated(string[] lines)
    {
        var grid = new TableGrid { Location = "文本" };
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripMarkup(lines[i]);
            if (!line.Contains('\t')) continue;
            var cells = line.Split('\t').Select(c => Regex.Replace(c, @"\s{2,}", " ").Trim()).ToList();
            while (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
            if (cells.Count > 0) grid.Rows.Add(new GridRow($"第{i + 1}行", cells));
        }
        return [grid];
    }

    private sealed record Cell(int Line, string Text);

    /// <summary>
    /// Word's paste: every cell starts a line with a tab and continues on the following lines; a
    /// row ends with a cell followed by exactly one blank line. Rows cut in two by a stray blank line
    /// are joined again when together they make one full row.
    /// </summary>
    private static List<TableGrid> ReadPasted(string[] lines)
    {
        var cells = new List<Cell>();
        Cell? current = null;
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripMarkup(lines[i]);
            if (line.StartsWith('\t'))
            {
                if (current is not null) cells.Add(current with { Text = text.ToString() });
                current = new Cell(i + 1, "");
                text.Clear().Append(line[1..]);
            }
            else if (current is not null)
            {
                // An empty cell does not go on after a blank line: that text is prose after the table.
                if (line.Length > 0 && text.Length > 0 && string.IsNullOrWhiteSpace(text.ToString()))
                {
                    cells.Add(current with { Text = "\n" });
                    current = null;
                    continue;
                }
                text.Append('\n').Append(line);
            }
        }
        if (current is not null) cells.Add(current with { Text = text.ToString() });

        var rows = new List<List<Cell>>();
        var row = new List<Cell>();
        foreach (var c in cells)
        {
            row.Add(c);
            if (c.Text.EndsWith('\n') && !c.Text.EndsWith("\n\n")) { rows.Add(row); row = []; }
        }
        if (row.Count > 0) rows.Add(row);

        var width = rows.FirstOrDefault(r => r.Count >= 3)?.Count ?? 0;
        var merged = new List<List<Cell>>();
        for (var k = 0; k < rows.Count; k++)
        {
            var r = rows[k];
            while (r.Count < width && k + 1 < rows.Count && r.Count + rows[k + 1].Count <= width + 1 && !Complete(r, rows[k + 1]))
                r = [.. r, .. rows[++k]];
            merged.Add(r);
        }

        var grid = new TableGrid { Location = "文本" };
        foreach (var r in merged)
            grid.Rows.Add(new GridRow($"第{r[0].Line}行", r.Select(c => CellParsers.Clean(c.Text)).ToList()));
        return [grid];
    }

    [GeneratedRegex(@"^(本项|该项|此项)?(县区|县（市、区）|本级|本单位|本部门)?(均)?(不涉及|不适用|无此项)")]
    private static partial Regex NotApplicableRegex();

    /// <summary>
    /// A short row that stands on its own rather than half a row cut by a stray blank line: a full-width heading
    /// (one cell: 一、…, 目标要求：…), a row ending in a merged "本项县区不涉及", or a numbered row followed by another.
    /// </summary>
    private static bool Complete(List<Cell> row, List<Cell> next)
    {
        static string Text(Cell c) => Regex.Replace(c.Text, @"\s+", "");
        if (row.Count == 1 && Text(row[0]).Length > 0) return true;
        if (NotApplicableRegex().IsMatch(Text(row[^1]))) return true;
        return Regex.IsMatch(Text(row[0]), @"^\d{1,3}$") && Regex.IsMatch(Text(next[0]), @"^\d{1,3}$");
    }
}
