namespace Shifan.Core.Frameworks;

/// <summary>
/// Which node and material requirement of a new framework version continues which of the old one,
/// so that work attached to the old version (evidence, its links, assignments and their deadlines)
/// moves with it. A node matches first by its content (same kind, title and text: renumbered or
/// moved), then by its identity key (same code: text edited in place). A requirement of a matched
/// node matches by its text, then by its number. What matches nothing is left for the office to re-link.
/// </summary>
public sealed class FrameworkCarryOver
{
    private FrameworkCarryOver(Dictionary<FrameworkNode, FrameworkNode> nodes, Dictionary<MaterialRequirement, MaterialRequirement> materials)
    {
        Nodes = nodes;
        Materials = materials;
    }

    /// <summary>Old node → its continuation in the new version.</summary>
    public IReadOnlyDictionary<FrameworkNode, FrameworkNode> Nodes { get; }

    /// <summary>Old requirement → its continuation in the new version.</summary>
    public IReadOnlyDictionary<MaterialRequirement, MaterialRequirement> Materials { get; }

    public FrameworkNode? NodeFor(FrameworkNode old) => Nodes.GetValueOrDefault(old);

    public MaterialRequirement? MaterialFor(MaterialRequirement old) => Materials.GetValueOrDefault(old);

    public static FrameworkCarryOver Map(Framework before, Framework after)
    {
        var nodes = new Dictionary<FrameworkNode, FrameworkNode>();
        var taken = new HashSet<FrameworkNode>();
        var oldNodes = before.InOrder().ToList();
        var newNodes = after.InOrder().ToList();

        // 1. Same content, wherever it now stands and whatever its number: only where the content is unique on both sides.
        var newByContent = newNodes.GroupBy(ContentOf).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
        foreach (var group in oldNodes.GroupBy(ContentOf).Where(g => g.Count() == 1))
        {
            if (newByContent.TryGetValue(group.Key, out var match))
            {
                nodes[group.Single()] = match;
                taken.Add(match);
            }
        }

        // 2. Same identity key (kind and code, or area title) among what is left.
        var newByKey = newNodes.Where(n => !taken.Contains(n)).GroupBy(FrameworkDiff.KeyOf).ToDictionary(g => g.Key, g => g.First());
        foreach (var old in oldNodes.Where(n => !nodes.ContainsKey(n)))
        {
            if (newByKey.Remove(FrameworkDiff.KeyOf(old), out var match))
            {
                nodes[old] = match;
                taken.Add(match);
            }
        }

        var materials = new Dictionary<MaterialRequirement, MaterialRequirement>();
        foreach (var (old, next) in nodes)
        {
            var free = next.Materials.OrderBy(m => m.No).ToList();
            var pending = new List<MaterialRequirement>();
            foreach (var m in old.Materials.OrderBy(m => m.No))
            {
                var same = free.FirstOrDefault(f => Normalize(f.Text) == Normalize(m.Text) && f.Unit == m.Unit)
                    ?? free.FirstOrDefault(f => Normalize(f.Text) == Normalize(m.Text));
                if (same is null) { pending.Add(m); continue; }
                materials[m] = same;
                free.Remove(same);
            }
            foreach (var m in pending)
            {
                // Same number and mostly the same words: the requirement was edited, not replaced.
                var byNo = free.FirstOrDefault(f => f.No == m.No && Similarity(f.Text, m.Text) >= 0.5);
                if (byNo is null) continue;
                materials[m] = byNo;
                free.Remove(byNo);
            }
        }
        return new FrameworkCarryOver(nodes, materials);
    }

    /// <summary>Dice coefficient over character pairs: 1 for the same text, near 0 for unrelated ones.</summary>
    public static double Similarity(string a, string b)
    {
        static List<string> Pairs(string s)
        {
            var t = Normalize(s);
            var pairs = new List<string>();
            for (var i = 0; i + 1 < t.Length; i++) pairs.Add(t.Substring(i, 2));
            return pairs;
        }
        var x = Pairs(a);
        var y = Pairs(b);
        if (x.Count + y.Count == 0) return 1;
        var rest = y.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var shared = 0;
        foreach (var p in x)
        {
            if (rest.TryGetValue(p, out var n) && n > 0) { shared++; rest[p] = n - 1; }
        }
        return 2.0 * shared / (x.Count + y.Count);
    }

    private static string ContentOf(FrameworkNode n) => $"{n.Kind}|{Normalize(n.Title)}|{Normalize(n.Text)}";

    private static string Normalize(string? s) => s is null ? "" : new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
