namespace Shifan.Core.Organisations;

public enum OrganisationKind { Province, City, County, Department, Township, OutsideBody, Section }

/// <summary>
/// A body in the standing organisation tree (省 → 市 → 县/区 → 部门/乡镇, and outside bodies such as 法院, 纪委监委).
/// It outlives any one campaign: a campaign is run by an organisation, a campaign's units stand for organisations
/// (so one 司法局 serves in several campaigns), and a user placed on an organisation sees the campaigns of its subtree.
/// </summary>
public sealed class Organisation
{
    public int Id { get; set; }
    public int? ParentId { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    public int SortOrder { get; set; }

    public const int MaxNameLength = 100;

    public static string KindName(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Province => "省",
        OrganisationKind.City => "市",
        OrganisationKind.County => "县（市、区）",
        OrganisationKind.Department => "部门",
        OrganisationKind.Township => "乡镇（街道）",
        OrganisationKind.Section => "内设机构",
        _ => "其他机关",
    };

    /// <summary>Checks a name and kind; returns the refusal or null.</summary>
    public static Refusal? Validate(string? name, OrganisationKind kind)
    {
        if (string.IsNullOrWhiteSpace(name)) return new Refusal("请填写组织名称", "name");
        if (name.Trim().Length > MaxNameLength) return new Refusal($"组织名称不能超过{MaxNameLength}个字", "name");
        if (!Enum.IsDefined(kind)) return new Refusal("组织类别不正确", "kind");
        return null;
    }

    /// <summary>True when placing <paramref name="id"/> under <paramref name="newParentId"/> would make a cycle.</summary>
    public static bool WouldCreateCycle(IReadOnlyCollection<Organisation> all, int id, int? newParentId) =>
        Trees.WouldCreateCycle(all, o => o.Id, o => o.ParentId, id, newParentId);

    /// <summary>The ids of the organisation and every organisation below it.</summary>
    public static HashSet<int> Subtree(IReadOnlyCollection<Organisation> all, int rootId) => Trees.Subtree(all, o => o.Id, o => o.ParentId, rootId);

    /// <summary>"河南省 / 平顶山市 / 鲁山县": the path from the root, for lists and selects.</summary>
    public static string PathOf(IReadOnlyDictionary<int, Organisation> byId, int id)
    {
        var names = new List<string>();
        var seen = new HashSet<int>();
        for (int? p = id; p is int pid && byId.TryGetValue(pid, out var o) && seen.Add(pid); p = o.ParentId) names.Add(o.Name);
        names.Reverse();
        return string.Join(" / ", names);
    }
}
