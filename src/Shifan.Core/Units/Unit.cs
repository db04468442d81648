namespace Shifan.Core.Units;

public enum UnitKind { Office, Section, OutsideBody }

/// <summary>A 单位 or 科室 in a campaign's unit tree.</summary>
public sealed class Unit
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int? ParentId { get; set; }
    /// <summary>The standing organisation this campaign unit stands for (one 司法局 serves in several campaigns); null when not linked.</summary>
    public int? OrganisationId { get; set; }
    public required string Name { get; set; }
    public UnitKind Kind { get; set; }
    public int SortOrder { get; set; }
    public List<LiaisonContact> Contacts { get; set; } = [];

    public static string KindName(UnitKind kind) => kind switch
    {
        UnitKind.Office => "创建办公室",
        UnitKind.Section => "内设科室",
        _ => "外部单位",
    };

    /// <summary>True when moving <paramref name="unitId"/> under <paramref name="newParentId"/> would make a cycle.</summary>
    public static bool WouldCreateCycle(IReadOnlyCollection<Unit> units, int unitId, int? newParentId) =>
        Trees.WouldCreateCycle(units, u => u.Id, u => u.ParentId, unitId, newParentId);

    /// <summary>The ids of the unit and every unit below it.</summary>
    public static HashSet<int> Subtree(IReadOnlyCollection<Unit> units, int rootId) => Trees.Subtree(units, u => u.Id, u => u.ParentId, rootId);
}

/// <summary>A 联络人 of a unit.</summary>
public sealed class LiaisonContact
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public required string Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public bool IsPrimary { get; set; }
}
