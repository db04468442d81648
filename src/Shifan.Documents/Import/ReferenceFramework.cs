using System.Globalization;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>
/// Restores the 一级/二级 levels of a work plan that lists only numbered indicators, by matching each to the
/// reference indicator system shipped with the project (市县法治政府建设示范指标体系, as the demo campaign
/// uses it) on the similarity of their texts. Every placement is reported with how sure it is.
/// </summary>
public static class ReferenceFramework
{
    /// <summary>Below this similarity (Dice coefficient of character pairs) a text is not taken as a match.</summary>
    public const double MinSimilarity = 0.3;
    private const double SureSimilarity = 0.6;

    private sealed record Entry(NodeDto Indicator, NodeDto Area, NodeDto? Group, HashSet<string> Pairs);

    private static readonly Lazy<List<Entry>> Reference = new(Load);

    private static List<Entry> Load()
    {
        using var stream = typeof(ReferenceFramework).Assembly.GetManifestResourceStream("reference-framework.json")
            ?? throw new InvalidOperationException("reference-framework.json is not embedded");
        var file = FrameworkJson.Read(stream);
        var entries = new List<Entry>();
        foreach (var area in file.Nodes.Where(n => n.Kind == "area"))
            foreach (var child in area.Children)
            {
                if (child.Kind == "group")
                    foreach (var i in child.Children.Where(c => c.Kind == "indicator")) entries.Add(new Entry(i, area, child, Pairs(i.Text)));
                else if (child.Kind == "indicator") entries.Add(new Entry(child, area, null, Pairs(child.Text)));
            }
        return entries;
    }

    private static HashSet<string> Pairs(string text)
    {
        var letters = new string(text.Where(char.IsLetterOrDigit).ToArray());
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < letters.Length; i++) pairs.Add(letters.Substring(i, 2));
        return pairs;
    }

    public static double Similarity(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 0 : 2.0 * a.Count(b.Contains) / (a.Count + b.Count);

    /// <summary>
    /// When <paramref name="file"/> has numbered indicators at its top level and no areas, places them under
    /// the reference system's areas and groups. Does nothing unless at least ten indicators and half of them match.
    /// </summary>
    public static void Restore(FrameworkFile file)
    {
        if (file.Nodes.Any(n => n.Kind is "area" or "group")) return;
        var indicators = file.Nodes.Where(n => n.Kind == "indicator").ToList();
        if (indicators.Count < 10) return;
        var reference = Reference.Value;
        var best = indicators.Select(i =>
        {
            var pairs = Pairs(i.Text);
            return reference.Select(r => (Entry: r, Score: Similarity(pairs, r.Pairs))).MaxBy(x => x.Score);
        }).ToList();
        var matched = best.Count(b => b.Score >= MinSimilarity);
        if (matched * 2 < indicators.Count)
        {
            file.Diagnostics.Add(Diagnostic.Info("文件", $"文件只列出编号指标，与参考指标体系对应上的只有{matched}项（共{indicators.Count}项），未恢复一级、二级指标"));
            return;
        }

        // A plan follows the reference system's order: of the matches, keep the longest run in that order; a
        // match out of order is doubtful and placed like an indicator that matches nothing, with the matched
        // indicator before it (or after, at the start).
        var position = best.Select(b => reference.IndexOf(b.Entry)).ToList();
        var candidates = Enumerable.Range(0, indicators.Count).Where(k => best[k].Score >= MinSimilarity).ToList();
        var length = new int[candidates.Count];
        var previous = new int[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            (length[i], previous[i]) = (1, -1);
            for (var j = 0; j < i; j++)
                if (position[candidates[j]] <= position[candidates[i]] && length[j] + 1 > length[i]) (length[i], previous[i]) = (length[j] + 1, j);
        }
        var inOrder = new HashSet<int>();
        for (var i = candidates.Count == 0 ? -1 : Array.IndexOf(length, length.Max()); i >= 0; i = previous[i]) inOrder.Add(candidates[i]);
        var place = new (Entry Entry, string How)[indicators.Count];
        for (var k = 0; k < indicators.Count; k++)
        {
            if (inOrder.Contains(k))
            {
                var pct = (best[k].Score * 100).ToString("0", CultureInfo.InvariantCulture);
                place[k] = (best[k].Entry, $"{(best[k].Score >= SureSimilarity ? "较确定" : "不太确定")}，内容相似度{pct}%");
            }
        }
        for (var k = 0; k < indicators.Count; k++)
        {
            if (place[k].Entry is not null) continue;
            var before = Enumerable.Range(0, k).Reverse().FirstOrDefault(inOrder.Contains, -1);
            var after = Enumerable.Range(k + 1, indicators.Count - k - 1).FirstOrDefault(inOrder.Contains, -1);
            var from = before >= 0 ? before : after;
            var why = best[k].Score >= MinSimilarity ? $"与参考指标第{best[k].Entry.Indicator.Code}项相近但顺序不符" : "没有内容相近的参考指标";
            place[k] = (best[from].Entry, $"{why}，按前后指标推定，请核对");
        }

        var areas = new Dictionary<NodeDto, NodeDto>(ReferenceEqualityComparer.Instance);
        var groups = new Dictionary<NodeDto, NodeDto>(ReferenceEqualityComparer.Instance);
        var reordered = new List<NodeDto>();
        for (var k = 0; k < indicators.Count; k++)
        {
            var (entry, how) = place[k];
            if (!areas.TryGetValue(entry.Area, out var area))
                areas[entry.Area] = area = new NodeDto { Kind = "area", Code = entry.Area.Code, Title = entry.Area.Title, Text = entry.Area.Text };
            var parent = area;
            if (entry.Group is not null)
            {
                if (!groups.TryGetValue(entry.Group, out var group))
                {
                    groups[entry.Group] = group = new NodeDto { Kind = "group", Code = entry.Group.Code, Title = entry.Group.Title, Text = entry.Group.Text };
                    area.Children.Add(group);
                }
                parent = group;
            }
            parent.Children.Add(indicators[k]);
            var where = $"{entry.Area.Code}、{entry.Area.Title}" + (entry.Group is null ? "" : $" / {entry.Group.Code}.{entry.Group.Title}");
            file.Diagnostics.Add(Diagnostic.Info($"第{indicators[k].Code}项指标",
                $"对应参考指标体系第{entry.Indicator.Code}项（{where}），{how}"));
        }
        // Areas in the reference system's order; the indicators' own order inside each.
        var order = Reference.Value.Select(e => e.Area).Distinct().ToList();
        reordered.AddRange(areas.OrderBy(a => order.IndexOf(a.Key)).Select(a => a.Value));
        var extras = file.Nodes.Where(n => n.Kind != "indicator").ToList();
        file.Nodes = [.. reordered, .. extras];
        file.Diagnostics.Add(Diagnostic.Info("文件", $"文件只列出编号指标：按参考指标体系恢复一级、二级指标，{inOrder.Count}项内容相近，{indicators.Count - inOrder.Count}项按前后指标推定"));
    }
}
