using System.Text;
using System.Text.RegularExpressions;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>
/// Measures how deep a PDF's page tree nests before PdfPig walks it (PdfPig's own depth guard does not
/// cover the page tree, and a stack overflow cannot be caught). Reads the objects stored plainly in the
/// file; a tree hidden in compressed object streams is left to the worker process's crash handling.
/// </summary>
public static partial class PdfPageTree
{
    [GeneratedRegex(@"(\d+)\s+\d+\s+obj\b")]
    private static partial Regex ObjectHeader();

    [GeneratedRegex(@"/Kids\s*\[([^\]]*)\]")]
    private static partial Regex Kids();

    [GeneratedRegex(@"(\d+)\s+\d+\s+R\b")]
    private static partial Regex Reference();

    /// <summary>Throws <see cref="DocumentReadException"/> when the /Kids chain nests more than <paramref name="maxDepth"/> levels or loops.</summary>
    public static void CheckDepth(byte[] pdf, int maxDepth)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var children = new Dictionary<int, List<int>>();
        var headers = ObjectHeader().Matches(text);
        for (var i = 0; i < headers.Count; i++)
        {
            var start = headers[i].Index + headers[i].Length;
            var end = i + 1 < headers.Count ? headers[i + 1].Index : text.Length;
            var kids = Kids().Match(text, start, end - start);
            if (!kids.Success || !int.TryParse(headers[i].Groups[1].ValueSpan, out var number)) continue;
            var list = new List<int>();
            foreach (Match r in Reference().Matches(kids.Groups[1].Value))
                if (int.TryParse(r.Groups[1].ValueSpan, out var kid)) list.Add(kid);
            children[number] = list;
        }
        if (Depth(children, maxDepth) is { } too)
            throw new DocumentReadException(too < 0 ? "PDF文件的页面树存在循环引用，已拒绝读取" : $"PDF文件的页面树嵌套超过 {maxDepth} 层的上限，已拒绝读取");
    }

    /// <summary>Null when every chain is within the limit; -1 for a loop; otherwise a depth over the limit. Iterative, so no stack to overflow here.</summary>
    private static int? Depth(Dictionary<int, List<int>> children, int maxDepth)
    {
        var levels = new Dictionary<int, int>();
        var onPath = new HashSet<int>();
        foreach (var root in children.Keys)
        {
            if (levels.ContainsKey(root)) continue;
            var stack = new Stack<(int Node, int Next)>();
            stack.Push((root, 0));
            onPath.Add(root);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var kids = children[node];
                if (next < kids.Count)
                {
                    stack.Push((node, next + 1));
                    var kid = kids[next];
                    if (!children.ContainsKey(kid) || levels.ContainsKey(kid)) continue;
                    if (!onPath.Add(kid)) return -1;
                    if (stack.Count + 1 > maxDepth) return stack.Count + 1;
                    stack.Push((kid, 0));
                    continue;
                }
                onPath.Remove(node);
                var level = 1 + kids.Select(k => levels.GetValueOrDefault(k)).DefaultIfEmpty(0).Max();
                if (level > maxDepth) return level;
                levels[node] = level;
            }
        }
        return null;
    }
}
