namespace Shifan.Core.Frameworks;

/// <summary>
/// Which node and material requirement of a new framework version continues which of the old one,
/// so that work attached to the old version (evidence, its links, assignments and their deadlines)
/// moves with it. Nodes match by content, never by number alone: first the same kind, title and
/// text (renumbered or moved); then, level by level, a similar text (Dice coefficient over character
/// pairs) under the same number, under a parent that continues, or anywhere — the more the number
/// and the parent agree, the less similar the text must be (<see cref="Threshold"/>). An unrelated
/// framework whose numbers happen to coincide matches nothing. A requirement of a matched node
/// matches by its text, then by its number when the texts are still similar. What matches nothing
/// is left for the office to re-link.
/// </summary>
public sealed class FrameworkCarryOver
{
    private FrameworkCarryOver(List<NodeMatch> matches, Dictionary<MaterialRequirement, MaterialRequirement> materials)
    {
        Matches = matches;
        byOld = matches.ToDictionary(m => m.Old);
        Nodes = matches.ToDictionary(m => m.Old, m => m.New);
        Materials = materials;
    }

    private readonly Dictionary<FrameworkNode, NodeMatch> byOld;

    /// <summary>Every matched node with the basis of the match, in the old version's order.</summary>
    public IReadOnlyList<NodeMatch> Matches { get; }

    /// <summary>Old node → its continuation in the new version.</summary>
    public IReadOnlyDictionary<FrameworkNode, FrameworkNode> Nodes { get; }

    /// <summary>Old requirement → its continuation in the new version.</summary>
    public IReadOnlyDictionary<MaterialRequirement, MaterialRequirement> Materials { get; }

    public FrameworkNode? NodeFor(FrameworkNode old) => Nodes.GetValueOrDefault(old);

    public NodeMatch? MatchFor(FrameworkNode old) => byOld.GetValueOrDefault(old);

    public MaterialRequirement? MaterialFor(MaterialRequirement old) => Materials.GetValueOrDefault(old);

    /// <summary>
    /// How similar two texts must be for a match: the same number and a continuing parent make the
    /// least demand; a text found elsewhere must be nearly the same. Unrelated indicators of the same
    /// field share up to about half their character pairs, hence nothing below 0.55.
    /// </summary>
    public static double Threshold(bool sameCode, bool sameParent) => (sameCode, sameParent) switch
    {
        (true, true) => 0.55,
        (true, false) => 0.65,
        (false, true) => 0.7,
        _ => 0.8,
    };

    public static FrameworkCarryOver Map(Framework before, Framework after)
    {
        var matches = new Dictionary<FrameworkNode, NodeMatch>();
        var taken = new HashSet<FrameworkNode>();
        var oldNodes = before.InOrder().ToList();
        var newNodes = after.InOrder().ToList();

        // 1. Same content, wherever it now stands and whatever its number: only where the content is unique on both sides.
        var newByContent = newNodes.GroupBy(ContentOf).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
        foreach (var group in oldNodes.GroupBy(ContentOf).Where(g => g.Count() == 1))
        {
            if (newByContent.TryGetValue(group.Key, out var match))
            {
                matches[group.Single()] = new NodeMatch(group.Single(), match, MatchBasis.SameContent, 1);
                taken.Add(match);
            }
        }

        // 2. Similar text, parents before children so that a continuing parent can count: the best pairs first.
        var pairs = new Dictionary<FrameworkNode, Dictionary<string, int>>();
        foreach (var n in oldNodes.Concat(newNodes)) pairs[n] = PairsOf(ContentText(n));
        foreach (var level in oldNodes.Where(n => !matches.ContainsKey(n)).GroupBy(n => n.Ancestors().Count()).OrderBy(g => g.Key))
        {
            var candidates = new List<(FrameworkNode Old, FrameworkNode New, double Similarity, double Score, bool SameCode)>();
            foreach (var old in level)
            {
                var parent = old.Parent is null ? null : matches.GetValueOrDefault(old.Parent)?.New;
                foreach (var next in newNodes.Where(n => n.Kind == old.Kind && !taken.Contains(n)))
                {
                    var sameCode = Normalize(old.Code) == Normalize(next.Code);
                    var sameParent = old.Parent is null ? next.Parent is null : next.Parent is not null && next.Parent == parent;
                    var similarity = Dice(pairs[old], pairs[next]);
                    if (similarity < Threshold(sameCode, sameParent)) continue;
                    candidates.Add((old, next, similarity, similarity + (sameCode ? 0.05 : 0) + (sameParent ? 0.05 : 0), sameCode));
                }
            }
            foreach (var c in candidates.OrderByDescending(c => c.Score))
            {
                if (matches.ContainsKey(c.Old) || taken.Contains(c.New)) continue;
                matches[c.Old] = new NodeMatch(c.Old, c.New, c.SameCode ? MatchBasis.SameCodeSimilarText : MatchBasis.SimilarText, Math.Round(c.Similarity, 2));
                taken.Add(c.New);
            }
        }
        var ordered = oldNodes.Where(matches.ContainsKey).Select(n => matches[n]).ToList();
        var nodes = ordered.ToDictionary(m => m.Old, m => m.New);

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
        return new FrameworkCarryOver(ordered, materials);
    }

    /// <summary>Dice coefficient over character pairs: 1 for the same text, near 0 for unrelated ones.</summary>
    public static double Similarity(string a, string b) => Dice(PairsOf(a), PairsOf(b));

    private static Dictionary<string, int> PairsOf(string s)
    {
        var t = Normalize(s);
        var pairs = new Dictionary<string, int>();
        for (var i = 0; i + 1 < t.Length; i++)
        {
            var p = t.Substring(i, 2);
            pairs[p] = pairs.GetValueOrDefault(p) + 1;
        }
        return pairs;
    }

    private static double Dice(Dictionary<string, int> x, Dictionary<string, int> y)
    {
        var total = x.Values.Sum() + y.Values.Sum();
        if (total == 0) return 1;
        var shared = 0;
        foreach (var (p, n) in x)
            if (y.TryGetValue(p, out var m)) shared += Math.Min(n, m);
        return 2.0 * shared / total;
    }

    /// <summary>What a node says: its text, or its title where it has none (areas, groups).</summary>
    private static string ContentText(FrameworkNode n) => string.IsNullOrWhiteSpace(n.Text) ? n.Title : n.Text;

    private static string ContentOf(FrameworkNode n) => $"{n.Kind}|{Normalize(n.Title)}|{Normalize(n.Text)}";

    private static string Normalize(string? s) => s is null ? "" : new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
