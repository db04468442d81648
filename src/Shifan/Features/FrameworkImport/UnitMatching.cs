using Shifan.Core.Units;

namespace Shifan.Features.FrameworkImport;

public enum MatchKind { Exact, Ambiguous, New, Collective }

/// <summary>How a unit name in a document relates to the campaign's units.</summary>
public sealed record UnitMatch(string Name, MatchKind Kind, int? UnitId, IReadOnlyList<Unit> Candidates);

public static class UnitMatching
{
    /// <summary>Names that mean "all units" rather than one unit.</summary>
    public static bool IsCollective(string name) =>
        name is "各科室" or "各单位" or "局机关科室" or "局属各科室" or "各责任科室" || name.StartsWith("局属各科室");

    /// <summary>Names that point at no unit in particular ("相关责任科室"): nothing to assign.</summary>
    public static bool IsVague(string name) =>
        name.StartsWith("相关") || name.StartsWith("有关") || name.StartsWith("各有关") || name.StartsWith("各县") || name.StartsWith("各乡") || name.EndsWith("等");

    /// <summary>
    /// Exact name: that unit. Otherwise units whose name contains the other or shares most of its
    /// characters and its last one (校外监管科 ~ 校外培训监管科): the user chooses. Otherwise a new unit.
    /// </summary>
    public static UnitMatch Match(string name, IReadOnlyList<Unit> units)
    {
        if (IsCollective(name) || IsVague(name)) return new UnitMatch(name, MatchKind.Collective, null, []);
        var exact = units.FirstOrDefault(u => u.Name == name);
        if (exact is not null) return new UnitMatch(name, MatchKind.Exact, exact.Id, []);
        var candidates = units.Where(u => Similar(u.Name, name)).ToList();
        return candidates.Count > 0
            ? new UnitMatch(name, MatchKind.Ambiguous, null, candidates)
            : new UnitMatch(name, MatchKind.New, null, []);
    }

    public static bool Similar(string a, string b)
    {
        if (a.Length < 2 || b.Length < 2) return false;
        if (a.Contains(b) || b.Contains(a)) return true;
        if (a[^1] != b[^1]) return false;
        var shared = a.Intersect(b).Count();
        return shared >= Math.Min(a.Distinct().Count(), b.Distinct().Count()) * 0.75;
    }
}
